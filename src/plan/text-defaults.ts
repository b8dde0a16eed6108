/**
 * What EXPLAIN JSON says that EXPLAIN text leaves implicit, filled in on the
 * tree parsed from text: "Parent Relationship" of ordinary children, keys
 * JSON prints as zero where text prints nothing, grouping sets, plan-wide
 * buffer keys.
 */
import type { TextNode } from './text-node.js';
import { groupingSets, isGroupingSets } from './grouping-sets.js';

/** True when any node has actual row counts (EXPLAIN ANALYZE). */
export function hasActuals(node: TextNode): boolean {
  return node.props['Actual Loops'] !== undefined || node.children.some(hasActuals);
}

/**
 * Keys EXPLAIN JSON always prints but text prints only when not zero:
 * rows removed by a condition (ANALYZE), a hash aggregate's partitions and disk.
 */
export function fillZeroDefaults(node: TextNode, analyzed: boolean): void {
  const props = node.props;
  if (analyzed && props['Actual Loops'] !== undefined) {
    if (props['Filter'] !== undefined) props['Rows Removed by Filter'] ??= 0;
    if (props['Join Filter'] !== undefined) props['Rows Removed by Join Filter'] ??= 0;
    const recheck = props['Node Type'] === 'Bitmap Heap Scan' ? props['Recheck Cond'] : props['Node Type'] === 'Index Scan' || props['Node Type'] === 'Index Only Scan' ? props['Index Cond'] : undefined;
    if (recheck !== undefined) props['Rows Removed by Index Recheck'] ??= 0;
  }
  if (props['Node Type'] === 'Append' || props['Node Type'] === 'Merge Append') props['Subplans Removed'] ??= 0;
  if (node.groupingLines.length > 0 && isGroupingSets(node.groupingLines)) {
    delete props['Group Key'];
    delete props['Hash Key'];
    delete props['Sort Key'];
    props['Grouping Sets'] = groupingSets(node.groupingLines);
  }
  if (props['Node Type'] === 'Aggregate' && (props['Strategy'] === 'Hashed' || props['Strategy'] === 'Mixed')) {
    if (props['Startup Cost'] !== undefined) props['Planned Partitions'] ??= 0;
    if (props['HashAgg Batches'] !== undefined) props['Disk Usage'] ??= 0;
    for (const worker of node.workers) if (worker['HashAgg Batches'] !== undefined) worker['Disk Usage'] ??= 0;
  }
  for (const child of node.children) fillZeroDefaults(child, analyzed);
}

/**
 * With BUFFERS (and track_io_timing), EXPLAIN JSON gives every node the
 * buffer (and I/O time) keys, zeros included; text leaves out all-zero lines.
 * Also drops the zero times of never-executed nodes when TIMING was off.
 */
const BUFFER_KEY = /^(?:(?:Shared|Local|Temp) (?:Hit|Read|Dirtied|Written) Blocks|(?:(?:Shared|Local|Temp) )?I\/O (?:Read|Write) Time)$/;

export function fillPlanWideKeys(root: TextNode): void {
  const all: TextNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    all.push(node);
    stack.push(...node.children);
  }
  const bufferKeys = new Set<string>();
  for (const node of all) {
    for (const key of Object.keys(node.props)) if (BUFFER_KEY.test(key)) bufferKeys.add(key);
  }
  for (const node of all) for (const key of bufferKeys) node.props[key] ??= 0;
  // "(never executed)" says nothing about TIMING; JSON has times only when TIMING was on.
  const timed = all.some((node) => node.props['Actual Loops'] !== 0 && node.props['Actual Total Time'] !== undefined);
  if (!timed) {
    for (const node of all) {
      if (node.props['Actual Loops'] !== 0) continue;
      delete node.props['Actual Startup Time'];
      delete node.props['Actual Total Time'];
    }
  }
}

/** Parent Relationship of ordinary children, as EXPLAIN JSON names them. */
export function setRelationships(node: TextNode): void {
  const nodeType = node.props['Node Type'];
  let ordinal = 0;
  for (const child of node.children) {
    if (child.props['Parent Relationship'] === undefined) {
      let relationship = ordinal === 0 ? 'Outer' : 'Inner';
      if (nodeType === 'Append' || nodeType === 'Merge Append' || nodeType === 'BitmapAnd' || nodeType === 'BitmapOr' || nodeType === 'Custom Scan') {
        relationship = 'Member';
      } else if (nodeType === 'Subquery Scan') {
        relationship = 'Subquery';
      }
      ordinal++;
      // Keep "Parent Relationship" right after "Node Type", where EXPLAIN puts it.
      const { ['Node Type']: type, ...rest } = child.props;
      child.props = { 'Node Type': type ?? '', 'Parent Relationship': relationship, ...rest };
    }
    setRelationships(child);
  }
}
