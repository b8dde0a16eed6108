import type { LintFinding } from './types.js';

/**
 * Findings grouped by file, each group in the run's order. For code that visits every file: filtering the
 * run's findings once per file is quadratic in a large run (889 files and 5,432 findings here).
 */
export function findingsByFile(findings: readonly LintFinding[], keep: (finding: LintFinding) => boolean = () => true): Map<string, LintFinding[]> {
  const byFile = new Map<string, LintFinding[]>();
  for (const finding of findings) {
    if (!keep(finding)) continue;
    const group = byFile.get(finding.file);
    if (group === undefined) byFile.set(finding.file, [finding]);
    else group.push(finding);
  }
  return byFile;
}
