/**
 * `pgopt analyze` as a library call: stream every input, aggregate statements
 * per fingerprint, run plan rules on the plans kept, ask the index advisor,
 * and return the JSON-contract result. Reporters render it; the CLI prints it.
 */
import type { InputFormat, InputSummary, StatementEntry } from '../ingest/types.js';
import type { AnalyzeResult, Finding, QueryStats } from './types.js';
import type { PlanRuleSettings } from './plan-rules.js';
import type { AdviseOptions } from '../advise/index.js';
import { openInput } from '../ingest/index.js';
import { InputError, isKnownError } from '../errors.js';
import { StatementShapeCache } from '../sql/statement-shape.js';
import { QueryAccumulator, type PlanReadError } from './query-accumulator.js';
import { createPlanRuleRunner, rankFindings, type PlanRuleRunner } from './plan-rules.js';

export interface AnalyzeOptions {
  /** Force an input format instead of detecting it. */
  readonly format?: InputFormat;
  /** The server's `log_line_prefix`, verbatim. */
  readonly logLinePrefix?: string;
  /** Plan rules to disable and rule options to override. */
  readonly rules?: PlanRuleSettings;
  /** Index advisor options, or false to skip it. */
  readonly advise?: AdviseOptions | false;
  /** Hears how many bytes of each input have been read so far (for a progress bar). */
  readonly onProgress?: (progress: { readonly path: string; readonly bytesRead: number }) => void;
  /** Also read pg_stat_statements live from this server. */
  readonly pgStatStatementsUrl?: string;
  /** Queries slower than this in total (ms) get an advisor verdict; default 0 (all timed queries). */
  readonly slowQueryTotalMs?: number;
}

export async function analyze(paths: readonly string[], options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  if (paths.length === 0 && options.pgStatStatementsUrl === undefined) throw new InputError('no input: give log, plan, pg_stat_statements or .sql files, or - for stdin');
  // Checked before reading anything: a typo in a rule option is a usage error even for a log without plans.
  const runRules = createPlanRuleRunner(options.rules);
  const cache = new StatementShapeCache();
  const byFingerprint = new Map<string, QueryAccumulator>();
  const inputs: InputSummary[] = [];
  let statements = 0;
  let plans = 0;
  let totalDurationMs = 0;

  const add = (entry: StatementEntry, path: string): void => {
    const shape = cache.shape(entry.query);
    let accumulator = byFingerprint.get(shape.fingerprint);
    if (accumulator === undefined) {
      accumulator = new QueryAccumulator(shape);
      byFingerprint.set(shape.fingerprint, accumulator);
    }
    accumulator.add(entry, path);
    if (entry.durationMs !== undefined || entry.totalMs !== undefined) {
      const calls = entry.calls ?? 1;
      statements += calls;
      totalDurationMs += entry.totalMs ?? entry.durationMs! * calls;
    }
    if (entry.plan !== undefined) plans++;
  };

  for (const path of paths) {
    let reader;
    try {
      reader = await openInput(path, {
        ...(options.format === undefined ? {} : { format: options.format }),
        ...(options.logLinePrefix === undefined ? {} : { logLinePrefix: options.logLinePrefix }),
        ...(options.onProgress === undefined ? {} : { onBytesRead: progressCounter(path, options.onProgress) }),
      });
    } catch (error) {
      if (!isKnownError(error)) throw error;
      inputs.push(unreadableInput(path, error.message, options.format));
      continue;
    }
    try {
      for await (const event of reader.events()) {
        if (event.type === 'statement') add(event, path);
      }
      inputs.push(reader.summary());
    } catch (error) {
      // A reader that fails midway (an I/O error) loses only what was left unread.
      if (!isKnownError(error) && !(error instanceof Error && 'code' in error)) throw error;
      const partial = reader.summary();
      inputs.push({ ...partial, errors: [...partial.errors, { line: partial.lines + 1, message: error instanceof Error ? error.message : String(error) }], skipped: partial.skipped + 1 });
    }
  }

  if (options.pgStatStatementsUrl !== undefined) {
    // Loaded on demand: most runs read files only, and pg is not needed for that.
    const { readLivePgStatStatements } = await import('./live-pg-stat-statements.js');
    const live = await readLivePgStatStatements(options.pgStatStatementsUrl);
    for (const entry of live.entries) add(entry, live.source);
    inputs.push({ path: live.source, format: 'pg-stat-statements', lines: live.entries.length, entries: live.entries.length, skipped: 0, errors: [] });
  }

  if (byFingerprint.size === 0) {
    const reasons = inputs.flatMap((input) => input.errors.slice(0, 1).map((e) => `${input.path}:${e.line}: ${e.message}`));
    throw new InputError(
      `nothing recognisable in the input: expected a PostgreSQL log (stderr, csvlog, jsonlog, syslog, RDS, Cloud SQL), EXPLAIN output, a pg_stat_statements CSV or SQL${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`,
    );
  }

  const planErrors: PlanReadError[] = [];
  const queries = [...byFingerprint.values()].map((accumulator) => toQueryStats(accumulator, runRules, planErrors));
  const inputsWithPlanErrors = planErrors.length === 0 ? inputs : inputs.map((input) => withPlanErrors(input, planErrors));
  queries.sort((a, b) => b.totalMs - a.totalMs || b.calls - a.calls || a.fingerprint.localeCompare(b.fingerprint));
  const findings = rankFindings(queries.flatMap((query) => query.findings));
  const unparsed = queries.filter((query) => !query.parsed).length;

  let indexes: AnalyzeResult['indexes'] = [];
  let verdicts: AnalyzeResult['verdicts'] = [];
  let existingIndexes: AnalyzeResult['existingIndexes'] = null;
  if (options.advise !== false) {
    const slow = queries.filter((query) => query.parsed && query.totalMs >= (options.slowQueryTotalMs ?? 0));
    // Loaded on demand: the advisor's parsers and pg cost startup time that --no-advise runs need not pay.
    const { adviseIndexes } = await import('../advise/index.js');
    const advice = await adviseIndexes(slow, options.advise ?? {});
    indexes = advice.indexes;
    verdicts = advice.verdicts;
    existingIndexes = advice.existing ?? null;
  }

  return {
    version: 1,
    inputs: inputsWithPlanErrors,
    summary: { statements, fingerprints: queries.length, plans, totalDurationMs: round(totalDurationMs), unparsed },
    queries,
    findings,
    indexes,
    verdicts,
    existingIndexes,
  };
}

