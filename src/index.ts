/**
 * pgopt's public API. Everything the CLI does is available here as a library
 * call; the Kysely dialect lives in `pgopt/kysely`.
 *
 * @example
 * ```ts
 * import { analyze, createPool, createRouter } from 'pgopt';
 * const result = await analyze(['/var/log/postgresql/postgresql-15-main.log']);
 * console.log(result.queries[0]?.query, result.findings[0]?.message);
 * ```
 */
export { UsageError, InputError, ConnectionError, isKnownError } from './errors.js';
export type { KnownError } from './errors.js';
export { redactConnectionString } from './redact-connection-string.js';

export { analyze } from './analyze/analyze.js';
export type { AnalyzeOptions } from './analyze/analyze.js';
export type { AnalyzeResult, AnalyzeSummary, Finding, QueryStats, Severity, PlanRule, PlanRuleMeta, PlanRuleContext, PlanVisitor } from './analyze/types.js';
export { redactResult } from './analyze/redact.js';
export { runPlanRules, rankFindings } from './analyze/plan-rules.js';
export type { PlanRuleSettings } from './analyze/plan-rules.js';

export { openInput, detectFormat, INPUT_FORMATS } from './ingest/index.js';
export type { InputReader, ReadInputOptions, InputFormat, InputSummary, StatementEntry, IngestError, IngestEvent } from './ingest/index.js';

export { parsePlan, parsePlanJson, parsePlanText } from './plan/parse.js';
export type { Plan, PlanNode, PlanValue } from './plan/types.js';

export { adviseIndexes, renderMigration } from './advise/index.js';
export type { AdviseOptions, IndexSuggestion, QueryVerdict, ExistingIndexReport, ExistingIndexNote } from './advise/index.js';

export { analyzeReporters } from './report/analyze-reporters.js';

export { createPool, Pool, poolDefaults, AcquireTimeoutError, PoolClosedError, PoolOverloadedError, PoolWarning } from './pool/index.js';
export type { PoolOptions, PoolStats, PoolClient, PoolEvents, ConnectOptions, QueryCallback, AcquireTimeoutReason, PoolWarningCode, WaitPercentiles } from './pool/index.js';
export { computePoolSize, measurePoolSizeInputs, recommendPoolSize } from './pool/index.js';
export type { MeasureOptions, PoolSizeInputs, PoolSizeRecommendation } from './pool/index.js';

export { createRouter, Router, RouterSession, routerDefaults, parseLsn, formatLsn } from './router/index.js';
export type {
  RouterOptions,
  PrimaryOptions,
  ReplicaOptions,
  NodeStats,
  BalanceStrategy,
  RouterStats,
  RouterTransaction,
  TransactionOptions,
  QueryRouteOptions,
  RouteTarget,
  RoutedConnection,
  IsolationLevel,
  NodePool,
  NodePoolFactory,
  NodePoolOptions,
  Lsn,
} from './router/index.js';

export { lintMigrations, TRANSACTION_PRESETS } from './lint/index.js';
export type { LintOptions, LintRunResult } from './lint/index.js';
