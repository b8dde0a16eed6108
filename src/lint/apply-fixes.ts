/** Applies findings' fixes to a file's text: non-overlapping edits only, first one wins, duplicates once. */
import type { LintFinding, TextEdit } from './types.js';

export function applyFixes(text: string, findings: readonly LintFinding[]): { text: string; applied: number } {
  const edits: TextEdit[] = [];
  let applied = 0;
  const seen = new Set<string>();
  for (const finding of findings) {
    if (finding.fix === undefined) continue;
    const key = JSON.stringify(finding.fix);
    if (seen.has(key)) continue;
    const overlaps = finding.fix.some((e) => edits.some((o) => e.start < o.end && o.start < e.end));
    const samePoint = finding.fix.some((e) => edits.some((o) => e.start === o.start && e.end === o.end && e.start === e.end && o.text === e.text));
    if (overlaps || samePoint) continue;
    seen.add(key);
    edits.push(...finding.fix);
    applied++;
  }
  // Apply from the end so earlier offsets stay valid; inserts at one point keep their order, except
  // that CONCURRENTLY goes first: PostgreSQL's grammar wants DROP INDEX CONCURRENTLY IF EXISTS (and
  // CREATE INDEX CONCURRENTLY IF NOT EXISTS), whichever rule's finding came first.
  // A replacement starting where an insert goes is applied first, so the insert lands before its new text.
  const isInsert = (e: TextEdit): number => (e.start === e.end ? 1 : 0);
  const ordered = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.start - a.e.start || isInsert(a.e) - isInsert(b.e) || keywordRank(b.e) - keywordRank(a.e) || b.i - a.i);
  let out = text;
  for (const { e } of ordered) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, applied };
}

/** Among inserts at one point, 0 for the one that must come first. */
function keywordRank(edit: TextEdit): number {
  return edit.start === edit.end && /^concurrently\b/i.test(edit.text) ? 0 : 1;
}
