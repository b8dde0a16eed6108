/**
 * `pgopt lint --format json`: the public contract documented in the README,
 * built field by field so internal fields never leak into it.
 */
import type { LintResult } from '../lint/types.js';

export function renderLintJson(result: LintResult): string {
  const out = {
    version: 1 as const,
    files: result.files.map((f) => ({
      path: f.path,
      statements: f.statements,
      parseErrors: f.parseErrors.map((e) => ({ line: e.line, column: e.column, message: e.message })),
    })),
    findings: result.findings.map((f) => ({
      rule: f.rule,
      aliases: f.aliases,
      severity: f.severity,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      help: f.help,
      lock: f.lock,
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
