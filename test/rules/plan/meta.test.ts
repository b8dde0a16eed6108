/**
 * Conventions of rules/plan/, checked rather than remembered: every rule file
 * has a doc and a test, its id is its file name, every message has help, every
 * option is documented with its real default, and the registry and the rule
 * index list every rule. The second half shows the check catches each mistake.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { PlanRule } from '../../../src/analyze/types.js';
import { planRules } from '../../../rules/plan/index.js';
import { ruleConventionProblems, type RuleFileFacts } from './conventions.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const rulesDir = path.join(root, 'rules/plan');
const testsDir = path.join(root, 'test/rules/plan');
const index = readFileSync(path.join(rulesDir, 'README.md'), 'utf8');

const ruleIds = readdirSync(rulesDir)
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
  .map((name) => name.slice(0, -'.ts'.length))
  .sort();

async function factsOf(id: string): Promise<RuleFileFacts> {
  const module = (await import(path.join(rulesDir, `${id}.ts`))) as { default?: PlanRule };
  const docPath = path.join(rulesDir, `${id}.md`);
  return {
    id,
    rule: module.default,
    doc: existsSync(docPath) ? readFileSync(docPath, 'utf8') : undefined,
    hasTest: existsSync(path.join(testsDir, `${id}.test.ts`)),
    registry: planRules,
    index,
  };
}

describe('rules/plan conventions', () => {
  test('there are at least the twelve rules of the issue', () => {
    assert.ok(ruleIds.length >= 12, `expected at least 12 plan rules, found ${ruleIds.length}`);
  });

  for (const id of ruleIds) {
    test(`${id} follows the conventions`, async () => {
      assert.deepEqual(ruleConventionProblems(await factsOf(id)), []);
    });
  }

  test('the registry lists each rule file once and nothing else', () => {
    const registered = planRules.map((rule) => rule.meta.id);
    assert.equal(new Set(registered).size, registered.length, 'duplicate ids in the registry');
    assert.deepEqual([...registered].sort(), ruleIds);
  });
});

describe('the convention check catches mistakes', async () => {
  const good = await factsOf('sort-spill');
  const rule = good.rule!;
  const withMeta = (meta: Partial<PlanRule['meta']>): PlanRule => ({ ...rule, meta: { ...rule.meta, ...meta } });
  const broken: readonly [string, Partial<RuleFileFacts>, string][] = [
    ['missing doc', { doc: undefined }, 'rules/plan/sort-spill.md is missing'],
    ['missing test', { hasTest: false }, 'test/rules/plan/sort-spill.test.ts is missing'],
    ['no default export', { rule: undefined }, 'the file has no default export'],
    ['id differs from the file name', { rule: withMeta({ id: 'sort-spills' }) }, 'meta.id "sort-spills" differs from the file name'],
    ['message without help', { rule: withMeta({ help: {} }) }, 'messageId sortSpill has no help'],
    ['option without docs', { rule: withMeta({ optionDocs: {} }) }, 'option minDiskKb has no optionDocs'],
    ['not registered', { registry: planRules.filter((registered) => registered !== rule) }, 'the rule is missing from rules/plan/index.ts'],
    ['no README row', { index: '' }, 'rules/plan/README.md has no row for the rule'],
    ['stale default in the doc', { rule: withMeta({ defaultOptions: { minDiskKb: 64 } }) }, "the doc's option table does not give minDiskKb = 64"],
  ];
  test('the real sort-spill rule passes', () => assert.deepEqual(ruleConventionProblems(good), []));
  for (const [name, change, problem] of broken) {
    test(name, () => {
      const problems = ruleConventionProblems({ ...good, ...change });
      // A changed rule object is also no longer the registered one; only the named problem matters here.
      assert.ok(problems.includes(problem), `expected "${problem}" in ${JSON.stringify(problems)}`);
    });
  }
});
