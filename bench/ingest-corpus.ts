/**
 * Input-reader conformance against the public log corpus (read-only, never
 * copied into this repository):
 *
 *   node --import tsx bench/ingest-corpus.ts /work/shared/corpus/analyzer
 *
 * Reads every log under `<corpus>/logs` through `openInput` (`.bz2` files are
 * unpacked into a temporary directory first: pgopt reads gzip, not bzip2) and
 * every auto_explain JSON sample under `<corpus>/plans/pganalyze-auto-explain-json`,
 * and every standalone plan under `plans/pev2-psql-frames` and
 * `plans/pg-explain-multiformat` (psql frames, XML, YAML: one plan each),
 * then compares the counts with what the upstream projects assert (see the
 * corpus's SOURCES.md). Files without an expectation must only be read without
 * a crash. Prints one line per file and the pass rate; exits 1 on a failure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { openInput } from '../src/ingest/index.js';
import type { StatementEntry } from '../src/ingest/types.js';

interface Counts {
  readonly format: string;
  readonly entries: number;
  readonly withDuration: number;
  readonly withPlan: number;
  readonly withParams: number;
  readonly skipped: number;
  readonly lines: number;
  readonly statements: readonly StatementEntry[];
}

interface Expectation {
  readonly format?: string;
  readonly withDuration?: number;
  readonly entries?: number;
  readonly check?: (counts: Counts) => string | undefined;
}

/** Keyed by path under logs/ (without .bz2/.gz). Numbers from SOURCES.md (upstream assertions and grep counts). */
const EXPECTED: Readonly<Record<string, Expectation>> = {
  'pgbadger/light.postgres.log': { format: 'stderr', withDuration: 629, entries: 629 },
  'pgbadger/pg-syslog.1': { format: 'syslog', withDuration: 59_871, entries: 59_871 },
  'pgbadger/rds.log': { format: 'rds', withDuration: 114_594, entries: 114_594 },
  'pgbadger/cnpg.log': { format: 'cnpg', withDuration: 400 },
  'pgbadger/cloudsql.log': { format: 'cloudsql', withDuration: 0 },
  'pgbadger/queryid.log': { format: 'stderr', withDuration: 20, entries: 20 },
  'pgbadger/multiline_param.log': {
    format: 'stderr',
    withDuration: 5,
    entries: 5,
    check: (counts) => {
      const params = counts.statements.filter((entry) => entry.params !== undefined).map((entry) => entry.params?.[1]);
      return params.join('|') === 'njchar\nhello|njvarchar\nbye' ? undefined : 'execute parameters with embedded newlines not read';
    },
  },
  'pgbadger/postgresql_param_range.log': {
    format: 'stderr',
    withDuration: 3,
    entries: 3,
    check: (counts) =>
      counts.statements.some((entry) => entry.params?.includes('[2023-02-24T00:00,2023-02-25T00:00]')) ? undefined : 'range parameter not read',
  },
  'pgbadger/csv_statement_without_duration.log': {
    format: 'csvlog',
    withDuration: 1,
    entries: 2,
    check: (counts) => (counts.statements.some((entry) => entry.durationMs === 688_786.283) ? undefined : 'the execute duration is wrong'),
  },
  'pgbadger/pg-timezones.log': { format: 'rds', withDuration: 2, entries: 2 },
  'pgbadger/pg_vacuums.log': { format: 'stderr', entries: 0 },
  'pgbadger/pg_vacuums.json': { format: 'jsonlog', entries: 0 },
  'dexter/queries.log': { format: 'stderr', withDuration: 1, entries: 1, check: paramsAre(['1']) },
  'dexter/queries.csv': { format: 'csvlog', withDuration: 1, entries: 1, check: paramsAre(['1']) },
  'dexter/queries.json': { format: 'jsonlog', withDuration: 1, entries: 1, check: paramsAre(['1']) },
  'dexter/queries.sql': { format: 'sql', withDuration: 0, entries: 1 },
  'pganalyze/cnpg-otel-test-logs.log': { format: 'cnpg', withDuration: 1, entries: 1 },
};

