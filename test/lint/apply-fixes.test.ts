/** Several rules' fixes on one statement, applied together (`--fix` with every rule on). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrationRules } from '../../rules/migration/index.js';
import { applyFixes } from '../../src/lint/apply-fixes.js';
import { lintSources } from '../../src/lint/engine.js';
import { DEFAULT_LINT_SETTINGS } from '../../src/lint/lint-settings.js';
import { selectRules } from '../../src/lint/rule-selection.js';

function fixAll(sql: string): string {
  const settings = { ...DEFAULT_LINT_SETTINGS, runnerSetsTimeouts: true };
  const result = lintSources([{ path: 'm.sql', text: sql, linted: true }], settings, selectRules(migrationRules, { enableAll: true }), migrationRules);
  return applyFixes(sql, result.findings).text;
}

test('CONCURRENTLY goes before IF [NOT] EXISTS when both are inserted at one point (found on a lemmy migration)', () => {
  assert.equal(fixAll('DROP INDEX idx_comment_like_person;'), 'DROP INDEX CONCURRENTLY IF EXISTS idx_comment_like_person;');
  assert.equal(fixAll('CREATE INDEX i ON t (a);'), 'CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);');
});

test('inserts at one point otherwise keep the order of their findings', () => {
  assert.deepEqual(
    applyFixes('X', [
      { fix: [{ start: 0, end: 0, text: 'a ' }] },
      { fix: [{ start: 0, end: 0, text: 'b ' }] },
    ] as unknown as Parameters<typeof applyFixes>[1]).text,
    'a b X',
  );
});

test('the CLI names the rewritten files, or counts them when there are many', async () => {
  const { fixedSummary } = await import('../../src/cli/lint.js');
  assert.equal(fixedSummary(['a.sql', 'b.sql']), 'fixed a.sql, b.sql');
  assert.equal(fixedSummary(['1', '2', '3', '4', '5', '6', '7']), 'fixed 7 files: 1, 2, 3, 4, 5 and 2 more');
});

test('an insert and a replacement at one start: the insert goes before the new text, whichever came first', () => {
  type Findings = Parameters<typeof applyFixes>[1];
  const replace = { fix: [{ start: 0, end: 1, text: 'Z' }] };
  const insert = { fix: [{ start: 0, end: 0, text: 'a ' }] };
  assert.equal(applyFixes('X Y', [replace, insert] as unknown as Findings).text, 'a Z Y');
  assert.equal(applyFixes('X Y', [insert, replace] as unknown as Findings).text, 'a Z Y');
});
