/**
 * pgopt lint against pgfence's own analyzer tests: each fixture a pgfence test
 * runs is linted by pgopt, and every rule id the test asserts present (or
 * absent) is compared with the pgopt rules that flag the same danger.
 *
 *   node --import tsx bench/lint-pgfence.ts /work/shared/corpus/migrations/pgfence
 *
 * The argument is pgfence's part of the migration-lint corpus: `fixtures/*.sql` and
 * `fixture_expectations.json` (fixture -> tests -> `expect_present` / `expect_absent` pgfence ids, and a
 * `config_override`). pgopt runs with pgfence's defaults: PostgreSQL 14 (a `minPostgresVersion` override
 * becomes the version), timeouts required (runnerSetsTimeouts off), no implicit transaction (only explicit
 * BEGIN/COMMIT count), every rule on, opt-in ones too. Tests that repeat an expectation (same fixture,
 * override, id and polarity) count once. pgfence reports safe operations as low-risk findings; pgopt
 * reports nothing for them, so those ids, pgfence's policy rules and the ids pgopt has no rule for are
 * listed as not comparable, with the reason, and not scored.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationRules } from '../rules/migration/index.js';
import { lintSources } from '../src/lint/engine.js';
import type { LintFinding } from '../src/lint/types.js';
import { DEFAULT_LINT_SETTINGS, parsePgVersion } from '../src/lint/lint-settings.js';
import { selectRules } from '../src/lint/rule-selection.js';

/** Why a pgfence id is not scored: a safe operation, a pgfence policy, or a danger no pgopt rule covers. */
type Unmapped = { readonly kind: 'safe' | 'policy' | 'none'; readonly why: string };

const safe = (why: string): Unmapped => ({ kind: 'safe', why: `safe operation (${why}): pgopt reports nothing` });
const policy = (why: string): Unmapped => ({ kind: 'policy', why: `pgfence policy rule (${why})` });
const none = (why: string): Unmapped => ({ kind: 'none', why: `no pgopt counterpart: ${why}` });

/**
 * pgfence id -> the pgopt rules that flag the same danger (agreement: pgopt reports at least one of
 * them on the fixture), or why it is not compared. Decided from each pgopt rule's `.md` and the fixtures.
 */
