/**
 * `pgopt lint` for a terminal: each finding with its location, the lock it
 * takes, a source excerpt with a caret under the spot, and what to do.
 */
import { applyFixes } from '../lint/apply-fixes.js';
import { SourceLines } from '../lint/source-lines.js';
import type { LintFinding, LintResult, Severity } from '../lint/types.js';
import { describeLock } from './lint-lock-text.js';

export interface LintTextOptions {
  /** File texts by path, for the excerpts; a finding without its text is shown without one. */
  readonly sources?: ReadonlyMap<string, string>;
  /** ANSI colours. */
  readonly color?: boolean;
}

const COLORS: Readonly<Record<Severity | 'dim', string>> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m' };

/**
 * The finding's lines as `--fix` would rewrite them: from the first line the finding or one of its edits
 * touches through the finding's last line, with the lines the edits add. Only those lines are rewritten
 * (the edits all lie in them), not the whole file once per finding.
 */
function fixedExcerpt(text: string, lines: SourceLines, finding: LintFinding): string[] {
  const edits = finding.fix ?? [];
  const first = Math.min(finding.line, ...edits.map((e) => lines.position(e.start).line));
  const last = Math.max(finding.endLine, ...edits.map((e) => lines.position(e.end).line));
  const start = lines.lineStart(first);
  const region = text.slice(start, lines.lineStart(last + 1));
  const shifted = edits.map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
  const fixed = applyFixes(region, [{ ...finding, fix: shifted }]).text.split(LINE_END);
  const added = fixed.length - region.split(LINE_END).length;
  return fixed.slice(0, finding.endLine + added - first + 1);
}

/** A line end as SourceLines counts them: LF, CRLF or a lone CR. */
const LINE_END = /\r\n?|\n/;

export function renderLintText(result: LintResult, options: LintTextOptions = {}): string {
  const paint = (kind: Severity | 'dim', text: string): string => (options.color === true ? `${COLORS[kind]}${text}\x1b[0m` : text);
  const out: string[] = [];
  for (const file of result.files) {
    for (const e of file.parseErrors) {
      out.push(`${file.path}:${e.line}:${e.column} ${paint('error', 'parse error')} ${e.message}`);
      out.push('  the statement was skipped; the rest of the file was linted', '');
    }
  }
  // Per file, for the excerpts: finding a line by scanning from the file's start, once per finding, was
  // most of the report's time for a file with hundreds of findings.
  const linesByFile = new Map<string, SourceLines>();
  const linesOf = (file: string, text: string): SourceLines => {
    let lines = linesByFile.get(file);
    if (lines === undefined) {
      lines = new SourceLines(text);
      linesByFile.set(file, lines);
    }
    return lines;
  };
  for (const f of result.findings) {
    out.push(`${f.file}:${f.line}:${f.column} ${paint(f.severity, f.severity)} ${f.rule}`);
    out.push(`  ${f.message}`);
    if (f.lock !== null) out.push(`  ${paint('dim', 'lock:')} ${describeLock(f.lock)}`);
    const text = options.sources?.get(f.file);
    const lines = text === undefined ? undefined : linesOf(f.file, text);
    if (lines !== undefined) {
      const source = lines.lineText(f.line);
      const gutter = String(f.line).length;
      out.push(`  ${' '.repeat(gutter)} |`);
      out.push(`  ${f.line} | ${source}`);
      out.push(`  ${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, f.column - 1))}${paint(f.severity, '^')}`);
    }
    if (f.help !== '') out.push(`  ${paint('dim', 'help:')} ${f.help}`);
    if (f.fix !== undefined) {
      out.push(`  ${paint('dim', 'fix (--fix):')}`);
      if (text !== undefined && lines !== undefined) for (const line of fixedExcerpt(text, lines, f)) out.push(`    ${line}`);
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
