/**
 * pgopt lint against the postgres-language-server (pgls) analyser's rule tests:
 * every `specs/safety/<rule>/*.sql` fixture is linted by pgopt, and the pgls
 * expectation it carries is compared with the pgopt rules that flag the same
 * danger.
 *
 *   node --import tsx bench/lint-pgls.ts /work/shared/corpus/migrations/pgls
 *
 * The argument is pgls's part of the migration-lint corpus. A fixture's comments carry its expectation:
 * `-- expect_lint/safety/<rule>` (or `expect_only_lint/...`, the same to pgls's test harness) once per
 * diagnostic the rule must give, placed before the statement it annotates when a file has several, or
 * `-- expect_no_diagnostics`. The `.snap` next to it holds pgls's rendered diagnostics (no positions), used
 * here to check the marker count. pgls runs each test with only the directory's rule on, no database (so no
 * PostgreSQL version) and every file inside a transaction its migration tool opens.
 *
 * pgopt runs with every rule on, opt-in ones too, the file in a transaction (assumeInTransaction, as pgls),
 * PostgreSQL 17 (except the few fixtures in VERSIONS, whose expectation holds only on an older server),
 * and timeouts set by the runner (runnerSetsTimeouts) unless a mapped pgopt rule is a timeout rule, so the
 * timeout rules stay out of the other directories' way. The pgls rule maps to pgopt rules through their
 * `squawk:<kebab-case>` aliases, or by hand (MAPPING) where pgls's name is its own. An `expect_lint` fixture
 * agrees when pgopt reports at least one mapped rule, an `expect_no_diagnostics` one when it reports none.
 * "Same line": on agreeing `expect_lint` fixtures whose flagged statement is known (the statement after each
 * marker when markers annotate statements, or a file's only statement), pgopt's mapped findings lie on
 * exactly those statements' lines.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrationRules } from '../rules/migration/index.js';
import { parseMigration } from '../src/sql/migration-parse.js';
import { lintSources } from '../src/lint/engine.js';
import { DEFAULT_LINT_SETTINGS, parsePgVersion } from '../src/lint/lint-settings.js';
import { selectRules } from '../src/lint/rule-selection.js';
import { SourceLines } from '../src/lint/source-lines.js';
import type { LintFinding } from '../src/lint/types.js';

/** Why a pgls rule is not scored. */
interface NotComparable {
  readonly kind: 'dml' | 'opinion' | 'policy' | 'none';
  readonly why: string;
}
const dml = (why: string): NotComparable => ({ kind: 'dml', why: `DML rule (${why}): pgopt lints schema changes and their locks` });
const opinion = (why: string): NotComparable => ({ kind: 'opinion', why: `design opinion, not a lock or a failure (${why})` });
const policy = (why: string): NotComparable => ({ kind: 'policy', why: `pgls policy rule (${why})` });
const none = (why: string): NotComparable => ({ kind: 'none', why: `no pgopt counterpart: ${why}` });

/**
 * pgls rules whose camelCase name is not a squawk id pgopt lists as an alias: the pgopt rules that flag the
 * same danger (from each rule's `.md` and the pgls fixtures), or why none is compared.
 */
const MAPPING: Readonly<Record<string, readonly string[] | NotComparable>> = {
  // serial/bigserial (the nextval() default) and STORED generated columns: both rewrite the table.
  addSerialColumn: ['adding-field-with-default'],
  addingNotNullField: ['adding-not-nullable-field'],
  addingPrimaryKeyConstraint: ['adding-serial-primary-key-field'],
  avoidAddingExclusionConstraint: ['adding-exclusion-constraint'],
  avoidAlterEnumAddValue: none('ADD VALUE fails in a transaction only before PostgreSQL 12 (pgls, without a version, assumes an old server); on 12+ it is instant'),
  avoidAttachingPartition: ['attaching-partition'],
  avoidCreateTrigger: ['create-trigger-on-existing-table'],
  avoidEnableDisableTrigger: none('a brief SHARE ROW EXCLUSIVE lock, left to the timeout rules'),
  // Another table locked while one is held ACCESS EXCLUSIVE.
  avoidWideLockWindow: ['statements-after-access-exclusive'],
  banDeleteWithoutWhere: dml('DELETE without WHERE'),
  banDropSchema: none('no rule for DROP SCHEMA without CASCADE (it fails unless the schema is empty)'),
  banDropTrigger: none('a brief ACCESS EXCLUSIVE lock, left to the timeout rules'),
  banTruncate: none('plain TRUNCATE (pgopt, like squawk, flags only TRUNCATE ... CASCADE)'),
  banUpdateWithoutWhere: dml('UPDATE without WHERE'),
  banVacuumFull: ['prefer-repack'],
  concurrentRefreshMatviewLock: none('REFRESH ... CONCURRENTLY is the safe form; pgopt reports nothing for it'),
  creatingEnum: opinion('an enum instead of a lookup table'),
  lockTimeoutWarning: ['require-lock-timeout'],
  multipleAlterTable: ['multiple-alter-table'],
  // squawk's prefer-big-int: smallint and int alike.
  preferBigInt: ['prefer-bigint-over-int', 'prefer-bigint-over-smallint'],
  preferJsonb: ['prefer-jsonb'],
  requireConcurrentDetachPartition: ['require-concurrent-partition-detach'],
  requireConcurrentRefreshMatview: ['require-concurrent-refresh'],
  requireIdleInTransactionTimeout: policy('idle_in_transaction_session_timeout required'),
  // VALIDATE CONSTRAINT in the transaction that added the constraint (`validateSameTransaction`).
  requireSeparateConstraintValidation: ['constraint-missing-not-valid'],
  runningStatementWhileHoldingAccessExclusive: ['statements-after-access-exclusive'],
};

