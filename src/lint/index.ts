/**
 * `pgopt lint` as a library call: collect migration files, replay them in
 * order, run the migration rules, and return findings as data.
 *
 * @example
 * ```ts
 * import { lintMigrations } from 'pgopt';
 * const result = await lintMigrations(['migrations/'], { pgVersion: '16', transaction: 'diesel' });
 * for (const f of result.findings) console.log(`${f.file}:${f.line} ${f.rule} ${f.message}`);
 * ```
 */
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { withoutBom } from '../sql/utf8-offsets.js';
import { naturalOrder } from '../natural-order.js';
import { migrationRules } from '../../rules/migration/index.js';
import { applyFixes } from './apply-fixes.js';
import { changedFilesSince } from './changed-files.js';
import { lintSources, resolveRuleName } from './engine.js';
import type { LintSource } from './engine.js';
import { findingsByFile } from './findings-by-file.js';
import { findConfigFile, loadLintConfig } from './lint-config.js';
import type { LintConfig, RuleSetting } from './lint-config.js';
import { DEFAULT_LINT_SETTINGS, parsePgVersion } from './lint-settings.js';
import { matchesGlob } from './path-glob.js';
import { sidecarTransaction } from './sidecar-transaction.js';
import { selectRules } from './rule-selection.js';
import { isTransactionPreset, TRANSACTION_PRESETS } from './transaction-presets.js';
import type { LintResult, LintSettings, MigrationRule } from './types.js';

export type * from './types.js';
export { migrationRules };
export { TRANSACTION_PRESETS } from './transaction-presets.js';

/** `--fix` passes at most: one more than the longest chain of rewrites of one span (two today). */
const MAX_FIX_PASSES = 3;

/** Down migrations undo the schema; replaying them after the up files would empty the model. */
export const DEFAULT_EXCLUDE: readonly string[] = ['**/*.down.sql', '**/down.sql'];

export interface LintOptions {
  /** PostgreSQL version of the target server, e.g. `16` or `14.2`. Default: 18. */
  readonly pgVersion?: string | number;
  /** Every file runs inside a transaction opened by the tool. */
  readonly assumeInTransaction?: boolean;
  /** Transaction preset: which migration tool runs the files (see TRANSACTION_PRESETS). */
  readonly transaction?: string;
  /** The migration runner sets lock_timeout/statement_timeout itself. */
  readonly runnerSetsTimeouts?: boolean;
  /** Turn on every rule, opt-in ones included. */
  readonly enableAll?: boolean;
  /** Rule id (or squawk id) -> off | on | severity; applied after the config file's. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Extra glob patterns of files to skip. */
  readonly exclude?: readonly string[];
  /** Lint only files changed since this git ref; the others are replayed as history. */
  readonly changedSince?: string;
  /** Files or directories replayed into the schema before the linted ones, never reported on. */
  readonly history?: readonly string[];
  /** A config file path, or false to not look for one. Default: the nearest pgopt.config.json above `cwd`. */
  readonly config?: string | false;
  /** Base for relative paths and the config lookup. Default: process.cwd(). */
  readonly cwd?: string;
  /** Rewrite files with the mechanical fixes, then lint the result. */
  readonly fix?: boolean;
  /** The rules to choose from (tests inject their own). Default: every rule under rules/migration. */
  readonly ruleSet?: readonly MigrationRule[];
  /**
   * SQL that is not in a file (the CLI's standard input, `pgopt lint -`), linted after the files and
   * reported under `path` (default `stdin`). The path also stands for it where a transaction preset
   * looks at file names. `fix` cannot rewrite it.
   */
  readonly stdin?: { readonly text: string; readonly path?: string };
}

/** The name SQL from standard input is reported under unless given one. */
export const STDIN_PATH = 'stdin';

export interface LintRunResult extends LintResult {
  /** Files `fix` rewrote. */
  readonly fixedFiles: readonly string[];
  /** The config file used, if any. */
  readonly configPath: string | undefined;
  /** Linted file texts by path (after fixes), for reporters that show excerpts. */
  readonly sources: ReadonlyMap<string, string>;
  /** The severity from the config file's `failOn`, if set. */
  readonly configFailOn: LintConfig['failOn'];
}

/** The files a run reads, in order, with the text of those already read while finding them. */
interface Collected {
  readonly paths: string[];
  readonly texts: Map<string, string>;
}

