/** Builds the `QueryStats` the analyzer would hand the advisor, for tests. */
import { createHash } from 'node:crypto';
import type { QueryStats } from '../../src/analyze/types.js';
import type { Plan } from '../../src/plan/types.js';
import { buildPlan } from '../../src/plan/build.js';

export function queryStats(
  query: string,
  options: { calls?: number; meanMs?: number; plans?: readonly unknown[]; exampleParams?: readonly string[]; example?: string } = {},
): QueryStats {
  const calls = options.calls ?? 100;
  const meanMs = options.meanMs ?? 50;
  const plans: Plan[] = (options.plans ?? []).map((p) => buildPlan(p));
  return {
    fingerprint: createHash('sha1').update(query).digest('hex').slice(0, 16),
    query,
    calls,
    totalMs: calls * meanMs,
    meanMs,
    p50Ms: meanMs,
    p95Ms: meanMs,
    maxMs: meanMs,
    rows: null,
    tables: [],
    parsed: true,
    findings: [],
    plans,
    ...(options.exampleParams === undefined ? {} : { exampleParams: options.exampleParams }),
    ...(options.example === undefined ? {} : { example: options.example }),
  };
}