/**
 * Fixtures linted at another PostgreSQL version than 17, and why. Without a database pgls assumes a server
 * older than 11, where every ADD COLUMN ... DEFAULT rewrites the table; these three are only true there
 * (from 11 a constant or STABLE default such as now() is stored in the catalog and nothing is rewritten).
 */
const VERSIONS: Readonly<Record<string, { readonly pg: number; readonly why: string }>> = {
  'addingFieldWithDefault/basic.sql': { pg: 10, why: 'constant default: rewrites only before 11' },
  'addingFieldWithDefault/non_volatile_default.sql': { pg: 10, why: 'constant default: rewrites only before 11' },
  'addingFieldWithDefault/volatile_default.sql': { pg: 10, why: 'now() is STABLE: rewrites only before 11' },
};
const DEFAULT_PG = 17;

const corpus = process.argv[2];
if (corpus === undefined) {
  process.stderr.write('usage: bench/lint-pgls.ts <pgls-corpus-dir>  (specs/safety/<rule>/*.sql and .sql.snap)\n');
  process.exit(2);
}
const safety = join(corpus, 'specs', 'safety');
const enabled = selectRules(migrationRules, { enableAll: true });

/** camelCase -> kebab-case: `addingFieldWithDefault` -> `adding-field-with-default`. */
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The pgopt rules a pgls rule maps to (and whether by alias), or why it is not compared. */
function mapRule(pglsRule: string): { readonly rules: readonly string[]; readonly how: 'alias' | 'by hand' } | NotComparable {
  const manual = MAPPING[pglsRule];
  if (manual !== undefined) return 'kind' in manual ? manual : { rules: manual, how: 'by hand' };
  const alias = `squawk:${kebab(pglsRule)}`;
  const rules = migrationRules.filter((r) => r.meta.aliases.includes(alias)).map((r) => r.meta.id);
  if (rules.length === 0) throw new Error(`pgls rule ${pglsRule}: no pgopt rule has alias ${alias}; add it to MAPPING`);
  return { rules, how: 'alias' };
}

/** What a fixture expects: the 1-based lines of its expect_lint markers, or none for expect_no_diagnostics. */
interface Fixture {
  readonly rule: string;
  readonly name: string;
  readonly text: string;
  readonly markers: readonly number[];
  /** pgls's diagnostics in the `.snap`, by rule. */
  readonly snapped: number;
}

function readFixture(rule: string, name: string): Fixture {
  const text = readFileSync(join(safety, rule, name), 'utf8');
  const markers: number[] = [];
  let noDiagnostics = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.includes('expect_no_diagnostics')) noDiagnostics = true;
    const m = /expect_(?:only_)?lint\/safety\/(\w+)/.exec(line);
    if (m === null) return;
    if (m[1] !== rule) throw new Error(`${rule}/${name}: line ${i + 1} expects ${m[1]}, not the directory's rule`);
    markers.push(i + 1);
  });
  if (noDiagnostics === (markers.length > 0)) throw new Error(`${rule}/${name}: needs exactly one of expect_no_diagnostics and expect_lint`);
  const snap = readFileSync(join(safety, rule, `${name}.snap`), 'utf8');
  const snapped = snap.split('\n').filter((l) => l.startsWith(`lint/safety/${rule} `)).length;
  return { rule, name, text, markers, snapped };
}

/** Line ranges [first, last] of the file's statements, in order. */
function statementLines(text: string): (readonly [number, number])[] {
  const lines = new SourceLines(text);
  return parseMigration(text).statements.map((s) => [lines.position(s.start).line, lines.position(Math.max(s.start, s.end - 1)).line] as const);
}

/**
 * Indexes of the statements pgls flags, when the fixture says: each marker annotates the statement after
 * it when there are several markers or a statement comes before it; a single header marker says nothing
 * about which statement, unless the file has only one.
 */
function expectedStatements(f: Fixture, statements: readonly (readonly [number, number])[]): number[] | undefined {
  const firstStatement = statements[0]?.[0] ?? Infinity;
  const annotating = f.markers.length > 1 || f.markers.some((line) => line > firstStatement);
  if (!annotating) return statements.length === 1 ? [0] : undefined;
  return f.markers.map((line) => {
    const next = statements.findIndex(([first]) => first > line);
    if (next < 0) throw new Error(`${f.rule}/${f.name}: no statement after the marker on line ${line}`);
    return next;
  });
}

