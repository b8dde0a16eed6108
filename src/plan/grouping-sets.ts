/**
 * EXPLAIN text prints an aggregate's grouping sets as repeated "Group Key:",
 * "Hash Key:" and "Sort Key:" lines; EXPLAIN JSON nests them under
 * "Grouping Sets". This rebuilds the JSON shape from the lines, in order.
 */
import type { PlanValue } from './types.js';
import { splitTopLevel } from './node-properties.js';

/** One "Group Key" / "Hash Key" / "Sort Key" line of an Aggregate node. */
export interface GroupingLine {
  readonly key: 'Group Key' | 'Hash Key' | 'Sort Key';
  readonly value: string;
}

function keyList(value: string): string[] {
  return value.trim() === '()' ? [] : splitTopLevel(value);
}

/** True when the lines describe grouping sets rather than one plain GROUP BY. */
export function isGroupingSets(lines: readonly GroupingLine[]): boolean {
  const groupKeys = lines.filter((line) => line.key === 'Group Key');
  return lines.some((line) => line.key !== 'Group Key') || groupKeys.length > 1 || groupKeys.some((line) => line.value.trim() === '()');
}

/** The "Grouping Sets" value EXPLAIN JSON gives for these lines. */
export function groupingSets(lines: readonly GroupingLine[]): PlanValue[] {
  const sets: Record<string, PlanValue[] | PlanValue>[] = [];
  let current: { 'Group Keys': PlanValue[] } & Record<string, PlanValue> | undefined;
  for (const line of lines) {
    if (line.key === 'Hash Key') {
      sets.push({ 'Hash Keys': [keyList(line.value)] });
      current = undefined;
    } else if (line.key === 'Sort Key') {
      current = { 'Sort Key': keyList(line.value), 'Group Keys': [] };
      sets.push(current);
    } else {
      if (current === undefined) {
        current = { 'Group Keys': [] };
        sets.push(current);
      }
      current['Group Keys'].push(keyList(line.value));
    }
  }
  return sets;
}
