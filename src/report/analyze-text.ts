/** The terminal report of `pgopt analyze`: top queries by total time, their findings, index advice. */
import type { AnalyzeResult } from '../analyze/types.js';
import { formatCount, formatDuration, oneLine } from './format-number.js';

export interface AnalyzeReportOptions {
  /** How many queries to list (default 20). */
  readonly top?: number;
}

export function renderAnalyzeText(result: AnalyzeResult, options: AnalyzeReportOptions = {}): string {
  const top = options.top ?? 20;
  const lines: string[] = [];
  const { summary } = result;
  lines.push('pgopt analyze');
  lines.push(
    `${formatCount(summary.statements)} statements, ${formatCount(summary.fingerprints)} distinct, ${formatCount(summary.plans)} plans, ${formatDuration(summary.totalDurationMs)} in total` +
      (summary.unparsed > 0 ? `; ${summary.unparsed} statement shapes could not be parsed (counted lexically)` : ''),
  );
  for (const input of result.inputs) {
    lines.push(`  ${input.path} (${input.format}): ${formatCount(input.lines)} lines, ${formatCount(input.entries)} entries` + (input.skipped > 0 ? `, ${formatCount(input.skipped)} skipped` : ''));
    for (const error of input.errors.slice(0, 5)) lines.push(`    ${input.path}:${error.line}: ${error.message}`);
    if (input.errors.length > 5) lines.push(`    … ${input.errors.length - 5} more errors (see --format json)`);
  }

  const total = summary.totalDurationMs;
  lines.push('', `Top ${Math.min(top, result.queries.length)} queries by total time`);
  result.queries.slice(0, top).forEach((query, index) => {
    const share = total > 0 ? ` (${((query.totalMs / total) * 100).toFixed(1)}%)` : '';
    lines.push('');
    lines.push(
      `${index + 1}. ${formatDuration(query.totalMs)}${share}  calls ${formatCount(query.calls)}  mean ${formatDuration(query.meanMs)}  p95 ${formatDuration(query.p95Ms)}  max ${formatDuration(query.maxMs)}  [${query.fingerprint}]`,
    );
    lines.push(`   ${oneLine(query.query, 160)}`);
    if (query.example !== undefined) lines.push(`   example: ${oneLine(query.example, 160)}`);
    for (const finding of query.findings.slice(0, 3)) {
      lines.push(`   ! ${finding.severity} ${finding.rule}: ${finding.message}`);
      lines.push(`     at ${finding.node}; ${formatDuration(finding.timeAtStakeMs)} at stake`);
      lines.push(`     fix: ${finding.help}`);
    }
    if (query.findings.length > 3) lines.push(`   … ${query.findings.length - 3} more findings`);
  });

  if (result.findings.length > 0) {
    lines.push('', 'Findings ranked by time at stake');
    for (const finding of result.findings.slice(0, top)) {
      lines.push(`  ${formatDuration(finding.timeAtStakeMs).padStart(10)}  ${finding.severity.padEnd(7)} ${finding.rule}  ${finding.node}  [${finding.fingerprint}]`);
    }
  }

  if (result.indexes.length > 0) {
    lines.push('', 'Suggested indexes');
    for (const index of result.indexes) {
      const saving =
        index.estimatedCostBefore !== null && index.estimatedCostAfter !== null && index.estimatedCostBefore > 0
          ? ` (estimated cost ${formatCount(index.estimatedCostBefore)} -> ${formatCount(index.estimatedCostAfter)}, ${(100 - (index.estimatedCostAfter / index.estimatedCostBefore) * 100).toFixed(0)}% less)`
          : '';
      lines.push(`  ${index.ddl}`);
      lines.push(`    ${index.validated ? 'validated with HypoPG' : 'not validated'}${saving}; serves ${index.fingerprints.join(', ')}`);
      lines.push(`    ${index.reason}`);
    }
  }
  const existing = result.existingIndexes;
  if (existing !== null && existing.redundant.length + existing.unused.length + existing.duplicates.length > 0) {
    lines.push('', 'Existing indexes worth a second look');
    for (const [label, notes] of [['redundant', existing.redundant], ['unused', existing.unused], ['duplicate', existing.duplicates]] as const) {
      for (const note of notes) lines.push(`  ${label}: ${note.index} on ${note.table}: ${note.reason}`);
    }
  }
  const unserved = result.verdicts.filter((verdict) => verdict.index === null);
  if (unserved.length > 0) {
    lines.push('', 'Slow queries left without an index');
    for (const verdict of unserved.slice(0, top)) lines.push(`  [${verdict.fingerprint}] ${verdict.reason}`);
  }
  return lines.join('\n') + '\n';
}
