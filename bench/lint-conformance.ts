/**
 * Conformance of `pgopt lint` against squawk's own rule tests, and a review
 * of what fires on real migrations.
 *
 *   node --import tsx bench/lint-conformance.ts <corpus-dir> [--cases] [--show-disagreements]
 *
 * <corpus-dir> is the migration-lint corpus (squawk/rule_cases.jsonl, realworld/...).
 * For each squawk case, only the pgopt rules that list `squawk:<rule_under_test>`
 * in their aliases run, with the case's pg_version (null = squawk's default 15)
 * and assume_in_transaction; the case agrees when pgopt reports something
 * exactly when squawk expects a violation (`err` and `fix` cases).
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationRules } from '../rules/migration/index.js';
import { lintSources } from '../src/lint/engine.js';
import { applyFixes } from '../src/lint/apply-fixes.js';
import { lintMigrations } from '../src/lint/index.js';
import { parsePgVersion } from '../src/lint/lint-settings.js';
import type { LintSettings } from '../src/lint/types.js';

interface RuleCase {
  readonly id: string;
  readonly rule_under_test: string;
  readonly expect: 'ok' | 'err' | 'fix';
  readonly settings: { readonly pg_version: string | null; readonly assume_in_transaction: boolean };
  readonly sql: string;
  readonly expected_violations?: readonly { readonly line: number }[];
  readonly expected_fixed_sql?: string | null;
}

const corpus = process.argv[2];
if (corpus === undefined) {
  process.stderr.write('usage: bench/lint-conformance.ts <corpus-dir> [--show-disagreements]\n');
  process.exit(2);
}
const showDisagreements = process.argv.includes('--show-disagreements');

const cases = readFileSync(join(corpus, 'squawk/rule_cases.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as RuleCase);

let agree = 0;
let unmapped = 0;
let lineAgree = 0;
let lineCases = 0;
/** squawk's fix cases with an expected text, and those pgopt's --fix rewrites to exactly that text (ends trimmed). */
let fixCases = 0;
let fixAgree = 0;
/** Equal but for keyword case and blanks: squawk writes `if exists` and `concurrently` in lower case whatever the statement's case. */
let fixAgreeLoosely = 0;
const loose = (sql: string): string => sql.toLowerCase().replace(/\s+/g, ' ').trim();
const fixesByRule = new Map<string, { cases: number; agree: number }>();
const disagreements: string[] = [];
for (const c of cases) {
  const alias = `squawk:${c.rule_under_test}`;
  const rules = migrationRules.filter((r) => r.meta.aliases.includes(alias));
  if (rules.length === 0) {
    unmapped++;
    disagreements.push(`${c.id}: no pgopt rule has alias ${alias}`);
    continue;
  }
  const settings: LintSettings = {
    pgVersion: parsePgVersion(c.settings.pg_version ?? '15'),
    assumeInTransaction: c.settings.assume_in_transaction,
    transactionPreset: 'none',
    runnerSetsTimeouts: false,
  };
  const enabled = rules.map((rule) => ({ rule, severity: rule.meta.severity }));
  const result = lintSources([{ path: 'case.sql', text: c.sql, linted: true }], settings, enabled, migrationRules);
  const fired = result.findings.length > 0;
  const expected = c.expect !== 'ok';
  if (fired === expected) agree++;
  else disagreements.push(`${c.id} [${c.expect}] pgopt ${fired ? 'fires' : 'silent'} (${rules.map((r) => r.meta.id).join(', ')})`);
  if (c.expect === 'fix' && typeof c.expected_fixed_sql === 'string') {
    fixCases++;
    const rewritten = applyFixes(c.sql, result.findings).text;
    const fixed = rewritten.trim() === c.expected_fixed_sql.trim();
    if (fixed) fixAgree++;
    if (loose(rewritten) === loose(c.expected_fixed_sql)) fixAgreeLoosely++;
    else if (showDisagreements) disagreements.push(`  (fix) ${c.id}: pgopt writes ${JSON.stringify(applyFixes(c.sql, result.findings).text.trim())}`);
    const tally = fixesByRule.get(c.rule_under_test) ?? { cases: 0, agree: 0 };
    fixesByRule.set(c.rule_under_test, { cases: tally.cases + 1, agree: tally.agree + (fixed ? 1 : 0) });
  }
  if (c.expect === 'err' && fired) {
    lineCases++;
    const want = [...new Set((c.expected_violations ?? []).map((v) => v.line))].sort((a, b) => a - b).join(',');
    const got = [...new Set(result.findings.map((f) => f.line))].sort((a, b) => a - b).join(',');
    if (want === got) lineAgree++;
    else if (showDisagreements) disagreements.push(`  (lines) ${c.id}: squawk ${want} pgopt ${got}`);
  }
}
const pct = (n: number, d: number): string => `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;
console.log(`squawk rule cases: ${cases.length}; agreement ${agree}/${cases.length} (${pct(agree, cases.length)}); unmapped ${unmapped}`);
console.log(`violation lines equal on agreeing err cases: ${lineAgree}/${lineCases} (${pct(lineAgree, lineCases)})`);
console.log(
  `squawk fix cases: --fix writes squawk's fixed SQL in ${fixAgree}/${fixCases} (${pct(fixAgree, fixCases)}); ` +
    `the same but for keyword case and blanks in ${fixAgreeLoosely}/${fixCases} (${pct(fixAgreeLoosely, fixCases)})`,
);
console.log(
  `  by rule: ${[...fixesByRule]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([rule, t]) => `${rule} ${t.agree}/${t.cases}`)
    .join(', ')}`,
);
if (showDisagreements) for (const d of disagreements) console.log(`  ${d}`);