const MAPPING: Readonly<Record<string, readonly string[] | Unmapped>> = {
  'add-column-constant-default': safe('constant default, metadata-only from PostgreSQL 11'),
  'add-column-default-pre-pg11': ['adding-field-with-default'],
  'add-column-inline-foreign-key': ['adding-foreign-key-constraint'],
  'add-column-json': ['prefer-jsonb'],
  'add-column-non-constant-default': ['adding-field-with-default'],
  'add-column-not-null-no-default': ['adding-required-field'],
  // Both halves of pgfence's finding: the nextval() rewrite, and "use IDENTITY".
  'add-column-serial': ['adding-field-with-default', 'prefer-identity'],
  'add-column-stored-generated': ['adding-field-with-default'],
  'add-constraint-check-no-not-valid': ['constraint-missing-not-valid'],
  'add-constraint-exclude': ['adding-exclusion-constraint'],
  'add-constraint-fk-no-not-valid': ['adding-foreign-key-constraint'],
  'add-constraint-unique': ['disallowed-unique-constraint'],
  'add-constraint-unique-using-index': safe('UNIQUE USING INDEX on a prebuilt index'),
  'add-pk-using-index': safe('PRIMARY KEY USING INDEX on a prebuilt index'),
  'add-pk-without-using-index': ['adding-serial-primary-key-field'],
  'alter-column-set-not-null': ['adding-not-nullable-field'],
  'alter-column-type': ['changing-column-type'],
  'attach-partition': ['attaching-partition'],
  'ban-alter-domain-add-constraint': ['ban-alter-domain-with-add-constraint'],
  'ban-create-domain-with-constraint': ['ban-create-domain-with-constraint'],
  'concurrent-in-transaction': ['ban-concurrent-index-creation-in-transaction'],
  'create-index-not-concurrent': ['require-concurrent-index-creation'],
  'create-trigger': ['create-trigger-on-existing-table'],
  'delete-without-where': none('a DML rule (pgopt lints schema changes and their locks)'),
  'detach-partition': ['require-concurrent-partition-detach'],
  'detach-partition-concurrent': safe('DETACH PARTITION CONCURRENTLY'),
  'drop-column': ['ban-drop-column'],
  'drop-constraint': none('a brief metadata-only ACCESS EXCLUSIVE lock, which pgopt leaves to the timeout rules'),
  'drop-index-not-concurrent': ['require-concurrent-index-deletion'],
  'drop-schema': none('no rule for DROP SCHEMA (without CASCADE it fails unless the schema is empty)'),
  'drop-schema-cascade': ['ban-drop-table'],
  'drop-table': ['ban-drop-table'],
  'drop-trigger': none('a brief ACCESS EXCLUSIVE lock, which pgopt leaves to the timeout rules'),
  'enable-disable-trigger': none('a brief SHARE ROW EXCLUSIVE lock, which pgopt leaves to the timeout rules'),
  'fk-missing-index': ['foreign-key-without-index'],
  // A SET after the first locking statement does not protect it: require-lock-timeout fires there.
  'lock-timeout-after-dangerous-statement': ['require-lock-timeout'],
  'lock-timeout-too-long': policy('an upper bound on the lock_timeout value'),
  // lock_timeout = 0 disables the timeout: the same danger as not setting it.
  'lock-timeout-zero': ['require-lock-timeout'],
  'missing-idle-timeout': policy('idle_in_transaction_session_timeout required'),
  'missing-lock-timeout': ['require-lock-timeout'],
  'missing-statement-timeout': ['require-statement-timeout'],
  'not-valid-validate-same-tx': ['constraint-missing-not-valid'],
  'plugin:require-primary-key': policy("a rule of pgfence's test plugin"),
  'prefer-bigint-over-int': ['prefer-bigint-over-int'],
  'prefer-text-field': ['prefer-text-field'],
  'prefer-timestamptz': ['prefer-timestamp-tz'],
  'refresh-matview-blocking': ['require-concurrent-refresh'],
  'refresh-matview-concurrent': safe('REFRESH MATERIALIZED VIEW CONCURRENTLY'),
  'rename-column': ['renaming-column'],
  'rename-table': ['renaming-table'],
  'set-logged-unlogged': ['changing-table-persistence'],
  // pgopt's rule covers both: another slow statement, or a lock on another table, while ACCESS EXCLUSIVE is held.
  'statement-after-access-exclusive': ['statements-after-access-exclusive'],
  'statement-timeout-too-long': policy('an upper bound on the statement_timeout value'),
  truncate: none('plain TRUNCATE (pgopt flags only TRUNCATE ... CASCADE)'),
  'truncate-cascade': ['ban-truncate-cascade'],
  'update-in-migration': none('a DML rule (pgopt lints schema changes and their locks)'),
  'vacuum-full': ['prefer-repack'],
  'validate-constraint': safe('VALIDATE CONSTRAINT'),
  'wide-lock-window': ['statements-after-access-exclusive'],
};

interface PgfenceTest {
  readonly test: string;
  readonly expect_present: readonly string[];
  readonly expect_absent: readonly string[];
  readonly config_override: Readonly<Record<string, unknown>>;
}

