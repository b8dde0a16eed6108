/** `pgopt lint --format markdown`: a pull-request comment. */
import { findingsByFile } from '../lint/findings-by-file.js';
import type { LintResult, Severity } from '../lint/types.js';
import { describeLock } from './lint-lock-text.js';

const ICON: Readonly<Record<Severity, string>> = { error: '🔴', warning: '🟡', info: '🔵' };

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderLintMarkdown(result: LintResult): string {
  const count = (s: Severity): number => result.findings.filter((f) => f.severity === s).length;
  const parseErrors = result.files.reduce((n, f) => n + f.parseErrors.length, 0);
  const out: string[] = ['## pgopt lint', ''];
  if (result.findings.length === 0 && parseErrors === 0) {
    out.push(`No problems found in ${result.files.length} migration file(s). ✅`, '');
    return out.join('\n');
  }
  out.push(
    `**${result.findings.length}** finding(s) in ${result.files.length} file(s): ${count('error')} error, ${count('warning')} warning, ${count('info')} info` +
      (parseErrors > 0 ? `; **${parseErrors}** statement(s) could not be parsed` : '') + '.',
    '',
  );
  const byFile = findingsByFile(result.findings);
  for (const file of result.files) {
    const findings = byFile.get(file.path) ?? [];
    const errors = file.parseErrors;
    if (findings.length === 0 && errors.length === 0) continue;
    out.push(`### \`${file.path}\``, '', '| | line | rule | problem | lock | fix |', '| --- | ---: | --- | --- | --- | --- |');
    for (const e of errors) out.push(`| 🔴 | ${e.line} | parse error | ${cell(e.message)} | | |`);
    for (const f of findings) {
      out.push(`| ${ICON[f.severity]} | ${f.line} | \`${f.rule}\` | ${cell(f.message)} | ${f.lock === null ? '' : cell(describeLock(f.lock))} | ${cell(f.help)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