// Synchronous on purpose: for hundreds of small migration files, fs/promises costs ~7x more
// (135 ms against 20 ms for 889 files here) in promise and thread-pool round trips, and a lint
// run has nothing else to do meanwhile.
function collect(path: string, cwd: string, exclude: readonly string[], out: Collected, explicit: boolean): void {
  const absolute = resolve(cwd, path);
  // A path given on the command line is usually a file: read it rather than stat it first (a CI run that
  // lists every migration would otherwise look each one up twice); reading a directory fails with EISDIR.
  // A missing path is an error even where an exclude glob would have skipped it.
  let text: string | undefined;
  let directory = false;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError(`${path}: no such file or directory`, { path, cause: error });
    // Any other error: the read in lintMigrations reports the file as unreadable, with its name.
    directory = code === 'EISDIR';
  }
  if (!explicit && excluded(absolute, cwd, exclude)) return;
  if (!directory) {
    if (text !== undefined) out.texts.set(absolute, text);
    out.paths.push(absolute);
    return;
  }
  walk(absolute, cwd, exclude, out);
}

/** Adds the `.sql` files under a directory, in natural order, subdirectories in place. */
function walk(directory: string, cwd: string, exclude: readonly string[], out: Collected): void {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`${displayPath(directory, cwd)}: cannot read directory: ${error instanceof Error ? error.message : String(error)}`, { path: directory, cause: error });
  }
  entries.sort((a, b) => naturalOrder(a.name, b.name));
  const prefix = directory.endsWith(sep) ? directory : directory + sep;
  for (const entry of entries) {
    // An entry name holds no separator and `directory` is normalized: path.join would only copy it again.
    const child = prefix + entry.name;
    if (entry.isDirectory()) {
      if (!excluded(child, cwd, exclude)) walk(child, cwd, exclude, out);
    } else if (entry.name.toLowerCase().endsWith('.sql')) {
      const rel = fromCwd(cwd, child);
      if (!exclude.some((glob) => matchesGlob(rel, glob))) out.paths.push(child);
    }
  }
}

/** Whether an exclude glob matches a path, relative to `cwd` or absolute. */
function excluded(absolute: string, cwd: string, exclude: readonly string[]): boolean {
  return exclude.some((glob) => matchesGlob(fromCwd(cwd, absolute), glob) || matchesGlob(absolute, glob));
}

/** The rest of a normalized absolute path under `cwd` (compared as written), or undefined. */
function underCwd(cwd: string, absolute: string): string | undefined {
  const prefix = cwd.endsWith(sep) ? cwd : cwd + sep;
  return absolute.startsWith(prefix) ? absolute.slice(prefix.length) : undefined;
}

/**
 * `relative(cwd, absolute)` for a normalized absolute path. path.relative normalizes both paths again,
 * character by character in JavaScript (interpreted, on a cold run); for a file under `cwd`, the usual
 * case, the answer is the rest of the path.
 */
function fromCwd(cwd: string, absolute: string): string {
  return underCwd(cwd, absolute) ?? relative(cwd, absolute);
}

/** How a file is reported: relative to `cwd` when under it, else absolute. */
function displayPath(absolute: string, cwd: string): string {
  const rest = underCwd(cwd, absolute);
  if (rest !== undefined) return rest;
  // Not under cwd as written (a POSIX path is compared exactly); path.relative decides the rest, such as
  // Windows' other casing of the same directory.
  if (sep === '/') return absolute;
  const rel = relative(cwd, absolute);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? absolute : rel;
}

/** Resolves settings from config and options; throws UsageError for bad values. */
export function resolveSettings(config: LintConfig, options: LintOptions): LintSettings {
  const transaction = options.transaction ?? config.transaction ?? DEFAULT_LINT_SETTINGS.transactionPreset;
  if (!isTransactionPreset(transaction)) {
    throw new UsageError(`unknown transaction preset "${transaction}"`, { hint: `one of: ${Object.keys(TRANSACTION_PRESETS).join(', ')}` });
  }
  const version = options.pgVersion ?? config.pgVersion;
  return {
    pgVersion: version === undefined ? DEFAULT_LINT_SETTINGS.pgVersion : parsePgVersion(version),
    assumeInTransaction: options.assumeInTransaction ?? config.assumeInTransaction ?? DEFAULT_LINT_SETTINGS.assumeInTransaction,
    transactionPreset: transaction,
    runnerSetsTimeouts: options.runnerSetsTimeouts ?? config.runnerSetsTimeouts ?? DEFAULT_LINT_SETTINGS.runnerSetsTimeouts,
  };
}

