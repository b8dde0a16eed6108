/** Reads a plan fixture and compares trees the way PostgreSQL's JSON would. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PlanValue } from '../../src/plan/types.js';

const dir = fileURLToPath(new URL('../fixtures/plan/', import.meta.url));

export function readFixture(name: string): string {
  return readFileSync(`${dir}${name}`, 'utf8');
}

/**
 * Drops the keys EXPLAIN JSON has but the text format never prints:
 * "Async Capable" when false, and "Inner Unique" (text shows it only with
 * VERBOSE), so both sides drop them.
 */
export function withoutTextlessKeys(value: PlanValue): PlanValue {
  if (Array.isArray(value)) return value.map(withoutTextlessKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, PlanValue> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Async Capable' && item === false) continue;
    if (key === 'Inner Unique') continue;
    out[key] = withoutTextlessKeys(item);
  }
  return out;
}
