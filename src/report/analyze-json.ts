/** The JSON output of `pgopt analyze`: the public contract documented in the README. */
import type { AnalyzeResult } from '../analyze/types.js';

export function renderAnalyzeJson(result: AnalyzeResult): string {
  const output = {
    version: result.version,
    inputs: result.inputs,
    summary: result.summary,
    queries: result.queries.map((query) => ({
      fingerprint: query.fingerprint,
      query: query.query,
      calls: query.calls,
      totalMs: query.totalMs,
      meanMs: query.meanMs,
      p50Ms: query.p50Ms,
      p95Ms: query.p95Ms,
      maxMs: query.maxMs,
      rows: query.rows,
      tables: query.tables,
      parsed: query.parsed,
      plans: query.plans.length,
      findings: query.findings,
      ...(query.example === undefined ? {} : { example: query.example }),
      ...(query.exampleParams === undefined ? {} : { exampleParams: query.exampleParams }),
    })),
    findings: result.findings,
    indexes: result.indexes,
    verdicts: result.verdicts,
    existingIndexes: result.existingIndexes,
  };
  return JSON.stringify(output, null, 2) + '\n';
}
