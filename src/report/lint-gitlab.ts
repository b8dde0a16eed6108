/** `pgopt lint --format gitlab`: a GitLab Code Quality report (artifacts:reports:codequality). */
import { hexDigest } from '../hash.js';
import type { LintResult, Severity } from '../lint/types.js';
import { describeLock } from './lint-lock-text.js';

const SEVERITY: Readonly<Record<Severity, string>> = { error: 'critical', warning: 'major', info: 'info' };

function fingerprint(...parts: readonly (string | number)[]): string {
  return hexDigest('md5', parts.join('\u0000'));
}

export function renderLintGitlab(result: LintResult): string {
  const issues = [
    ...result.files.flatMap((file) =>
      file.parseErrors.map((e) => ({
        description: `parse error: ${e.message}`,
        check_name: 'parse-error',
        fingerprint: fingerprint('parse-error', file.path, e.line, e.column, e.message),
        severity: 'blocker',
        location: { path: file.path, lines: { begin: e.line } },
      })),
    ),
    ...result.findings.map((f) => ({
      description: `${f.message}${f.lock === null ? '' : ` Lock: ${describeLock(f.lock)}.`} ${f.help}`.trim(),
      check_name: f.rule,
      fingerprint: fingerprint(f.rule, f.file, f.line, f.column, f.message),
      severity: SEVERITY[f.severity],
      location: { path: f.file, lines: { begin: f.line, end: f.endLine } },
    })),
  ];
  return `${JSON.stringify(issues, null, 2)}\n`;
}
