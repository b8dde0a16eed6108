/** `pgopt analyze`: parse flags, call the library, render, set the exit code. */
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import type { SetExitCode } from './commands.js';
import type { analyze } from '../analyze/analyze.js';
import { SEVERITIES, type Severity } from '../analyze/types.js';
import { INPUT_FORMATS, type InputFormat } from '../ingest/types.js';
import { UsageError } from '../errors.js';
import { parseRuleOptionFlags } from './rule-option-flags.js';
import { severityAtLeast } from './severity.js';
import { readSchemaSources } from './schema-sources.js';
import { createProgressBar, type ProgressBar } from './progress-bar.js';

interface AnalyzeFlags {
  inputFormat?: InputFormat;
  logLinePrefix?: string;
  format: 'text' | 'json' | 'markdown';
  output?: string;
  top: string;
  showLiterals: boolean;
  failOn?: Severity;
  disableRule: string[];
  ruleOption: string[];
  database?: string;
  pgStatStatements: boolean;
  schema?: string;
  emitMigration?: string;
  analyze: boolean;
  maxIndexes?: string;
  minSaving?: string;
  statementTimeout?: string;
  minTableRows?: string;
  maxSelectivity?: string;
  writePenalty?: string;
  maxInclude?: string;
  advise: boolean;
}

export function registerAnalyzeCommand(program: Command, setExitCode: SetExitCode): void {
  program
    .command('analyze')
    .description('Find the statements that cost the most in PostgreSQL logs, plans and pg_stat_statements, flag plan problems and suggest indexes')
    .argument('[files...]', 'log, EXPLAIN, pg_stat_statements CSV or .sql files (.gz too); - for stdin')
    .addOption(new Option('--input-format <format>', 'force the input format instead of detecting it').choices(INPUT_FORMATS as string[]))
    .option('--log-line-prefix <prefix>', "the server's log_line_prefix setting, verbatim (e.g. '%m [%p] %q%u@%d ')")
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'markdown']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--top <n>', 'queries listed in text and markdown reports', '20')
    .option('--show-literals', 'show one example per query with its literal values (logs carry personal data: off by default)', false)
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(SEVERITIES as string[]))
    .option('--disable-rule <id...>', 'plan rules to turn off', [])
    .option('--rule-option <rule.option=value...>', 'override a plan rule threshold, e.g. seq-scan-filter.minRows=50000', [])
    .option('--database <url>', 'connect for catalog facts and HypoPG validation of index suggestions (read-only; adds no input)')
    .option('--pg-stat-statements', 'also read pg_stat_statements live from --database', false)
    .option('--schema <file-or-dir>', 'offline: a schema dump or a migrations folder (replayed in order) for existing indexes')
    .option('--emit-migration <file>', 'write the suggested indexes as a migration file')
    .option('--analyze', 'let the advisor run EXPLAIN ANALYZE on plain SELECTs (executes them!)', false)
    .option('--max-indexes <n>', 'at most this many index suggestions')
    .option('--min-saving <percent>', 'drop suggestions that save less than this share of a query\'s cost')
    .option('--statement-timeout <ms>', 'statement_timeout of the advisor\'s sessions, in milliseconds (default 5000)')
    .option('--min-table-rows <n>', 'tables with fewer rows get no index (default 1000)')
    .option('--max-selectivity <percent>', 'offline: skip predicates estimated to match more than this share of rows (default 30)')
    .option('--write-penalty <percent>', 'cost charged per index for the writes it slows, as a share of its saving (default 10)')
    .option('--max-include <n>', 'at most this many INCLUDE columns for an index-only scan (default 3)')
    .option('--no-advise', 'skip index suggestions')
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 findings at or above --fail-on, 2 usage or input error.\nExamples:\n  pgopt analyze /var/log/postgresql/postgresql-15-main.log\n  pgopt analyze --format json --fail-on error slow.log.gz\n  pgopt analyze --database postgres://localhost/app --pg-stat-statements',
    )
    .action(async (files: string[], flags: AnalyzeFlags) => {
      setExitCode(await runAnalyze(files, flags));
    });
}

