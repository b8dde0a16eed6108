import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';

const example = 'examples/postgresql.log';

interface JsonReport {
  version: number;
  inputs: { path: string; format: string; lines: number; entries: number; skipped: number; errors: { line: number; message: string }[] }[];
  summary: { statements: number; fingerprints: number; plans: number; totalDurationMs: number };
  queries: { fingerprint: string; query: string; calls: number; totalMs: number; meanMs: number; p95Ms: number; maxMs: number; tables: string[]; findings: unknown[]; example?: string }[];
  findings: { rule: string; severity: string; message: string; fingerprint: string; relation: string | null; node: string; timeAtStakeMs: number }[];
  indexes: unknown[];
}

/** Counts logged statements the way a DBA would with grep: execute and statement durations, not parse/bind, not plans. */
function countLoggedStatements(log: string): { statements: number; totalMs: number } {
  let statements = 0;
  let totalMs = 0;
  for (const match of log.matchAll(/ LOG:  duration: ([\d.]+) ms  (?:statement|execute [^:]*):/g)) {
    statements++;
    totalMs += Number(match[1]);
  }
  return { statements, totalMs };
}

describe('pgopt analyze (CLI)', () => {
  let dir: string;
  let log: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pgopt-cli-'));
    log = await readFile(example, 'utf8');
  });

  it('analyzes the bundled example and counts each logged statement exactly once', async () => {
    const run = await runCli(['analyze', '--format', 'json', '--no-advise', example]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    const expected = countLoggedStatements(log);
    assert.equal(report.version, 1);
    assert.equal(report.inputs[0]?.format, 'stderr');
    assert.equal(report.summary.statements, expected.statements);
    assert.ok(Math.abs(report.summary.totalDurationMs - expected.totalMs) < 1, `${report.summary.totalDurationMs} vs ${expected.totalMs}`);
    assert.equal(report.summary.fingerprints, report.queries.length);
    assert.ok(report.summary.plans > 0);
    const totals = report.queries.map((query) => query.totalMs);
    assert.deepEqual(totals, [...totals].sort((a, b) => b - a));
    assert.equal(report.queries.reduce((sum, query) => sum + query.calls, 0) >= expected.statements, true);
    assert.ok(report.findings.length > 0, 'the sample workload has plan problems');
    for (const finding of report.findings) {
      assert.ok(finding.rule && finding.message && finding.node && finding.fingerprint);
      assert.ok(finding.timeAtStakeMs >= 0);
    }
    const stakes = report.findings.map((finding) => finding.timeAtStakeMs);
    assert.deepEqual(stakes, [...stakes].sort((a, b) => b - a));
    assert.deepEqual(report.indexes, []);
  });

  it('never prints literals from the log unless asked', async () => {
    const literal = /user\d+@example\.com/;
    assert.match(log, literal, 'the sample log holds e-mail addresses');
    for (const format of ['json', 'text', 'markdown']) {
      const run = await runCli(['analyze', '--format', format, '--no-advise', example]);
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stdout, literal, `${format} output leaks a literal`);
    }
    const shown = await runCli(['analyze', '--format', 'json', '--no-advise', '--show-literals', example]);
    assert.match(shown.stdout, /"example"/);
  });

  it('prints a text report with the top queries and their findings', async () => {
    const run = await runCli(['analyze', '--no-advise', '--top', '5', example]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Top 5 queries by total time/);
    assert.match(run.stdout, /^1\. /m);
    assert.doesNotMatch(run.stdout, /^6\. /m);
  });

  it('reads gzip files and stdin', async () => {
    const gz = join(dir, 'log.gz');
    await writeFile(gz, gzipSync(log));
    const fromGz = JSON.parse((await runCli(['analyze', '-f', 'json', '--no-advise', gz])).stdout) as JsonReport;
    const fromStdin = JSON.parse((await runCli(['analyze', '-f', 'json', '--no-advise', '-'], { stdin: log })).stdout) as JsonReport;
    const expected = countLoggedStatements(log).statements;
    assert.equal(fromGz.summary.statements, expected);
    assert.equal(fromStdin.summary.statements, expected);
  });

  it('exits 1 when a finding reaches --fail-on and 0 when none does', async () => {
    const failing = await runCli(['analyze', '--no-advise', '--fail-on', 'info', '-f', 'json', example]);
    assert.equal(failing.code, 1);
    const all = JSON.parse(failing.stdout) as JsonReport;
    const disabled = [...new Set(all.findings.map((finding) => finding.rule))];
    const clean = await runCli(['analyze', '--no-advise', '--fail-on', 'info', '--disable-rule', ...disabled, '--', example]);
    assert.equal(clean.code, 0, clean.stderr);
  });

  it('skips a truncated plan with its line and still analyses the rest', async () => {
    const cut = log.lastIndexOf('"Plan": {');
    assert.ok(cut > 0);
    const truncated = join(dir, 'truncated.log');
    await writeFile(truncated, log.slice(0, cut + 200));
    const run = await runCli(['analyze', '-f', 'json', '--no-advise', truncated]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.ok(report.inputs[0]!.skipped >= 1);
    assert.ok(report.inputs[0]!.errors.some((error) => error.line > 0));
    assert.ok(report.summary.statements > 100);
  });

  it('survives binary garbage and invalid UTF-8 in the middle of a log', async () => {
    const lines = log.split('\n');
    const middle = Math.floor(lines.length / 2);
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a, 0x9f, 0x92, 0x0a]);
    const mixed = Buffer.concat([Buffer.from(lines.slice(0, middle).join('\n') + '\n'), garbage, Buffer.from(lines.slice(middle).join('\n'))]);
    const path = join(dir, 'garbage.log');
    await writeFile(path, mixed);
    const run = await runCli(['analyze', '-f', 'json', '--no-advise', path]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.ok(report.summary.statements >= countLoggedStatements(log).statements - 2);
  });

  it('exits 2 with one line when nothing in the input is recognisable', async () => {
    const path = join(dir, 'noise.txt');
    await writeFile(path, 'hello\nthis is not a postgres log\n');
    const run = await runCli(['analyze', path]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /noise\.txt/);
    assert.equal(run.stdout, '');
  });

  it('reports an unreadable input, still analyses the others, and exits 2', async () => {
    const run = await runCli(['analyze', '-f', 'json', '--no-advise', join(dir, 'missing.log'), example]);
    assert.equal(run.code, 2);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.summary.statements, countLoggedStatements(log).statements);
    assert.match(run.stderr, /missing\.log/);
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await runCli(['analyze'])).code, 2);
    assert.equal((await runCli(['analyze', '--top', 'x', example])).code, 2);
    assert.equal((await runCli(['analyze', '--rule-option', 'nonsense', example])).code, 2);
    assert.equal((await runCli(['analyze', '--rule-option', 'no-such-rule.minRows=5', example])).code, 2);
    assert.equal((await runCli(['analyze', '--format', 'yaml', example])).code, 2);
  });
});
