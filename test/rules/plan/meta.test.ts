/**
 * Conventions of rules/plan/, checked rather than remembered: every rule file
 * has a doc and a test, its id is its file name, every message has help, every
 * option is documented, and the registry and the rule index list every rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { PlanRule } from '../../../src/analyze/types.js';
import { planRules } from '../../../rules/plan/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const rulesDir = path.join(root, 'rules/plan');
const testsDir = path.join(root, 'test/rules/plan');

const ruleIds = readdirSync(rulesDir)
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
  .map((name) => name.slice(0, -'.ts'.length))
  .sort();

test('rules/plan has rule files', () => {
  assert.ok(ruleIds.length >= 12, `expected at least 12 plan rules, found ${ruleIds.length}`);
});

for (const id of ruleIds) {
  test(`plan rule ${id} follows the conventions`, async () => {
    const module = (await import(path.join(rulesDir, `${id}.ts`))) as { default?: PlanRule };
    const rule = module.default;
    assert.ok(rule !== undefined, 'the file must export default a PlanRule');
    assert.equal(rule.meta.id, id, 'meta.id must equal the file name');
    assert.match(id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'ids are kebab-case');
    assert.ok(existsSync(path.join(rulesDir, `${id}.md`)), `rules/plan/${id}.md is missing`);
    assert.ok(existsSync(path.join(testsDir, `${id}.test.ts`)), `test/rules/plan/${id}.test.ts is missing`);
    assert.ok(rule.meta.description.length > 0, 'description is empty');

    const messageIds = Object.keys(rule.meta.messages).sort();
    assert.ok(messageIds.length > 0, 'a rule needs at least one message');
    assert.deepEqual(Object.keys(rule.meta.help).sort(), messageIds, 'every messageId needs help, and help only for messageIds');

    const optionNames = Object.keys(rule.meta.defaultOptions).sort();
    assert.deepEqual(Object.keys(rule.meta.optionDocs).sort(), optionNames, 'every option needs optionDocs');

    const doc = readFileSync(path.join(rulesDir, `${id}.md`), 'utf8');
    assert.match(doc, new RegExp(`^# ${id}\\b`, 'm'), 'the doc starts with "# <id>"');
    for (const name of optionNames) assert.ok(doc.includes(`\`${name}\``), `the doc does not document option ${name}`);

    assert.ok(
      planRules.some((registered) => registered === rule),
      'the rule is missing from rules/plan/index.ts',
    );
    const index = readFileSync(path.join(rulesDir, 'README.md'), 'utf8');
    const row = index.split('\n').find((line) => line.startsWith(`| [\`${id}\`](${id}.md)`));
    assert.ok(row !== undefined, 'rules/plan/README.md has no row for the rule');
    assert.ok(row.includes(`| ${rule.meta.severity}`), 'the README row does not give the rule\'s severity');
    // Documented defaults must be the real ones, in the index and in the rule's own doc.
    for (const [name, value] of Object.entries(rule.meta.defaultOptions)) {
      assert.ok(row.includes(`\`${name}\` (${String(value)})`), `the README row does not give ${name} (${String(value)})`);
      assert.ok(doc.includes(`| \`${name}\` | ${String(value)} |`), `the doc's option table does not give ${name} | ${String(value)}`);
    }
  });
}

test('the registry lists each rule file once and nothing else', () => {
  const registered = planRules.map((rule) => rule.meta.id);
  assert.equal(new Set(registered).size, registered.length, 'duplicate ids in the registry');
  assert.deepEqual([...registered].sort(), ruleIds);
});
