import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsByFile } from '../../src/lint/findings-by-file.js';
import type { LintFinding } from '../../src/lint/types.js';

const finding = (file: string, line: number, fix: boolean): LintFinding => ({
  rule: 'r',
  messageId: 'm',
  aliases: [],
  severity: 'info',
  file,
  line,
  column: 1,
  endLine: line,
  endColumn: 2,
  message: '',
  help: '',
  lock: null,
  ...(fix ? { fix: [{ start: 0, end: 0, text: 'x' }] } : {}),
});

test('findings are grouped by file in the order they came, optionally filtered', () => {
  const findings = [finding('a.sql', 1, true), finding('b.sql', 1, false), finding('a.sql', 2, false), finding('a.sql', 3, true)];
  const all = findingsByFile(findings);
  assert.deepEqual([...all.keys()], ['a.sql', 'b.sql']);
  assert.deepEqual(all.get('a.sql')?.map((f) => f.line), [1, 2, 3]);
  const fixable = findingsByFile(findings, (f) => f.fix !== undefined);
  assert.deepEqual([...fixable.keys()], ['a.sql']);
  assert.deepEqual(fixable.get('a.sql')?.map((f) => f.line), [1, 3]);
});
