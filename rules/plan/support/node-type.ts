/**
 * EXPLAIN JSON names a parallel seq scan "Seq Scan" with "Parallel Aware":
 * true, while text output says "Parallel Seq Scan" (and "Partial
 * HashAggregate", "Finalize GroupAggregate"). Rules compare the base name so
 * they read both, whichever way a parser keeps it.
 */
import type { PlanNode } from '../../../src/plan/types.js';

const prefixes = /^(?:Parallel|Partial|Finalize)\s+/;

/** "Parallel Index Only Scan" -> "Index Only Scan"; other names unchanged. */
export function baseNodeType(node: PlanNode): string {
  return node.nodeType.replace(prefixes, '');
}
