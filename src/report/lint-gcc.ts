/**
 * `pgopt lint --format gcc`: one line per problem in the compiler shape editors and CI problem
 * matchers already read (`file:line:column: severity: message [rule]`), as squawk's `gcc` reporter.
 * Parse errors and findings of a file come together, in line order.
 */
import type { LintResult, Severity } from '../lint/types.js';

/** gcc's own words: an info finding is a `note`, which problem matchers for warnings and errors leave out. */
const LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'note' };

/** A message on one line: the format has no way to continue one. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

export function renderLintGcc(result: LintResult): string {
  const lines: { readonly file: string; readonly line: number; readonly column: number; readonly text: string }[] = [];
  for (const file of result.files) {
    for (const e of file.parseErrors) {
      lines.push({ file: file.path, line: e.line, column: e.column, text: `${file.path}:${e.line}:${e.column}: error: ${oneLine(e.message)} [parse-error]` });
    }
  }
  for (const f of result.findings) {
    lines.push({ file: f.file, line: f.line, column: f.column, text: `${f.file}:${f.line}:${f.column}: ${LEVEL[f.severity]}: ${oneLine(f.message)} [${f.rule}]` });
  }
  const order = new Map(result.files.map((file, index) => [file.path, index]));
  lines.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line || a.column - b.column);
  return lines.length === 0 ? '' : `${lines.map((l) => l.text).join('\n')}\n`;
}