/** A kept plan that proved unreadable is a skipped entry of the input it came from. */
function withPlanErrors(input: InputSummary, errors: readonly PlanReadError[]): InputSummary {
  const own = errors.filter((error) => error.path === input.path);
  if (own.length === 0) return input;
  return {
    ...input,
    skipped: input.skipped + own.length,
    errors: [...input.errors, ...own.map(({ line, message }) => ({ line, message }))].sort((a, b) => a.line - b.line),
  };
}

function toQueryStats(accumulator: QueryAccumulator, runRules: PlanRuleRunner, planErrors: PlanReadError[]): QueryStats {
  // Examples with literals stay in memory for the advisor; reporters drop them unless --show-literals.
  const { shape, histogram } = accumulator;
  const calls = accumulator.calls;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const { plans: keptPlans, errors } = accumulator.plans();
  planErrors.push(...errors);
  for (const kept of keptPlans) {
    // Scale the plan's node times to the whole workload of this statement:
    // a node taking 40% of this run is taken to take 40% of its total time.
    const planMs = kept.durationMs ?? planExecutionMs(kept.plan);
    const effectiveCalls = accumulator.totalMs > 0 && planMs !== undefined && planMs > 0 ? accumulator.totalMs / planMs : calls;
    for (const finding of runRules(kept.plan, { fingerprint: shape.fingerprint, calls: effectiveCalls })) {
      // The same problem in another kept plan of this statement is not a new finding.
      const key = `${finding.rule}\u0000${finding.node.replace(/ \(node \d+\)$/, '')}\u0000${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  const stats: QueryStats = {
    fingerprint: shape.fingerprint,
    query: shape.normalized,
    calls,
    totalMs: round(accumulator.totalMs),
    meanMs: round(accumulator.timedCalls > 0 ? accumulator.totalMs / accumulator.timedCalls : 0),
    p50Ms: round(histogram.quantile(0.5)),
    p95Ms: round(histogram.quantile(0.95)),
    maxMs: round(histogram.max),
    rows: accumulator.rows,
    tables: shape.tables,
    parsed: shape.parsed,
    findings: rankFindings(findings),
    plans: keptPlans.map((entry) => entry.plan),
    ...(accumulator.exampleParams !== undefined ? { exampleParams: accumulator.exampleParams } : {}),
    ...(accumulator.example !== undefined ? { example: accumulator.example } : {}),
  };
  return stats;
}

function planExecutionMs(plan: { props: { readonly [key: string]: unknown } }): number | undefined {
  const value = plan.props['Execution Time'];
  return typeof value === 'number' ? value : undefined;
}

function unreadableInput(path: string, message: string, format: InputFormat | undefined): InputSummary {
  return { path, format: format ?? 'stderr', lines: 0, entries: 0, skipped: 1, errors: [{ line: 0, message }] };
}

function progressCounter(path: string, onProgress: NonNullable<AnalyzeOptions['onProgress']>): (bytes: number) => void {
  let bytesRead = 0;
  return (bytes) => {
    bytesRead += bytes;
    onProgress({ path, bytesRead });
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
