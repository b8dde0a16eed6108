/** `pgopt lint --format github`: GitHub Actions workflow commands, shown as annotations on the PR diff. */
import type { LintResult, Severity } from '../lint/types.js';
import { describeLock } from './lint-lock-text.js';

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderLintGithub(result: LintResult): string {
  const out: string[] = [];
  for (const file of result.files) {
    for (const e of file.parseErrors) {
      out.push(`::error file=${escapeProperty(file.path)},line=${e.line},col=${e.column},title=${escapeProperty('pgopt: parse error')}::${escapeData(e.message)}`);
    }
  }
  for (const f of result.findings) {
    const body = [f.message, f.lock === null ? '' : `Lock: ${describeLock(f.lock)}.`, f.help].filter((s) => s !== '').join('\n');
    out.push(
      `::${COMMAND[f.severity]} file=${escapeProperty(f.file)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${escapeProperty(`pgopt ${f.rule}`)}::${escapeData(body)}`,
    );
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
