/**
 * Conventions of rules/migration checked by the build: every rule file is
 * registered, named after its id, documented, tested, and maps only to real
 * squawk rule ids.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { migrationRules } from '../../../rules/migration/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const rulesDir = join(root, 'rules/migration');
const testsDir = join(root, 'test/rules/migration');

/** squawk v2.63.0's rule ids (its linter's rule list, plus the ignore-comment diagnostic). */
const SQUAWK_RULES = new Set([
  'adding-field-with-default', 'adding-foreign-key-constraint', 'adding-not-nullable-field', 'adding-required-field',
  'adding-serial-primary-key-field', 'ban-alter-domain-with-add-constraint', 'ban-char-field',
  'ban-concurrent-index-creation-in-transaction', 'ban-create-domain-with-constraint', 'ban-drop-column', 'ban-drop-database',
  'ban-drop-not-null', 'ban-drop-table', 'ban-duplicate-column-assignments', 'ban-truncate-cascade', 'ban-uncommitted-transaction',
  'changing-column-type', 'constraint-missing-not-valid', 'disallowed-unique-constraint', 'identifier-too-long',
  'prefer-bigint-over-int', 'prefer-bigint-over-smallint', 'prefer-identity', 'prefer-repack', 'prefer-robust-stmts',
  'prefer-text-field', 'prefer-timestamp-tz', 'prefer-timestamptz', 'renaming-column', 'renaming-table', 'require-concurrent-index-creation',
  'require-concurrent-index-deletion', 'require-concurrent-partition-detach', 'require-concurrent-reindex',
  'require-enum-value-ordering', 'require-lock-timeout', 'require-statement-timeout', 'require-table-schema',
  'require-timeout-settings', 'transaction-nesting', 'unused-ignore',
]);

const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3));

test('every rule file is registered once, under its file name', () => {
  const ids = migrationRules.map((r) => r.meta.id);
  assert.deepEqual([...ids].sort(), [...files].sort());
  assert.equal(new Set(ids).size, ids.length);
});

for (const rule of migrationRules) {
  const { id } = rule.meta;
  test(`${id}: has a doc, a test, help for every message, known aliases`, () => {
    assert.ok(existsSync(join(rulesDir, `${id}.md`)), `rules/migration/${id}.md exists`);
    assert.ok(existsSync(join(testsDir, `${id}.test.ts`)), `test/rules/migration/${id}.test.ts exists`);
    assert.match(readFileSync(join(rulesDir, `${id}.md`), 'utf8'), new RegExp(`^# ${id}\\n`));
    assert.ok(Object.keys(rule.meta.messages).length > 0);
    assert.deepEqual(Object.keys(rule.meta.help).sort(), Object.keys(rule.meta.messages).sort(), 'one help per message');
    for (const alias of rule.meta.aliases) {
      assert.match(alias, /^squawk:/);
      assert.ok(SQUAWK_RULES.has(alias.slice('squawk:'.length)), `${alias} is a squawk rule id`);
    }
    if (rule.meta.category === 'style') assert.ok(rule.meta.optIn === true || rule.meta.severity === 'info', 'style rules are opt-in or low');
  });
}

test('every squawk rule concept has a pgopt rule', () => {
  const covered = new Set(migrationRules.flatMap((r) => r.meta.aliases.map((a) => a.slice('squawk:'.length))));
  assert.deepEqual([...SQUAWK_RULES].filter((id) => !covered.has(id)), []);
});

test('the rule index lists every rule', () => {
  const index = readFileSync(join(rulesDir, 'README.md'), 'utf8');
  for (const rule of migrationRules) assert.ok(index.includes(`[${rule.meta.id}](${rule.meta.id}.md)`), rule.meta.id);
});
