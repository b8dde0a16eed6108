/** Turns a `Plan` back into EXPLAIN (FORMAT JSON) data, e.g. to print or compare it. */
import type { Plan, PlanNode, PlanValue } from './types.js';

/** The node and its subtree as EXPLAIN JSON (`Plans` holds the children). */
export function planNodeToJson(node: PlanNode): Record<string, PlanValue> {
  const json: Record<string, PlanValue> = { ...node.props };
  if (node.children.length > 0) json['Plans'] = node.children.map(planNodeToJson);
  return json;
}

/** `{ "Plan": ..., "Planning Time": ..., ... }` as EXPLAIN JSON prints one query. */
export function planToJson(plan: Plan): Record<string, PlanValue> {
  return { Plan: planNodeToJson(plan.root), ...plan.props };
}