function paramsAre(expected: readonly string[]): (counts: Counts) => string | undefined {
  return (counts) =>
    JSON.stringify(counts.statements[0]?.params) === JSON.stringify(expected) ? undefined : `parameters should be ${JSON.stringify(expected)}`;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

async function count(path: string): Promise<Counts> {
  const input = await openInput(path);
  const statements: StatementEntry[] = [];
  let withDuration = 0;
  let withPlan = 0;
  let withParams = 0;
  for await (const event of input.events()) {
    if (event.type !== 'statement') continue;
    if (statements.length < 1000) statements.push(event);
    if (event.durationMs !== undefined) withDuration++;
    if (event.plan !== undefined) withPlan++;
    if (event.params !== undefined) withParams++;
  }
  const summary = input.summary();
  return {
    format: input.format,
    entries: summary.entries,
    withDuration,
    withPlan,
    withParams,
    skipped: summary.skipped,
    lines: summary.lines,
    statements: statements.sort((a, b) => a.line - b.line),
  };
}

function judge(counts: Counts, expected: Expectation | undefined): string | undefined {
  if (expected === undefined) return undefined;
  if (expected.format !== undefined && counts.format !== expected.format) return `format ${counts.format}, expected ${expected.format}`;
  if (expected.withDuration !== undefined && counts.withDuration !== expected.withDuration) {
    return `${counts.withDuration} entries with a duration, expected ${expected.withDuration}`;
  }
  if (expected.entries !== undefined && counts.entries !== expected.entries) return `${counts.entries} entries, expected ${expected.entries}`;
  return expected.check?.(counts);
}

async function main(): Promise<void> {
  const corpus = process.argv[2];
  if (corpus === undefined || !existsSync(join(corpus, 'logs'))) {
    process.stderr.write('usage: node --import tsx bench/ingest-corpus.ts <corpus dir with logs/ (…/shared/corpus/analyzer)>\n');
    process.exitCode = 2;
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'pgopt-ingest-corpus-'));
  let passed = 0;
  let failed = 0;
  const line = (status: string, name: string, detail: string): void => {
    process.stdout.write(`${status.padEnd(4)} ${name.padEnd(48)} ${detail}\n`);
  };
  try {
    const logs = join(corpus, 'logs');
    for (const file of listFiles(logs)) {
      const name = relative(logs, file);
      if (name.endsWith('.out')) continue;
      let path = file;
      if (file.endsWith('.bz2')) {
        path = join(scratch, basename(file, '.bz2'));
        writeFileSync(path, execFileSync('bzip2', ['-dc', file], { maxBuffer: 256 * 1024 * 1024 }));
      }
      const key = name.replace(/\.(bz2|gz)$/, '');
      const expected = EXPECTED[key];
      const started = performance.now();
      try {
        const counts = await count(path);
        const failure = judge(counts, expected);
        const detail = `${counts.format}: ${counts.entries} entries, ${counts.withDuration} with duration, ${counts.withPlan} plans, ${counts.withParams} with params, ${counts.skipped} skipped of ${counts.lines} lines (${Math.round(performance.now() - started)} ms)`;
        if (failure === undefined) passed++;
        else failed++;
        line(failure === undefined ? (expected === undefined ? 'ok' : 'PASS') : 'FAIL', key, failure === undefined ? detail : `${failure}; ${detail}`);
      } catch (error) {
        // Refusing an input (InputError) is a pass only when nothing was expected of it.
        const message = error instanceof Error ? error.message : String(error);
        if (expected === undefined && error instanceof Error && error.name === 'InputError') {
          passed++;
          line('ok', key, `refused: ${message}`);
        } else {
          failed++;
          line('FAIL', key, `threw: ${message}`);
        }
      } finally {
        if (path !== file) rmSync(path, { force: true });
      }
    }
    const samples = join(corpus, 'plans', 'pganalyze-auto-explain-json');
    if (existsSync(samples)) {
      for (const file of listFiles(samples).filter((path) => path.endsWith('.in.json'))) {
        const name = `auto_explain/${basename(file)}`;
        const bad = basename(file).startsWith('bad_format');
        try {
          const counts = await count(file);
          const ok = bad ? counts.withPlan === 0 && counts.skipped > 0 : counts.withPlan === 1 && counts.statements[0]?.query !== '';
          if (ok) passed++;
          else failed++;
          line(ok ? 'PASS' : 'FAIL', name, `${counts.format}: ${counts.withPlan} plans, ${counts.skipped} skipped${bad ? ' (must be rejected)' : ''}`);
        } catch (error) {
          const ok = bad && error instanceof Error && error.name === 'InputError';
          if (ok) passed++;
          else failed++;
          line(ok ? 'PASS' : 'FAIL', name, `refused: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    // Standalone plans in every shape a user may save: each file is one plan.
    for (const group of ['pev2-psql-frames', 'pg-explain-multiformat']) {
      const folder = join(corpus, 'plans', group);
      if (!existsSync(folder)) continue;
      for (const file of listFiles(folder)) {
        const name = `${group}/${basename(file)}`;
        try {
          const counts = await count(file);
          const ok = counts.withPlan === 1 && counts.skipped === 0;
          if (ok) passed++;
          else failed++;
          line(ok ? 'PASS' : 'FAIL', name, `${counts.format}: ${counts.withPlan} plans, ${counts.skipped} skipped`);
        } catch (error) {
          failed++;
          line('FAIL', name, `refused: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const total = passed + failed;
  process.stdout.write(`\n${passed}/${total} passed (${total === 0 ? 0 : ((100 * passed) / total).toFixed(1)}%)\n`);
  if (failed > 0) process.exitCode = 1;
}

await main();
