/**
 * Time and row arithmetic on analyzed plans, for plan rules. Times are
 * wall-clock ms over all loops (see `./timing.ts` for loops, parallel
 * workers, CTEs and InitPlans); rows are totals over all loops unless a name
 * says "per loop".
 */
import type { PlanNode } from './types.js';
import { numberProp } from './accessors.js';
import { nodeTiming } from './timing.js';

/** Time spent in the node and everything it ran, over all loops, in ms (0 when not analyzed). */
export function inclusiveTimeMs(node: PlanNode): number {
  return nodeTiming(node).inclusiveMs;
}

/**
 * Time spent in this node alone, in ms, never negative: inclusive time minus
 * children, SubPlans, the InitPlans it evaluated and the CTEs it read.
 */
export function exclusiveTimeMs(node: PlanNode): number {
  return nodeTiming(node).exclusiveMs;
}

/** Actual rows over all loops (Actual Rows is a per-loop average). */
export function actualRowsTotal(node: PlanNode): number | undefined {
  const rows = numberProp(node, 'Actual Rows');
  if (rows === undefined) return undefined;
  return rows * Math.max(numberProp(node, 'Actual Loops') ?? 1, 1);
}

/** True when the node was planned but never ran (EXPLAIN's "never executed"). */
export function neverExecuted(node: PlanNode): boolean {
  return numberProp(node, 'Actual Loops') === 0;
}

/**
 * Share of the rows a condition read that it threw away, 0..1: removed /
 * (removed + kept). `key` is "Rows Removed by Filter" (default), "Rows
 * Removed by Index Recheck" or "Rows Removed by Join Filter". Undefined when
 * the node has no such count or read nothing.
 *
 * @example
 * rowsRemovedRatio(seqScan); // 0.99 when 99 of 100 rows were filtered out
 */
export function rowsRemovedRatio(node: PlanNode, key = 'Rows Removed by Filter'): number | undefined {
  const removed = numberProp(node, key);
  const kept = numberProp(node, 'Actual Rows');
  if (removed === undefined || kept === undefined) return undefined;
  const read = removed + kept; // both per-loop averages, so loops cancel out
  return read === 0 ? undefined : removed / read;
}

/**
 * How far the planner's row estimate was off, as a factor >= 1:
 * max(actual, planned) / min(actual, planned), both per loop (Plan Rows is
 * per execution, Actual Rows a per-loop average), each floored at 1 row so a
 * zero does not divide. Undefined when the node was not analyzed or never ran.
 */
export function estimateFactor(node: PlanNode): number | undefined {
  const planned = numberProp(node, 'Plan Rows');
  const actual = numberProp(node, 'Actual Rows');
  const loops = numberProp(node, 'Actual Loops');
  if (planned === undefined || actual === undefined || loops === 0) return undefined;
  const a = Math.max(actual, 1);
  const p = Math.max(planned, 1);
  return Math.max(a, p) / Math.min(a, p);
}

/** "under" when more rows came than planned, "over" when fewer, "exact" otherwise; undefined like `estimateFactor`. */
export function estimateDirection(node: PlanNode): 'under' | 'over' | 'exact' | undefined {
  const factor = estimateFactor(node);
  if (factor === undefined) return undefined;
  const a = Math.max(numberProp(node, 'Actual Rows') ?? 0, 1);
  const p = Math.max(numberProp(node, 'Plan Rows') ?? 0, 1);
  return a > p ? 'under' : a < p ? 'over' : 'exact';
}

/** Each node's parent in the tree under `root` (the root has none). */
export function parentMap(root: PlanNode): ReadonlyMap<PlanNode, PlanNode> {
  const parents = new Map<PlanNode, PlanNode>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of node.children) {
      parents.set(child, node);
      stack.push(child);
    }
  }
  return parents;
}