async function runAnalyze(files: string[], flags: AnalyzeFlags): Promise<number> {
  const top = positiveInteger(flags.top, '--top');
  if (flags.pgStatStatements && flags.database === undefined) throw new UsageError('--pg-stat-statements needs --database <url>');
  if (files.length === 0 && !flags.pgStatStatements) {
    throw new UsageError('no input files', { hint: 'pgopt analyze <postgresql.log> (or - to read stdin); see pgopt analyze --help' });
  }
  const ruleOptions = parseRuleOptionFlags(flags.ruleOption);
  const schemaSql = flags.schema === undefined ? undefined : await readSchemaSources(flags.schema);
  const progress = await createProgressBar(files);
  const result = await analyzeWithProgress(progress, files, {
    ...(progress === undefined ? {} : { onProgress: (state: { path: string; bytesRead: number }) => progress.update(state) }),
    ...(flags.inputFormat === undefined ? {} : { format: flags.inputFormat }),
    ...(flags.logLinePrefix === undefined ? {} : { logLinePrefix: flags.logLinePrefix }),
    ...(flags.pgStatStatements && flags.database !== undefined ? { pgStatStatementsUrl: flags.database } : {}),
    rules: { disabled: flags.disableRule, options: ruleOptions },
    advise: flags.advise
      ? {
          ...(flags.database === undefined ? {} : { database: { connectionString: flags.database } }),
          ...(schemaSql === undefined ? {} : { schemaSql }),
          ...(flags.maxIndexes === undefined ? {} : { maxIndexes: positiveInteger(flags.maxIndexes, '--max-indexes') }),
          ...(flags.minSaving === undefined ? {} : { minSavingPercent: percent(flags.minSaving, '--min-saving') }),
          ...(flags.statementTimeout === undefined ? {} : { statementTimeoutMillis: positiveInteger(flags.statementTimeout, '--statement-timeout') }),
          ...(flags.minTableRows === undefined ? {} : { minTableRows: nonNegativeInteger(flags.minTableRows, '--min-table-rows') }),
          ...(flags.maxSelectivity === undefined ? {} : { maxSelectivityPercent: percent(flags.maxSelectivity, '--max-selectivity') }),
          ...(flags.writePenalty === undefined ? {} : { writePenaltyPercent: percent(flags.writePenalty, '--write-penalty') }),
          ...(flags.maxInclude === undefined ? {} : { maxIncludeColumns: nonNegativeInteger(flags.maxInclude, '--max-include') }),
          analyze: flags.analyze,
          onWarning: (message: string) => process.stderr.write(`pgopt: ${message}\n`),
        }
      : false,
  });
  const { redactResult } = await import('../analyze/redact.js');
  const { analyzeReporters } = await import('../report/analyze-reporters.js');
  const shown = redactResult(result, flags.showLiterals);
  const report = analyzeReporters[flags.format](shown, { top });
  if (flags.output === undefined) process.stdout.write(report);
  else await writeFile(flags.output, report);
  if (flags.emitMigration !== undefined) {
    const { renderMigration } = await import('../advise/index.js');
    await writeFile(flags.emitMigration, renderMigration(result.indexes));
  }
  for (const input of result.inputs) {
    if (input.entries === 0 && input.skipped > 0) process.stderr.write(`pgopt: ${input.path}: ${input.errors[0]?.message ?? 'nothing recognisable'}\n`);
  }
  if (result.inputs.some((input) => input.entries === 0 && input.skipped > 0)) return 2;
  if (flags.failOn !== undefined && result.findings.some((finding) => severityAtLeast(finding.severity, flags.failOn!))) return 1;
  return 0;
}

async function analyzeWithProgress(progress: ProgressBar | undefined, files: string[], options: Parameters<typeof analyze>[1]): ReturnType<typeof analyze> {
  // Loaded here, not at start-up: other commands need not pay for the analyzer's modules.
  const { analyze } = await import('../analyze/analyze.js');
  try {
    return await analyze(files, options);
  } finally {
    progress?.finish();
  }
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${flag} takes a whole number above 0, not '${text}'`);
  return value;
}

function nonNegativeInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} takes a whole number, not '${text}'`);
  return value;
}

function percent(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 100) throw new UsageError(`${flag} takes a percentage from 0 to 100, not '${text}'`);
  return value;
}