function lint(f: Fixture, rules: readonly string[], pg: number): readonly LintFinding[] {
  const timeoutRule = rules.some((id) => migrationRules.find((r) => r.meta.id === id)?.meta.category === 'timeout');
  const settings = { ...DEFAULT_LINT_SETTINGS, pgVersion: parsePgVersion(pg), assumeInTransaction: true, runnerSetsTimeouts: !timeoutRule };
  const path = `${f.rule}/${f.name}`;
  const result = lintSources([{ path, text: f.text, linted: true }], settings, enabled, migrationRules);
  const errors = result.files.flatMap((file) => file.parseErrors);
  if (errors.length > 0) throw new Error(`${path}: ${errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('; ')}`);
  return result.findings;
}

const notComparable = new Map<NotComparable['kind'], number>();
const disagreements: string[] = [];
const snapWarnings: string[] = [];
let fixtures = 0;
let comparable = 0;
let agree = 0;
let lineKnown = 0;
let lineAgree = 0;
console.log('| fixture | pgls expects | pgopt rule(s) | pgopt reports | agrees | same line |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const rule of readdirSync(safety).sort()) {
  const mapped = mapRule(rule);
  for (const name of readdirSync(join(safety, rule)).filter((n) => n.endsWith('.sql')).sort()) {
    fixtures++;
    const f = readFixture(rule, name);
    const path = `${rule}/${name}`;
    if (f.snapped !== f.markers.length) snapWarnings.push(`${path}: ${f.markers.length} markers, ${f.snapped} diagnostics in the .snap`);
    const expects = f.markers.length === 0 ? 'no diagnostics' : `${rule}${f.markers.length > 1 ? ` ×${f.markers.length}` : ''}`;
    if ('kind' in mapped) {
      notComparable.set(mapped.kind, (notComparable.get(mapped.kind) ?? 0) + 1);
      console.log(`| ${path} | ${expects} | | | not comparable: ${mapped.why} | |`);
      continue;
    }
    const version = VERSIONS[path];
    const pg = version?.pg ?? DEFAULT_PG;
    const label = version === undefined ? path : `${path} (PostgreSQL ${pg}: ${version.why})`;
    const hits = lint(f, mapped.rules, pg).filter((finding) => mapped.rules.includes(finding.rule));
    const reported = hits.map((h) => `${h.rule} (line ${h.line})`).join(', ');
    const present = f.markers.length > 0;
    const ok = present === hits.length > 0;
    comparable++;
    if (ok) agree++;
    else {
      const got = present ? `pgopt reports none of ${mapped.rules.join(', ')}` : `pgopt reports ${reported}`;
      disagreements.push(`${label}: pgls expects ${expects}; ${got}`);
    }
    let sameLine = '';
    if (ok && present) {
      const statements = statementLines(f.text);
      const want = expectedStatements(f, statements);
      if (want === undefined) sameLine = 'line not known';
      else {
        lineKnown++;
        const got = new Set(hits.map((h) => statements.findIndex(([first, last]) => h.line >= first && h.line <= last)));
        const wantSet = new Set(want);
        const same = got.size === wantSet.size && [...got].every((i) => wantSet.has(i));
        if (same) lineAgree++;
        const wantLines = [...wantSet].map((i) => statements[i]?.[0]).join(', ');
        sameLine = same ? 'yes' : `**no** (pgls: line ${wantLines})`;
      }
    }
    const how = mapped.how === 'alias' ? '' : ' (by hand)';
    console.log(`| ${label} | ${expects} | ${mapped.rules.join(', ')}${how} | ${reported || 'nothing'} | ${ok ? 'yes' : '**no**'} | ${sameLine} |`);
  }
}

const labels: Readonly<Record<NotComparable['kind'], string>> = {
  none: 'no counterpart',
  dml: 'DML rules',
  opinion: 'design opinion',
  policy: 'pgls policy',
};
const skipped = [...notComparable.values()].reduce((a, b) => a + b, 0);
const breakdown = (Object.keys(labels) as NotComparable['kind'][])
  .filter((kind) => notComparable.has(kind))
  .map((kind) => `${labels[kind]}: ${notComparable.get(kind)}`)
  .join(', ');
const pct = (n: number, d: number): string => `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;
console.log(`\n${fixtures} pgls fixtures in ${readdirSync(safety).length} rule directories`);
console.log(`pgls fixtures: ${comparable} comparable, ${agree} agree (${pct(agree, comparable)}); ${skipped} not comparable (${breakdown})`);
console.log(`same line: ${lineAgree} of the ${lineKnown} agreeing expect_lint fixtures whose flagged statement is known (${pct(lineAgree, lineKnown)})`);
if (snapWarnings.length === 0) console.log(`every fixture's markers match the diagnostics in its .snap`);
else console.log(`\n.snap files that do not match their markers (${snapWarnings.length}):\n${snapWarnings.map((w) => `- ${w}`).join('\n')}`);
console.log(`\ndisagreements (${disagreements.length}):`);
for (const line of disagreements) console.log(`- ${line}`);
