/**
 * pgopt lint against eugene's own examples: for each eugene hint with a lint
 * example, the unsafe script sequence (`bad.sql`) must get the matching pgopt
 * finding and the safer one (`good.sql`) must not.
 *
 *   node --import tsx bench/lint-eugene.ts <corpus-dir>
 *
 * <corpus-dir> is the migration-lint corpus (eugene/examples/<ID>/{bad,good}.sql, scripts separated by
 * `-- N.sql` comments). Eugene's examples create their table in 1.sql and then change it, modelling a
 * table that already exists in production; pgopt replays 1.sql as history (already applied) and lints
 * the later scripts, with no implicit transaction (the safer examples use CONCURRENTLY). A one-script
 * example is linted as is. Trace-only hints (E10, E15: they need a live database) are listed, not scored.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrationRules } from '../rules/migration/index.js';
import { lintSources } from '../src/lint/engine.js';
import type { LintSource } from '../src/lint/engine.js';
import { DEFAULT_LINT_SETTINGS } from '../src/lint/lint-settings.js';
import { selectRules } from '../src/lint/rule-selection.js';

/** Eugene hint -> the pgopt rule (or `rule#messageId`) that answers it, or why none does. */
const MAPPING: Readonly<Record<string, string | { readonly none: string }>> = {
  E1: 'constraint-missing-not-valid',
  E2: 'adding-not-nullable-field',
  E3: 'prefer-jsonb',
  // Differs: eugene assumes each script is one transaction and flags any statement after the lock;
  // pgopt flags slow ones (a rewrite, a scan its lock model sees, another table's lock), and SELECT is not
  // in its lock model.
  E4: 'statements-after-access-exclusive',
  E5: 'changing-column-type',
  E6: 'require-concurrent-index-creation',
  E7: 'disallowed-unique-constraint',
  E8: 'adding-exclusion-constraint',
  E9: 'require-lock-timeout',
  E10: { none: 'trace only: eugene observes the rewrite on a live database' },
  E11: 'adding-field-with-default',
  E15: { none: 'trace only: eugene looks for the missing index on a live database (pgopt: foreign-key-without-index)' },
  W12: 'multiple-alter-table',
  W13: { none: 'creating an enum: a design opinion, not a lock or rewrite; pgopt has no such rule' },
  // The finding, not the whole rule: W14's safer example runs SET NOT NULL with eugene's E2 ignored.
  W14: 'adding-not-nullable-field#primaryKey',
};

const corpus = process.argv[2];
if (corpus === undefined) {
  process.stderr.write('usage: bench/lint-eugene.ts <corpus-dir>\n');
  process.exit(2);
}
const examples = join(corpus, 'eugene', 'examples');
const enabled = selectRules(migrationRules, { enableAll: true });

/** Rule ids, and `rule#messageId`s, pgopt reports on the linted scripts of one example file. */
function rulesFired(file: string): Set<string> {
  const parts = readFileSync(file, 'utf8').split(/^-- (\d+)\.sql\s*$/m).slice(1);
  const sources: LintSource[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    sources.push({ path: `${parts[i] ?? '?'}.sql`, text: parts[i + 1] ?? '', linted: i > 0 || parts.length === 2 });
  }
  const result = lintSources(sources, { ...DEFAULT_LINT_SETTINGS, assumeInTransaction: false }, enabled, migrationRules);
  const parseErrors = result.files.flatMap((f) => f.parseErrors);
  if (parseErrors.length > 0) throw new Error(`${file}: ${parseErrors.map((e) => e.message).join('; ')}`);
  return new Set(result.findings.flatMap((f) => [f.rule, `${f.rule}#${f.messageId}`]));
}

const ids = readdirSync(examples)
  .filter((id) => /^[EW]\d+$/.test(id))
  .sort((a, b) => a[0]!.localeCompare(b[0]!) || Number(a.slice(1)) - Number(b.slice(1)));
let scored = 0;
let agree = 0;
console.log('| eugene | pgopt rule | unsafe example flagged | safer example clean | |');
console.log('| --- | --- | --- | --- | --- |');
for (const id of ids) {
  const mapped = MAPPING[id];
  const bad = join(examples, id, 'bad.sql');
  const good = join(examples, id, 'good.sql');
  if (mapped === undefined || typeof mapped !== 'string') {
    console.log(`| ${id} | none | | | ${mapped === undefined ? 'not mapped' : mapped.none} |`);
    continue;
  }
  const flagged = existsSync(bad) && rulesFired(bad).has(mapped);
  const clean = existsSync(good) ? !rulesFired(good).has(mapped) : undefined;
  scored++;
  const ok = flagged && clean !== false;
  if (ok) agree++;
  console.log(`| ${id} | ${mapped} | ${flagged ? 'yes' : '**no**'} | ${clean === undefined ? '(no safer example)' : clean ? 'yes' : '**no**'} | ${ok ? 'agrees' : 'differs'} |`);
}
console.log(`\n${agree}/${scored} mapped hints agree (${ids.length - scored} not scored)`);