// squawk's ignore-comment cases: the squawk ids of what pgopt reports, in file order, after ignores.
interface IgnoreCase {
  readonly id: string;
  readonly enabled_rules: 'default' | readonly string[];
  readonly sql: string;
  readonly expected_rule_sequence: readonly string[];
}
const ignoreCases = readFileSync(join(corpus, 'squawk/ignore_cases.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as IgnoreCase);
// squawk's default set is approximated by every squawk id the cases expect, plus those the case's comments name.
const expectedAnywhere = new Set(ignoreCases.flatMap((c) => c.expected_rule_sequence));
let ignoreAgree = 0;
for (const c of ignoreCases) {
  const named = [...c.sql.matchAll(/squawk-ignore(?:-file)?\s+([^\n\r]*)/g)].flatMap((m) => (m[1] ?? '').split(/\s--/)[0]?.split(/[\s,]+/) ?? []);
  const wanted = new Set(c.enabled_rules === 'default' ? [...expectedAnywhere, ...named, 'unused-ignore'] : [...c.enabled_rules, 'unused-ignore']);
  const rules = migrationRules.filter((r) => r.meta.aliases.some((a) => wanted.has(a.slice('squawk:'.length))));
  const settings: LintSettings = { pgVersion: parsePgVersion('15'), assumeInTransaction: false, transactionPreset: 'none', runnerSetsTimeouts: false };
  const result = lintSources([{ path: 'case.sql', text: c.sql, linted: true }], settings, rules.map((rule) => ({ rule, severity: rule.meta.severity })), migrationRules);
  const got = result.findings.map((f) => (f.aliases[0] ?? f.rule).replace('squawk:', '')).sort();
  const want = [...c.expected_rule_sequence].sort();
  if (JSON.stringify(got) === JSON.stringify(want)) ignoreAgree++;
  else if (showDisagreements) console.log(`  ignore case ${c.id}: squawk ${want.join(',')} pgopt ${got.join(',')}`);
}
console.log(`squawk ignore-comment cases: ${ignoreAgree}/${ignoreCases.length} give the same rules (as a multiset)`);

// Real migrations: each project with the transaction preset of its tool, default rules.
const projects: readonly { dir: string; transaction: string }[] = [
  { dir: 'realworld/lemmy', transaction: 'diesel' },
  { dir: 'realworld/kratos', transaction: 'ory' },
  { dir: 'realworld/documenso', transaction: 'prisma' },
];
const counts = new Map<string, number>();
let files = 0;
let statements = 0;
let failed = 0;
let commentOnly = 0;
for (const project of projects) {
  const root = join(corpus, project.dir);
  readdirSync(root);
  const result = await lintMigrations([root], { config: false, transaction: project.transaction });
  files += result.files.length;
  for (const f of result.files) {
    statements += f.statements;
    if (f.parseErrors.length > 0) failed++;
    if (f.statements === 0) commentOnly++;
  }
  for (const f of result.findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
}
console.log(`\nreal migrations: ${files} files, ${statements} statements, ${failed} files with parse errors, ${commentOnly} without statements`);
console.log('| rule | findings |\n| --- | ---: |');
for (const [rule, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`| ${rule} | ${n} |`);

// --fix on a copy of the real migrations, every rule on: each rewritten file must still parse, and one
// --fix run must leave nothing fixable (rewrites that chain on one span are applied in passes); the loop
// shows how many runs it takes if that ever regresses.
const scratch = mkdtempSync(join(tmpdir(), 'pgopt-fix-'));
try {
  cpSync(join(corpus, 'realworld'), scratch, { recursive: true });
  console.log('');
  for (let run = 1; run <= 3; run++) {
    // Each project with its tool's preset, as for the findings above: CONCURRENTLY is only added where it can run.
    let rewritten = 0;
    let total = 0;
    let leftover = 0;
    const broken: string[] = [];
    for (const project of projects) {
      const fixed = await lintMigrations([join(scratch, project.dir.replace(/^realworld\//, ''))], { config: false, enableAll: true, fix: true, transaction: project.transaction });
      rewritten += fixed.fixedFiles.length;
      total += fixed.files.length;
      leftover += fixed.findings.filter((f) => f.fix !== undefined).length;
      for (const f of fixed.files) if (f.parseErrors.length > 0) broken.push(`${f.path}: ${JSON.stringify(f.parseErrors[0])}`);
    }
    console.log(`--fix run ${run} with every rule on the real migrations: ${rewritten} of ${total} files rewritten; ${broken.length} fail to parse afterwards; ${leftover} fixable findings left`);
    for (const line of broken) console.log(`  ${line}`);
    if (leftover === 0) break;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
