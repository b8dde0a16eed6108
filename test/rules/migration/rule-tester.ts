/**
 * eslint-style table tests for one migration rule: `valid` SQL must produce no
 * finding, `invalid` SQL must produce exactly the listed findings (messageId,
 * line and, when given, column), and a fix must produce `output`, which must
 * then lint clean for the rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrationRules } from '../../../rules/migration/index.js';
import { applyFixes } from '../../../src/lint/apply-fixes.js';
import { lintSources } from '../../../src/lint/engine.js';
import type { LintSource } from '../../../src/lint/engine.js';
import { DEFAULT_LINT_SETTINGS } from '../../../src/lint/lint-settings.js';
import type { LintResult, LintSettings } from '../../../src/lint/types.js';

export interface ValidCase {
  readonly sql: string;
  readonly settings?: Partial<LintSettings>;
  /** Earlier migration replayed (not linted) before `sql`. */
  readonly history?: string;
  /** Earlier migration linted before `sql` (tables it creates count as new). */
  readonly before?: string;
  readonly path?: string;
}

export interface ExpectedFinding {
  readonly messageId: string;
  readonly line: number;
  readonly column?: number;
}

export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedFinding[];
  /** The file after `--fix`; it must lint clean for this rule. */
  readonly output?: string;
}

/** Lints `sql` with only rule `id` enabled. */
export function lintWithRule(id: string, c: ValidCase, sql = c.sql): LintResult {
  const rule = migrationRules.find((r) => r.meta.id === id);
  assert.ok(rule, `rule ${id} is registered`);
  const settings: LintSettings = { ...DEFAULT_LINT_SETTINGS, ...c.settings };
  const sources: LintSource[] = [];
  if (c.history !== undefined) sources.push({ path: 'history.sql', text: c.history, linted: false });
  if (c.before !== undefined) sources.push({ path: 'before.sql', text: c.before, linted: true });
  sources.push({ path: c.path ?? 'migration.sql', text: sql, linted: true });
  const result = lintSources(sources, settings, [{ rule, severity: rule.meta.severity }], migrationRules);
  return { ...result, findings: result.findings.filter((f) => f.file === (c.path ?? 'migration.sql')) };
}

export function ruleTester(id: string, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  cases.valid.forEach((c, i) => {
    test(`${id} valid #${i + 1}: ${c.sql.replace(/\s+/g, ' ').slice(0, 60)}`, () => {
      const result = lintWithRule(id, c);
      assert.deepEqual(result.files.at(-1)?.parseErrors, [], 'the SQL parses');
      assert.deepEqual(result.findings.map((f) => `${f.line}:${f.column} ${f.messageId}`), []);
    });
  });
  cases.invalid.forEach((c, i) => {
    test(`${id} invalid #${i + 1}: ${c.sql.replace(/\s+/g, ' ').slice(0, 60)}`, () => {
      const result = lintWithRule(id, c);
      assert.deepEqual(result.files.at(-1)?.parseErrors, [], 'the SQL parses');
      const got = result.findings.map((f) => ({ messageId: f.messageId, line: f.line, ...(c.errors.some((e) => e.column !== undefined) ? { column: f.column } : {}) }));
      const want = c.errors.map((e) => ({ messageId: e.messageId, line: e.line, ...(c.errors.some((x) => x.column !== undefined) ? { column: e.column } : {}) }));
      assert.deepEqual(got, want);
      for (const f of result.findings) {
        assert.equal(f.rule, id);
        assert.ok(f.message.length > 0 && !f.message.includes('{{'), `message rendered: ${f.message}`);
        assert.ok(!f.help.includes('{{'), `help rendered: ${f.help}`);
      }
      if (c.output !== undefined) {
        const fixed = applyFixes(c.sql, result.findings);
        assert.equal(fixed.text, c.output);
        assert.deepEqual(lintWithRule(id, c, fixed.text).findings.map((f) => f.messageId), [], 'the fixed SQL lints clean');
      }
    });
  });
}
