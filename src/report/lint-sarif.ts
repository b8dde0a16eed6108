/** `pgopt lint --format sarif`: SARIF 2.1.0 for GitHub code scanning (upload-sarif). */
import type { LintResult, MigrationRule, Severity } from '../lint/types.js';
import { describeLock } from './lint-lock-text.js';

export interface LintSarifOptions {
  /** Rule metadata for the driver's rule list (ids without metadata still appear). */
  readonly rules?: readonly MigrationRule[];
  readonly toolVersion?: string;
}

const LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'note' };
const DOCS = 'https://github.com/pgopt/pgopt/blob/main/rules/migration/';

export function renderLintSarif(result: LintResult, options: LintSarifOptions = {}): string {
  const used = new Set(result.findings.map((f) => f.rule));
  const rules = [...used].sort().map((id) => {
    const meta = options.rules?.find((r) => r.meta.id === id)?.meta;
    return {
      id,
      shortDescription: { text: meta?.description ?? id },
      helpUri: `${DOCS}${id}.md`,
      defaultConfiguration: { level: LEVEL[meta?.severity ?? 'warning'] },
    };
  });
  const hasParseErrors = result.files.some((f) => f.parseErrors.length > 0);
  if (hasParseErrors) rules.push({ id: 'parse-error', shortDescription: { text: 'PostgreSQL could not parse a statement' }, helpUri: `${DOCS}README.md`, defaultConfiguration: { level: 'error' } });
  const region = (line: number, column: number, endLine?: number, endColumn?: number) => ({
    startLine: line,
    startColumn: column,
    ...(endLine === undefined ? {} : { endLine, endColumn }),
  });
  const results = [
    ...result.files.flatMap((file) =>
      file.parseErrors.map((e) => ({
        ruleId: 'parse-error',
        level: 'error',
        message: { text: e.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: file.path }, region: region(e.line, e.column) } }],
      })),
    ),
    ...result.findings.map((f) => ({
      ruleId: f.rule,
      level: LEVEL[f.severity],
      message: { text: `${f.message}${f.lock === null ? '' : ` Lock: ${describeLock(f.lock)}.`} ${f.help}`.trim() },
      locations: [{ physicalLocation: { artifactLocation: { uri: f.file }, region: region(f.line, f.column, f.endLine, f.endColumn) } }],
    })),
  ];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'pgopt', version: options.toolVersion ?? '0.1.0', informationUri: DOCS, rules } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
