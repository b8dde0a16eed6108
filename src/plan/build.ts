/**
 * Builds a `Plan` from EXPLAIN (FORMAT JSON) data: the `[ { "Plan": ... } ]`
 * array, one `{ "Plan": ... }` object, or auto_explain's `{ "Query Text", "Plan" }`.
 */
import type { Plan, PlanNode, PlanValue } from './types.js';
import { registerPlanRoot } from './timing.js';

type JsonObject = { readonly [key: string]: PlanValue };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws a plain Error with a one-sentence reason when the data is not a plan. */
export function buildPlan(data: unknown): Plan {
  const top = Array.isArray(data) ? data[0] : data;
  if (!isObject(top)) throw new Error('expected an EXPLAIN JSON object or array');
  const rootData = top['Plan'];
  if (!isObject(rootData)) throw new Error('EXPLAIN JSON has no "Plan" object');
  let nextId = 0;
  const build = (node: JsonObject): PlanNode => {
    const nodeType = node['Node Type'];
    if (typeof nodeType !== 'string') throw new Error('plan node has no "Node Type"');
    const id = nextId++;
    const props: Record<string, PlanValue> = {};
    for (const key of Object.keys(node)) if (key !== 'Plans') props[key] = node[key] as PlanValue;
    const rawChildren = node['Plans'];
    const children = Array.isArray(rawChildren) ? rawChildren.filter(isObject).map(build) : [];
    return { nodeType, props, children, id };
  };
  const root = build(rootData);
  registerPlanRoot(root);
  const props: Record<string, PlanValue> = {};
  for (const key of Object.keys(top)) if (key !== 'Plan') props[key] = top[key] as PlanValue;
  const queryText = typeof top['Query Text'] === 'string' ? top['Query Text'] : undefined;
  return {
    root,
    props,
    analyzed: hasActuals(root),
    ...(queryText === undefined ? {} : { queryText }),
  };
}

function hasActuals(node: PlanNode): boolean {
  if (node.props['Actual Loops'] !== undefined || node.props['Actual Rows'] !== undefined) return true;
  return node.children.some(hasActuals);
}
