/**
 * The tables a statement reads or writes, from libpg-query's parse tree:
 * every RangeVar, minus the names of its own CTEs.
 */
import type { RawParseResult } from './libpg.js';

export function tablesOf(tree: RawParseResult): string[] {
  const tables = new Set<string>();
  const cteNames = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    const rangeVar = record['RangeVar'] as { relname?: string; schemaname?: string } | undefined;
    if (rangeVar?.relname !== undefined) {
      tables.add(rangeVar.schemaname ? `${rangeVar.schemaname}.${rangeVar.relname}` : rangeVar.relname);
    }
    const cte = record['CommonTableExpr'] as { ctename?: string } | undefined;
    if (cte?.ctename !== undefined) cteNames.add(cte.ctename);
    for (const key in record) visit(record[key]);
  };
  visit(tree.stmts);
  return [...tables].filter((name) => !cteNames.has(name)).sort();
}
