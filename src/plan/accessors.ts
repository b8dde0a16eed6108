/** Typed reads of EXPLAIN JSON keys on a plan node. */
import type { PlanNode } from './types.js';

/** A finite number under `key`, else undefined (e.g. `numberProp(node, 'Actual Rows')`). */
export function numberProp(node: PlanNode, key: string): number | undefined {
  const value = node.props[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A string under `key`, else undefined (e.g. `stringProp(node, 'Filter')`). */
export function stringProp(node: PlanNode, key: string): string | undefined {
  const value = node.props[key];
  return typeof value === 'string' ? value : undefined;
}

/** The strings of a list under `key` ("Output", "Sort Key", "Group Key"), else undefined. */
export function stringListProp(node: PlanNode, key: string): readonly string[] | undefined {
  const value = node.props[key];
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string');
}

/** `schema.relation` when the plan says the schema, else the relation name; undefined when the node has none. */
export function relationOf(node: PlanNode): string | undefined {
  const relation = stringProp(node, 'Relation Name');
  if (relation === undefined) return undefined;
  const schema = stringProp(node, 'Schema');
  return schema === undefined ? relation : `${schema}.${relation}`;
}

/** "Seq Scan on orders (node 3)" */
export function describeNode(node: PlanNode): string {
  const relation = relationOf(node);
  const index = stringProp(node, 'Index Name');
  let text = node.nodeType;
  if (index !== undefined && relation !== undefined) text += ` using ${index} on ${relation}`;
  else if (relation !== undefined) text += ` on ${relation}`;
  else if (index !== undefined) text += ` using ${index}`;
  return `${text} (node ${node.id})`;
}
