/**
 * Ignore comments: `-- pgopt-ignore rule[, rule] [-- reason]` on or above a
 * statement, `-- pgopt-ignore-file [rules]`, and squawk's `squawk-ignore` /
 * `squawk-ignore-file` (rule names there are squawk ids, mapped through each
 * rule's aliases). A directive without rule names ignores every rule.
 */
import type { SqlComment } from '../sql/migration-scan.js';
import type { SourceLines } from './source-lines.js';

export interface IgnoreDirective {
  readonly scope: 'statement' | 'file';
  readonly tool: 'pgopt' | 'squawk';
  /** Rule names as written (empty: all rules). */
  readonly names: readonly string[];
  readonly line: number;
  readonly column: number;
  readonly start: number;
  readonly end: number;
}

const DIRECTIVE = /^(pgopt|squawk)-ignore(-file)?(?:\s+(.*))?$/s;

export function parseIgnoreDirectives(comments: readonly SqlComment[], lines: SourceLines): IgnoreDirective[] {
  const out: IgnoreDirective[] = [];
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.body);
    if (match === null) continue;
    // A trailing `-- reason` is free text, not rule names.
    const list = (match[3] ?? '').split(/\s--/)[0] ?? '';
    const names = list.split(/[\s,]+/).filter((n) => n !== '');
    const { line, column } = lines.position(comment.start);
    out.push({
      scope: match[2] === undefined ? 'statement' : 'file',
      tool: match[1] === 'squawk' ? 'squawk' : 'pgopt',
      names,
      line,
      column,
      start: comment.start,
      end: comment.end,
    });
  }
  return out;
}
