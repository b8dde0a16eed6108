/**
 * Time and row arithmetic on analyzed plans. "Actual Total Time" is per loop,
 * so a node's total is time x loops; its exclusive time is that minus what
 * its children spent.
 */
import type { PlanNode } from './types.js';
import { numberProp } from './accessors.js';

/** Total time spent in the node and its children, over all loops, in ms (0 when not analyzed). */
export function inclusiveTimeMs(node: PlanNode): number {
  const perLoop = numberProp(node, 'Actual Total Time');
  if (perLoop === undefined) return 0;
  const loops = numberProp(node, 'Actual Loops') ?? 1;
  return perLoop * Math.max(loops, 1);
}

/** Time spent in this node alone, in ms, never negative. */
export function exclusiveTimeMs(node: PlanNode): number {
  let children = 0;
  for (const child of node.children) {
    // InitPlans run once and are charged to the node that uses them in text
    // output, but their time is not part of the parent's own work.
    children += inclusiveTimeMs(child);
  }
  return Math.max(0, inclusiveTimeMs(node) - children);
}

/** Actual rows over all loops (Actual Rows is a per-loop average). */
export function actualRowsTotal(node: PlanNode): number | undefined {
  const rows = numberProp(node, 'Actual Rows');
  if (rows === undefined) return undefined;
  return rows * Math.max(numberProp(node, 'Actual Loops') ?? 1, 1);
}