/** Lints migration files and directories (directories are walked, `.sql` files in natural order). */
export async function lintMigrations(paths: readonly string[], options: LintOptions = {}): Promise<LintRunResult> {
  if (paths.length === 0 && options.stdin === undefined) throw new UsageError('no migration files given', { hint: 'pgopt lint migrations/ (or pipe SQL into pgopt lint -)' });
  if (options.fix === true && options.stdin !== undefined) {
    throw new UsageError('--fix rewrites files in place and cannot rewrite standard input', { hint: 'save the SQL to a file and run pgopt lint --fix on it' });
  }
  const cwd = resolve(options.cwd ?? process.cwd());
  const configPath = options.config === false ? undefined : options.config === undefined ? findConfigFile(cwd) : resolve(cwd, options.config);
  const config = configPath === undefined ? {} : await loadLintConfig(configPath);
  const settings = resolveSettings(config, options);
  const ruleSet = options.ruleSet ?? migrationRules;
  // A config's unknown rule names are reported with the file they are in (selectRules reports the others).
  for (const name of Object.keys(config.rules ?? {})) {
    if (resolveRuleName(name, ruleSet).length === 0) {
      throw new UsageError(`${configPath ?? 'config'}: unknown rule "${name}"`, { hint: 'run `pgopt lint --list-rules` for the rule ids' });
    }
  }
  const layers = [config.rules ?? {}, options.rules ?? {}];
  const enabled = selectRules(ruleSet, { enableAll: options.enableAll, settings: layers });
  const exclude = [...DEFAULT_EXCLUDE, ...(config.exclude ?? []), ...(options.exclude ?? [])];

  const read = new Map<string, string>();
  const history: Collected = { paths: [], texts: read };
  for (const path of options.history ?? []) collect(path, cwd, exclude, history, false);
  const files: Collected = { paths: [], texts: read };
  for (const path of paths) collect(path, cwd, exclude, files, true);
  const changed = options.changedSince === undefined ? undefined : await changedFilesSince(options.changedSince, cwd);

  const planned: { absolute: string; linted: boolean }[] = [];
  const seen = new Set<string>();
  for (const [list, linted] of [[history, false], [files, true]] as const) {
    for (const absolute of list.paths) {
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      planned.push({ absolute, linted: linted && (changed === undefined || changed.has(absolute)) });
    }
  }
  const sources: LintSource[] = planned.map(({ absolute, linted }) => {
    let text = read.get(absolute);
    try {
      text ??= readFileSync(absolute, 'utf8');
    } catch (error) {
      throw new InputError(`${displayPath(absolute, cwd)}: cannot read: ${error instanceof Error ? error.message : String(error)}`, { path: absolute, cause: error });
    }
    const inTransaction = sidecarTransaction(settings.transactionPreset, absolute);
    return { path: displayPath(absolute, cwd), text: withoutBom(text), linted, ...(inTransaction === undefined ? {} : { inTransaction }) };
  });
  if (options.stdin !== undefined) {
    const path = options.stdin.path ?? STDIN_PATH;
    if (sources.some((source) => source.path === path)) {
      throw new UsageError(`standard input would be reported as ${path}, which is also a file being read`, { hint: 'give --stdin-filepath a name no other file has' });
    }
    const inTransaction = options.stdin.path === undefined ? undefined : sidecarTransaction(settings.transactionPreset, resolve(cwd, path));
    sources.push({ path, text: withoutBom(options.stdin.text), linted: true, ...(inTransaction === undefined ? {} : { inTransaction }) });
  }

  let texts = new Map(sources.filter((s) => s.linted).map((s) => [s.path, s.text]));
  let result = lintSources(sources, settings, enabled, ruleSet);
  const fixedFiles: string[] = [];
  if (options.fix === true) {
    // Two rules may rewrite one span (serial: bigserial, then identity; char(n): varchar(n), then text):
    // the first fix wins, the next pass applies the other. A few passes converge; files are written once.
    let current = sources;
    const rewritten = new Set<string>();
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      let changedAny = false;
      const fixable = findingsByFile(result.findings, (f) => f.fix !== undefined);
      current = current.map((source) => {
        const fixes = fixable.get(source.path) ?? [];
        if (!source.linted || fixes.length === 0) return source;
        const { text, applied } = applyFixes(source.text, fixes);
        if (applied === 0 || text === source.text) return source;
        changedAny = true;
        rewritten.add(source.path);
        return { ...source, text };
      });
      if (!changedAny) break;
      result = lintSources(current, settings, enabled, ruleSet);
    }
    for (const source of current) {
      if (!rewritten.has(source.path)) continue;
      await writeFile(resolve(cwd, source.path), source.text, 'utf8');
      fixedFiles.push(source.path);
    }
    if (rewritten.size > 0) texts = new Map(current.filter((s) => s.linted).map((s) => [s.path, s.text]));
  }
  return { ...result, fixedFiles, configPath, sources: texts, configFailOn: config.failOn };
}