/** One distinct assertion of pgfence's tests. */
interface Expectation {
  readonly fixture: string;
  readonly id: string;
  readonly present: boolean;
  readonly pgVersion: number;
  /** Why this assertion cannot be run against pgopt at all (before the id's mapping is looked at). */
  readonly skip: { readonly kind: 'fixture' | 'ignore' | 'override'; readonly why: string } | undefined;
  tests: number;
}

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: bench/lint-pgfence.ts <pgfence-corpus-dir>  (fixtures/*.sql, fixture_expectations.json)\n');
  process.exit(2);
}
const PGFENCE_DEFAULT_PG = 14;
const fixturesDir = join(dir, 'fixtures');
const tests = JSON.parse(readFileSync(join(dir, 'fixture_expectations.json'), 'utf8')) as Record<string, readonly PgfenceTest[]>;
const enabled = selectRules(migrationRules, { enableAll: true });

const expectations = new Map<string, Expectation>();
for (const [fixture, list] of Object.entries(tests)) {
  const path = join(fixturesDir, fixture);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  for (const t of list) {
    const { minPostgresVersion, ...rest } = t.config_override;
    const pgVersion = typeof minPostgresVersion === 'number' ? minPostgresVersion : PGFENCE_DEFAULT_PG;
    const foreign = Object.keys(rest);
    for (const [ids, present] of [[t.expect_present, true], [t.expect_absent, false]] as const) {
      for (const id of ids) {
        let skip: Expectation['skip'];
        if (text === undefined) skip = { kind: 'fixture', why: 'fixture not in the corpus (a TypeORM/Knex migration or a plugin file)' };
        else if (foreign.length > 0) skip = { kind: 'override', why: `pgfence setting ${foreign.join(', ')} has no pgopt equivalent` };
        else if (!present && /--\s*pgfence(?:-ignore|:\s*ignore)\b/.test(text)) {
          skip = { kind: 'ignore', why: "absent only through pgfence's own ignore comment (pgopt reads -- pgopt-ignore / -- squawk-ignore)" };
        }
        const key = JSON.stringify([fixture, pgVersion, id, present]);
        const seen = expectations.get(key);
        if (seen === undefined) expectations.set(key, { fixture, id, present, pgVersion, skip, tests: 1 });
        else seen.tests++;
      }
    }
  }
}

const linted = new Map<string, readonly LintFinding[]>();
/** pgopt's findings on one fixture at one PostgreSQL version. */
function findings(fixture: string, pgVersion: number): readonly LintFinding[] {
  const key = `${fixture}@${pgVersion}`;
  const cached = linted.get(key);
  if (cached !== undefined) return cached;
  const text = readFileSync(join(fixturesDir, fixture), 'utf8');
  const settings = { ...DEFAULT_LINT_SETTINGS, pgVersion: parsePgVersion(pgVersion), assumeInTransaction: false, runnerSetsTimeouts: false };
  const result = lintSources([{ path: fixture, text, linted: true }], settings, enabled, migrationRules);
  const errors = result.files.flatMap((f) => f.parseErrors);
  if (errors.length > 0) throw new Error(`${fixture}: ${errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('; ')}`);
  linted.set(key, result.findings);
  return result.findings;
}

const notComparable = new Map<string, number>();
const disagreements: string[] = [];
let comparable = 0;
let agree = 0;
console.log('| fixture | pgfence id | expects | pgopt rule(s) | agrees |');
console.log('| --- | --- | --- | --- | --- |');
for (const e of [...expectations.values()].sort((a, b) => a.fixture.localeCompare(b.fixture) || a.id.localeCompare(b.id))) {
  const mapped = MAPPING[e.id];
  if (mapped === undefined) throw new Error(`pgfence id ${e.id} (${e.fixture}) has no entry in MAPPING`);
  const fixture = e.pgVersion === PGFENCE_DEFAULT_PG ? e.fixture : `${e.fixture} (PostgreSQL ${e.pgVersion})`;
  const expects = e.present ? 'present' : 'absent';
  const rules = 'kind' in mapped ? [] : mapped;
  const reason = e.skip ?? ('kind' in mapped ? mapped : undefined);
  if (reason !== undefined) {
    notComparable.set(reason.kind, (notComparable.get(reason.kind) ?? 0) + 1);
    console.log(`| ${fixture} | ${e.id} | ${expects} | ${rules.join(', ')} | not comparable: ${reason.why} |`);
    continue;
  }
  const hits = findings(e.fixture, e.pgVersion).filter((f) => rules.includes(f.rule));
  const ok = e.present === hits.length > 0;
  comparable++;
  if (ok) agree++;
  else {
    const got = e.present ? `pgopt reports none of ${rules.join(', ')}` : `pgopt reports ${hits.map((f) => `${f.rule} (line ${f.line})`).join(', ')}`;
    disagreements.push(`${fixture}: pgfence expects ${e.id} ${expects}; ${got}`);
  }
  console.log(`| ${fixture} | ${e.id} | ${expects} | ${rules.join(', ')} | ${ok ? 'yes' : '**no**'} |`);
}

const testCount = Object.values(tests).reduce((n, list) => n + list.length, 0);
const assertions = [...expectations.values()].reduce((n, e) => n + e.tests, 0);
const skipped = [...notComparable.values()].reduce((a, b) => a + b, 0);
const labels: Readonly<Record<string, string>> = {
  safe: 'safe operations',
  none: 'no counterpart',
  policy: 'pgfence policy',
  fixture: 'fixture not in corpus',
  ignore: 'pgfence ignore comment',
  override: 'override not expressible',
};
const breakdown = Object.entries(labels)
  .filter(([kind]) => notComparable.has(kind))
  .map(([kind, label]) => `${label}: ${notComparable.get(kind)}`)
  .join(', ');
const pct = ((100 * agree) / Math.max(comparable, 1)).toFixed(1);
console.log(`\n${testCount} pgfence tests assert ${assertions} rule ids present or absent: ${expectations.size} distinct expectations`);
console.log(`pgfence expectations: ${comparable} comparable, ${agree} agree (${pct}%); ${skipped} not comparable (${breakdown})`);
console.log(`\ndisagreements (${disagreements.length}):`);
for (const line of disagreements) console.log(`- ${line}`);
