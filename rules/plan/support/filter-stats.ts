/**
 * Rows a scan kept and threw away, over all loops. EXPLAIN prints "Actual
 * Rows" and "Rows Removed by ..." as per-loop averages, so both are
 * multiplied by "Actual Loops".
 */
import type { PlanNode } from '../../../src/plan/types.js';
import { numberProp } from '../../../src/plan/accessors.js';

export interface FilterStats {
  /** Times the node ran (at least 1). */
  readonly loops: number;
  /** Rows the node returned, over all loops. */
  readonly returnedRows: number;
  /** Rows the condition removed, over all loops. */
  readonly removedRows: number;
  /** removed / (removed + returned), as a percentage (0 when nothing was read). */
  readonly removedPercent: number;
}

/**
 * Filter statistics of an analyzed node, or undefined when the node has no
 * actuals, never ran, or has no `removedKey` ("Rows Removed by Filter",
 * "Rows Removed by Index Recheck", "Rows Removed by Join Filter").
 */
export function filterStats(node: PlanNode, removedKey = 'Rows Removed by Filter'): FilterStats | undefined {
  const rows = numberProp(node, 'Actual Rows');
  const removed = numberProp(node, removedKey);
  const loops = numberProp(node, 'Actual Loops') ?? 1;
  if (rows === undefined || removed === undefined || loops <= 0) return undefined;
  const returnedRows = rows * loops;
  const removedRows = removed * loops;
  const read = returnedRows + removedRows;
  return { loops, returnedRows, removedRows, removedPercent: read === 0 ? 0 : (removedRows / read) * 100 };
}

/** A percentage for a message: one decimal, but never rounded up to 100 when it is not 100. */
export function displayPercent(percent: number): number {
  const rounded = Math.round(percent * 10) / 10;
  return rounded >= 100 && percent < 100 ? 99.9 : rounded;
}
