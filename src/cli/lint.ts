/**
 * `pgopt lint <files-or-dirs...>`: parses flags, calls `lintMigrations`, hands
 * the result to a reporter, and sets the exit code (0 clean, 1 findings or
 * parse errors at or above --fail-on, 2 usage or input error).
 */
import { fstatSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { SEVERITIES } from '../analyze/types.js';
import { lintMigrations, migrationRules, TRANSACTION_PRESETS } from '../lint/index.js';
import type { LintRunResult, Severity } from '../lint/index.js';
import type { RuleSetting } from '../lint/lint-config.js';
import { resolveRuleName } from '../lint/engine.js';
import { explainRule } from '../lint/rule-docs.js';
import { LINT_REPORTERS } from '../report/lint-reporters.js';
import type { SetExitCode } from './commands.js';

interface LintFlags {
  format: string;
  output?: string;
  pgVersion?: string;
  transaction?: string;
  assumeInTransaction?: boolean;
  runnerSetsTimeouts?: boolean;
  enableAll?: boolean;
  rule: string[];
  exclude: string[];
  history: string[];
  changedSince?: string;
  config?: string | false;
  failOn?: Severity;
  fix?: boolean;
  listRules?: boolean;
  color?: boolean;
  stdinFilepath?: string;
  explain?: string;
}

function parseRuleFlags(values: readonly string[]): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const value of values) {
    const [id, setting = 'on'] = value.split('=');
    if (id === undefined || id === '' || !['off', 'on', ...SEVERITIES].includes(setting)) {
      throw new UsageError(`invalid --rule "${value}"`, { hint: 'use --rule <id>=off|on|info|warning|error, e.g. --rule prefer-robust-stmts=warning' });
    }
    out[id] = setting as RuleSetting;
  }
  return out;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** Exit code for a lint result: 1 when anything is at or above `failOn` (parse errors count as errors). */
export function lintExitCode(result: LintRunResult, failOn: Severity): number {
  const parseErrors = result.files.some((f) => f.parseErrors.length > 0);
  if (parseErrors && SEVERITY_RANK.error >= SEVERITY_RANK[failOn]) return 1;
  return result.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}

function listRules(): string {
  return `${migrationRules
    .map((r) => `${r.meta.id.padEnd(46)} ${r.meta.severity.padEnd(8)} ${r.meta.optIn === true ? 'opt-in' : 'on    '} ${r.meta.description}`)
    .join('\n')}\n`;
}

/** Where the command reads and writes; tests pass their own. */
export interface LintCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTTY: boolean;
  /** Standard input's text when something is piped or redirected into it; undefined for a terminal or nothing. */
  readonly pipedStdin: () => string | undefined;
}

const PROCESS_IO: LintCommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  get isTTY() {
    return process.stdout.isTTY === true;
  },
  pipedStdin: () => {
    // A pipe, a socket (what a Node.js parent's spawn gives) or a redirected file: not a terminal,
    // which would wait for typing, nor a character device such as a CI runner's /dev/null.
    let piped: boolean;
    try {
      const info = fstatSync(0);
      piped = info.isFIFO() || info.isSocket() || info.isFile();
    } catch {
      piped = false; // no standard input at all (closed)
    }
    return piped ? readFileSync(0, 'utf8') : undefined;
  },
};

/**
 * squawk's `--exclude` takes rule names; pgopt's takes path globs. A rule name given to it would
 * quietly exclude nothing, so it is a usage error that says what to write instead.
 */
