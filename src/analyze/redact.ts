/**
 * Logs carry personal data. Before anything leaves pgopt, string literals in
 * free text (finding messages quote plan filters) are masked, and the
 * per-query examples are dropped, unless the user asked for literals.
 */
import type { AnalyzeResult, Finding, QueryStats } from './types.js';

/** Replaces every '...' string literal (with '' escapes) by '?'. */
export function maskStringLiterals(text: string): string {
  return text.replace(/'(?:[^']|'')*'/g, "'?'");
}

function redactFinding(finding: Finding): Finding {
  return { ...finding, message: maskStringLiterals(finding.message), help: maskStringLiterals(finding.help) };
}

function redactQuery(query: QueryStats): QueryStats {
  const { example: _example, exampleParams: _params, ...rest } = query;
  return { ...rest, findings: query.findings.map(redactFinding) };
}

/** The result as reporters may show it: literals gone unless `showLiterals`. */
export function redactResult(result: AnalyzeResult, showLiterals: boolean): AnalyzeResult {
  if (showLiterals) return result;
  return {
    ...result,
    queries: result.queries.map(redactQuery),
    findings: result.findings.map(redactFinding),
    // Verdict reasons may quote a planner error that echoes a value. Partial-index
    // predicates (`where`, `ddl`) keep their constants: they are the index's
    // definition, taken from constants the statement itself spells out.
    verdicts: result.verdicts.map((verdict) => ({ ...verdict, reason: maskStringLiterals(verdict.reason) })),
  };
}
