/** `pgopt analyze` as Markdown, for a PR comment or a wiki page. */
import type { AnalyzeResult } from '../analyze/types.js';
import type { AnalyzeReportOptions } from './analyze-text.js';
import { formatCount, formatDuration, oneLine } from './format-number.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/`/g, "'");
}

export function renderAnalyzeMarkdown(result: AnalyzeResult, options: AnalyzeReportOptions = {}): string {
  const top = options.top ?? 20;
  const { summary } = result;
  const out: string[] = ['## pgopt analyze', ''];
  out.push(
    `**${formatCount(summary.statements)}** statements, **${formatCount(summary.fingerprints)}** distinct, **${formatCount(summary.plans)}** plans, **${formatDuration(summary.totalDurationMs)}** in total.`,
  );
  const skipped = result.inputs.reduce((sum, input) => sum + input.skipped, 0);
  if (skipped > 0) out.push('', `${formatCount(skipped)} input entries were skipped (see the JSON output for lines).`);
  out.push('', `### Top queries by total time`, '', '| # | total | calls | mean | p95 | query | findings |', '|---:|---:|---:|---:|---:|---|---|');
  result.queries.slice(0, top).forEach((query, index) => {
    const findings = query.findings.map((finding) => finding.rule).join(', ');
    out.push(
      `| ${index + 1} | ${formatDuration(query.totalMs)} | ${formatCount(query.calls)} | ${formatDuration(query.meanMs)} | ${formatDuration(query.p95Ms)} | \`${cell(oneLine(query.query, 120))}\` | ${cell(findings)} |`,
    );
  });
  if (result.findings.length > 0) {
    out.push('', '### Findings', '', '| time at stake | severity | rule | node | what to do |', '|---:|---|---|---|---|');
    for (const finding of result.findings.slice(0, top)) {
      out.push(`| ${formatDuration(finding.timeAtStakeMs)} | ${finding.severity} | ${finding.rule} | ${cell(finding.node)} | ${cell(finding.help)} |`);
    }
  }
  if (result.indexes.length > 0) {
    out.push('', '### Suggested indexes', '', '```sql', ...result.indexes.map((index) => index.ddl), '```', '');
    for (const index of result.indexes) out.push(`- \`${cell(index.table)}\` (${index.validated ? 'validated' : 'not validated'}): ${cell(index.reason)}`);
  }
  const existing = result.existingIndexes;
  if (existing !== null && existing.redundant.length + existing.unused.length + existing.duplicates.length > 0) {
    out.push('', '### Existing indexes worth a second look', '');
    for (const [label, notes] of [['redundant', existing.redundant], ['unused', existing.unused], ['duplicate', existing.duplicates]] as const) {
      for (const note of notes) out.push(`- ${label}: \`${cell(note.index)}\` on \`${cell(note.table)}\`: ${cell(note.reason)}`);
    }
  }
  const unserved = result.verdicts.filter((verdict) => verdict.index === null);
  if (unserved.length > 0) {
    out.push('', '### Slow queries left without an index', '');
    for (const verdict of unserved.slice(0, top)) out.push(`- \`${verdict.fingerprint}\`: ${cell(verdict.reason)}`);
  }
  return out.join('\n') + '\n';
}