function checkExcludeGlobs(globs: readonly string[]): void {
  for (const glob of globs) {
    // squawk's help writes several at once: --exclude=rule-a,rule-b.
    const rules = glob.split(',').filter((part) => !/[/*?.]/.test(part) && resolveRuleName(part.trim(), migrationRules).length > 0);
    if (rules.length === 0) continue;
    throw new UsageError(`--exclude takes a path glob, and "${glob}" names rules`, { hint: `to turn rules off: ${rules.map((r) => `--rule ${r.trim()}=off`).join(' ')}` });
  }
}

/**
 * SQL from standard input: with `-` among the paths (any input, even none), or with no paths at all
 * when something is piped in (`python manage.py sqlmigrate app 0042 | pgopt lint`), as squawk does.
 */
function stdinSource(paths: readonly string[], flags: LintFlags, io: LintCommandIo): { readonly text: string; readonly path?: string } | undefined {
  const dash = paths.includes('-');
  if (!dash && paths.length > 0) return undefined;
  let text = io.pipedStdin();
  if (text === undefined && dash) text = '';
  // Nothing given and nothing piped: the usage error says so.
  if (text === undefined || (!dash && text.trim() === '')) return undefined;
  return flags.stdinFilepath === undefined ? { text } : { text, path: flags.stdinFilepath };
}

export function registerLintCommand(program: Command, setExitCode: SetExitCode, io: LintCommandIo = PROCESS_IO): void {
  program
    .command('lint')
    .description('lint SQL migration files for locks, rewrites and unsafe changes (directories are read in order)')
    .argument('[paths...]', 'migration files or directories; - (or no path, with SQL piped in) reads standard input')
    .addOption(new Option('-f, --format <name>', 'report format').choices(Object.keys(LINT_REPORTERS)).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--pg-version <version>', 'PostgreSQL version of the target server, e.g. 16 or 14.2 (default 18)')
    .addOption(new Option('--transaction <preset>', 'migration tool that runs the files (decides where CONCURRENTLY can run)').choices(Object.keys(TRANSACTION_PRESETS)))
    .option('--assume-in-transaction', 'every file runs inside a transaction the tool opens')
    .option('--runner-sets-timeouts', 'the runner sets lock_timeout/statement_timeout itself: skip the timeout rules')
    .option('--enable-all', 'turn on every rule, opt-in ones included')
    .option('--rule <id=setting>', 'rule on/off/severity, e.g. prefer-robust-stmts=warning or ban-drop-column=off (repeatable)', collect, [])
    .option('--exclude <glob>', 'skip files matching this glob (repeatable)', collect, [])
    .option('--history <path>', 'migrations already applied: replayed into the schema model, not reported on (repeatable)', collect, [])
    .option('--changed-since <git-ref>', 'lint only files changed since this ref (the rest are replayed as history)')
    .option('--config <file>', 'config file (default: the nearest pgopt.config.json above the working directory, or a .squawk.toml)')
    .option('--no-config', 'do not read a config file')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default error)').choices(SEVERITIES as string[]))
    .option('--fix', 'rewrite the mechanical cases in place, then report what is left')
    .option('--list-rules', 'print every rule with its default severity and exit')
    .option('--explain <rule>', "print a rule's documentation (what PostgreSQL does, the safe recipe) and exit; squawk ids work too")
    .option('--no-color', 'no ANSI colours in text output')
    .option('--stdin-filepath <path>', 'the path SQL read from standard input is reported under (default stdin); transaction presets and sidecar files go by it')
    .addHelpText(
      'after',
      '\nIgnore comments: -- pgopt-ignore <rule>[, <rule>] [-- reason] (on or above a statement), -- pgopt-ignore-file [rules]; squawk-ignore works too.\n' +
        'Exit codes: 0 clean, 1 findings at or above --fail-on (parse errors count as errors), 2 usage or input error.\n' +
        'Examples:\n  pgopt lint migrations/\n  pgopt lint --transaction diesel --pg-version 16 migrations/\n  pgopt lint --changed-since origin/main --format github migrations/\n  python manage.py sqlmigrate shop 0042 | pgopt lint --history migrations/ --stdin-filepath shop/0042.sql -',
    )
    .action(async (paths: string[], flags: LintFlags) => {
      if (flags.listRules === true) {
        io.stdout(listRules());
        setExitCode(0);
        return;
      }
      if (flags.explain !== undefined) {
        io.stdout(explainRule(flags.explain, migrationRules));
        setExitCode(0);
        return;
      }
      checkExcludeGlobs(flags.exclude);
      const stdin = stdinSource(paths, flags, io);
      const files = paths.filter((p) => p !== '-');
      const result = await lintMigrations(files, {
        pgVersion: flags.pgVersion,
        transaction: flags.transaction,
        assumeInTransaction: flags.assumeInTransaction,
        runnerSetsTimeouts: flags.runnerSetsTimeouts,
        enableAll: flags.enableAll,
        rules: parseRuleFlags(flags.rule),
        exclude: flags.exclude,
        history: flags.history,
        changedSince: flags.changedSince,
        config: flags.config === false ? false : typeof flags.config === 'string' ? flags.config : undefined,
        fix: flags.fix,
        ...(stdin === undefined ? {} : { stdin }),
      });
      const reporter = LINT_REPORTERS[flags.format] as (typeof LINT_REPORTERS)[string];
      const color = flags.color !== false && flags.output === undefined && io.isTTY;
      const report = reporter(result, { sources: result.sources, color, rules: migrationRules });
      if (flags.output !== undefined) await writeFile(flags.output, report, 'utf8');
      else io.stdout(report);
      if (result.fixedFiles.length > 0) io.stderr(`pgopt: ${fixedSummary(result.fixedFiles)}\n`);
      setExitCode(lintExitCode(result, flags.failOn ?? result.configFailOn ?? 'error'));
    });
}

/** The files --fix rewrote: all of them when few, else a count and the first ones (git diff shows the rest). */
export function fixedSummary(files: readonly string[]): string {
  const shown = 5;
  if (files.length <= shown) return `fixed ${files.join(', ')}`;
  return `fixed ${files.length} files: ${files.slice(0, shown).join(', ')} and ${files.length - shown} more`;
}
