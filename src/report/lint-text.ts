/**
 * `pgopt lint` for a terminal: each finding with its location, the lock it
 * takes, a source excerpt with a caret under the spot, and what to do.
 */
import { applyFixes } from '../lint/apply-fixes.js';
import type { LintFinding, LintResult, Severity } from '../lint/types.js';
import { describeLock } from './lint-lock-text.js';

export interface LintTextOptions {
  /** File texts by path, for the excerpts; a finding without its text is shown without one. */
  readonly sources?: ReadonlyMap<string, string>;
  /** ANSI colours. */
  readonly color?: boolean;
}

const COLORS: Readonly<Record<Severity | 'dim', string>> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m' };

function lineOf(text: string, line: number): string {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

/** The finding's lines as `--fix` would rewrite them. */
function fixedExcerpt(text: string, finding: LintFinding): string[] {
  const fixed = applyFixes(text, [finding]).text;
  const added = (fixed.match(/\n/g)?.length ?? 0) - (text.match(/\n/g)?.length ?? 0);
  const first = Math.min(finding.line, ...(finding.fix ?? []).map((e) => (text.slice(0, e.start).match(/\n/g)?.length ?? 0) + 1));
  const out: string[] = [];
  for (let line = first; line <= finding.endLine + added; line++) out.push(lineOf(fixed, line));
  return out;
}

export function renderLintText(result: LintResult, options: LintTextOptions = {}): string {
  const paint = (kind: Severity | 'dim', text: string): string => (options.color === true ? `${COLORS[kind]}${text}\x1b[0m` : text);
  const out: string[] = [];
  for (const file of result.files) {
    for (const e of file.parseErrors) {
      out.push(`${file.path}:${e.line}:${e.column} ${paint('error', 'parse error')} ${e.message}`);
      out.push('  the statement was skipped; the rest of the file was linted', '');
    }
  }
  for (const f of result.findings) {
    out.push(`${f.file}:${f.line}:${f.column} ${paint(f.severity, f.severity)} ${f.rule}`);
    out.push(`  ${f.message}`);
    if (f.lock !== null) out.push(`  ${paint('dim', 'lock:')} ${describeLock(f.lock)}`);
    const text = options.sources?.get(f.file);
    if (text !== undefined) {
      const source = lineOf(text, f.line);
      const gutter = String(f.line).length;
      out.push(`  ${' '.repeat(gutter)} |`);
      out.push(`  ${f.line} | ${source}`);
      out.push(`  ${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, f.column - 1))}${paint(f.severity, '^')}`);
    }
    if (f.help !== '') out.push(`  ${paint('dim', 'help:')} ${f.help}`);
    if (f.fix !== undefined) {
      out.push(`  ${paint('dim', 'fix (--fix):')}`);
      if (text !== undefined) for (const line of fixedExcerpt(text, f)) out.push(`    ${line}`);
    }
    out.push('');
  }
  const count = (s: Severity): number => result.findings.filter((f) => f.severity === s).length;
  const parseErrors = result.files.reduce((n, f) => n + f.parseErrors.length, 0);
  const statements = result.files.reduce((n, f) => n + f.statements, 0);
  out.push(
    `${result.findings.length} finding(s): ${count('error')} error, ${count('warning')} warning, ${count('info')} info` +
      ` in ${result.files.length} file(s), ${statements} statement(s)${parseErrors > 0 ? `; ${parseErrors} parse error(s)` : ''}`,
  );
  return `${out.join('\n')}\n`;
}
