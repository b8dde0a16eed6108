import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { migrationRules } from '../../rules/migration/index.js';
import { explainRule } from '../../src/lint/rule-docs.js';
import { runCli } from '../helpers/run-cli.js';

const doc = (id: string): string => readFileSync(new URL(`../../rules/migration/${id}.md`, import.meta.url), 'utf8');

test('--explain prints the rule document and exits 0', async () => {
  const run = await runCli(['lint', '--explain', 'require-concurrent-index-creation']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `${doc('require-concurrent-index-creation').trimEnd()}\n`);
});

test('a squawk id works, and one that stands for two rules gives both documents', () => {
  assert.equal(explainRule('squawk:ban-drop-column', migrationRules), `${doc('ban-drop-column').trimEnd()}\n`);
  const both = explainRule('require-timeout-settings', migrationRules);
  assert.ok(both.startsWith('# require-lock-timeout\n'));
  assert.ok(both.includes('\n---\n\n# require-statement-timeout\n'));
});

test('an unknown rule is a usage error naming it', async () => {
  const run = await runCli(['lint', '--explain', 'no-such-rule']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /unknown rule "no-such-rule"/);
  assert.equal(run.stdout, '');
});

test('a pgopt id means that rule; squawk: asks for every rule standing for the squawk id', () => {
  assert.equal(explainRule('constraint-missing-not-valid', migrationRules), `${doc('constraint-missing-not-valid').trimEnd()}\n`);
  const squawk = explainRule('squawk:constraint-missing-not-valid', migrationRules);
  assert.ok(squawk.split('\n---\n').length > 1, 'more than one pgopt rule stands for it');
});

test('every rule has a document to explain', () => {
  for (const rule of migrationRules) assert.ok(explainRule(rule.meta.id, migrationRules).startsWith(`# ${rule.meta.id}\n`), rule.meta.id);
});
