/**
 * The result of `pgopt analyze`. `AnalyzeResult` is serialised as the JSON
 * output, a public contract documented in the README: keep its names.
 */
import type { Plan, PlanNode } from '../plan/types.js';
import type { InputSummary } from '../ingest/types.js';
import type { ExistingIndexReport, IndexSuggestion, QueryVerdict } from '../advise/types.js';

export type Severity = 'info' | 'warning' | 'error';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

/** A plan problem, as data; wording comes from the rule's `meta.messages`. */
export interface Finding {
  /** Rule id, the file name under `rules/plan/`. */
  readonly rule: string;
  readonly severity: Severity;
  /** What PostgreSQL did and why it matters. */
  readonly message: string;
  /** What to do about it. */
  readonly help: string;
  readonly fingerprint: string;
  /** `schema.table` (or the relation name as the plan shows it) the node works on, when it has one. */
  readonly relation: string | null;
  /** The node, as "Seq Scan on orders (node 3)". */
  readonly node: string;
  /** Exclusive time of the node times the statement's calls: what fixing it can save. */
  readonly timeAtStakeMs: number;
}

/** One normalized statement shape and what the workload did with it. */
export interface QueryStats {
  readonly fingerprint: string;
  /** Normalized text (`$n` for every literal). */
  readonly query: string;
  readonly calls: number;
  readonly totalMs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  /** Rows returned or affected over all calls, when the input said. */
  readonly rows: number | null;
  /** Tables the statement reads or writes, schema-qualified when the SQL was. */
  readonly tables: readonly string[];
  /** False when PostgreSQL's parser rejected the statement (it is still counted, by a lexical fingerprint). */
  readonly parsed: boolean;
  readonly findings: readonly Finding[];
  /** One logged example with its literals: only in output with `--show-literals`. */
  readonly example?: string;
  /** Bind parameters of the example run, when the log had them (same redaction rule). */
  readonly exampleParams?: readonly (string | null)[];
  /** Distinct plans seen for this statement (bounded), newest kept. */
  readonly plans: readonly Plan[];
}

export interface AnalyzeSummary {
  readonly statements: number;
  readonly fingerprints: number;
  readonly plans: number;
  readonly totalDurationMs: number;
  /** Distinct statements PostgreSQL's parser could not read (still counted, by a lexical fingerprint). */
  readonly unparsed: number;
}

export interface AnalyzeResult {
  readonly version: 1;
  readonly inputs: readonly InputSummary[];
  readonly summary: AnalyzeSummary;
  readonly queries: readonly QueryStats[];
  readonly findings: readonly Finding[];
  readonly indexes: readonly IndexSuggestion[];
  /** Per slow query: the index that serves it, or why none. */
  readonly verdicts: readonly QueryVerdict[];
  /** Existing indexes worth a second look (redundant with a suggestion; live: unused, duplicate); null when the advisor knew no catalog. */
  readonly existingIndexes: ExistingIndexReport | null;
}

/** A plan rule's context: where it reports, with its options resolved. */
export interface PlanRuleContext<Options> {
  readonly plan: Plan;
  readonly options: Options;
  /** How many times the statement ran (exclusive time x calls = time at stake). */
  readonly calls: number;
  report(report: PlanRuleReport): void;
}

export interface PlanRuleReport {
  readonly node: PlanNode;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Override of the default time at stake (the node's exclusive time x calls). */
  readonly timeAtStakeMs?: number;
}

export interface PlanVisitor {
  node?(node: PlanNode, parent: PlanNode | undefined): void;
  plan?(plan: Plan): void;
}

export interface PlanRuleMeta<Options> {
  readonly id: string;
  readonly severity: Severity;
  /** One line for `--help` and the rule index. */
  readonly description: string;
  /** messageId -> template with `{{name}}` placeholders: what happened and why it matters. */
  readonly messages: Readonly<Record<string, string>>;
  /** messageId -> template: what to do. */
  readonly help: Readonly<Record<string, string>>;
  readonly defaultOptions: Options;
  /** option name -> one sentence with its unit. */
  readonly optionDocs: Readonly<Record<keyof Options & string, string>>;
}

export interface PlanRule<Options extends Record<string, number | boolean> = Record<string, number | boolean>> {
  readonly meta: PlanRuleMeta<Options>;
  create(context: PlanRuleContext<Options>): PlanVisitor;
}
