/**
 * The plan-rule engine: resolves rule options, walks a plan once per rule,
 * turns each rule's reports into `Finding`s (wording from the rule's meta),
 * and ranks findings by the time a fix could save.
 */
import type { Plan, PlanNode } from '../plan/types.js';
import type { Finding, PlanRule, PlanRuleContext, PlanRuleReport, Severity } from './types.js';
import { walkPlan } from '../plan/walk.js';
import { describeNode, relationOf } from '../plan/accessors.js';
import { exclusiveTimeMs } from '../plan/metrics.js';
import { UsageError } from '../errors.js';
import { planRules } from '../../rules/plan/index.js';

type RuleOptions = Record<string, number | boolean>;

/** What the user configured for the plan rules (from flags or a config file). */
export interface PlanRuleSettings {
  /** Rule ids to skip. */
  readonly disabled?: readonly string[];
  /** Option overrides keyed by rule id, then option name. */
  readonly options?: Readonly<Record<string, Readonly<Record<string, number | boolean>>>>;
}

/**
 * Optional extension of a rule's meta for rules whose findings grade in
 * severity (row-misestimate): a severity per messageId, overriding
 * `meta.severity` for that message.
 */
export interface GradedSeverityMeta {
  readonly severityByMessage?: Readonly<Record<string, Severity>>;
}

/** A rule ready to run: enabled, with its options merged over the defaults. */
export interface ResolvedPlanRule {
  readonly rule: PlanRule;
  readonly options: Readonly<RuleOptions>;
}

/**
 * Checks the settings against the rules and merges option overrides over
 * each rule's `defaultOptions`. Throws a `UsageError` for an unknown rule id,
 * an unknown option name, or a value whose type differs from the default's
 * (numbers must also be finite and not negative).
 *
 * @example
 * resolveRuleOptions(planRules, { options: { 'seq-scan-filter': { minRows: 50000 } } });
 */
export function resolveRuleOptions(rules: readonly PlanRule[], settings: PlanRuleSettings = {}): ResolvedPlanRule[] {
  const byId = new Map(rules.map((rule) => [rule.meta.id, rule] as const));
  const known = (): string => [...byId.keys()].sort().join(', ');
  for (const id of settings.disabled ?? []) {
    if (!byId.has(id)) throw new UsageError(`unknown plan rule "${id}" in disabled rules`, { hint: `known plan rules: ${known()}` });
  }
  const overrides = settings.options ?? {};
  for (const [id, values] of Object.entries(overrides)) {
    const rule = byId.get(id);
    if (rule === undefined) throw new UsageError(`unknown plan rule "${id}" in rule options`, { hint: `known plan rules: ${known()}` });
    const defaults: RuleOptions = rule.meta.defaultOptions;
    for (const [name, value] of Object.entries(values)) {
      if (!Object.hasOwn(defaults, name)) {
        const names = Object.keys(defaults).sort().join(', ') || '(none)';
        throw new UsageError(`plan rule "${id}" has no option "${name}"`, { hint: `its options: ${names}` });
      }
      const expected = typeof defaults[name];
      if (typeof value !== expected) {
        throw new UsageError(`option "${name}" of plan rule "${id}" must be a ${expected}, got ${JSON.stringify(value)}`);
      }
      if (typeof value === 'number' && (!Number.isFinite(value) || value < 0)) {
        throw new UsageError(`option "${name}" of plan rule "${id}" must be a finite number of at least 0, got ${value}`);
      }
    }
  }
  const disabled = new Set(settings.disabled ?? []);
  return rules
    .filter((rule) => !disabled.has(rule.meta.id))
    .map((rule) => ({ rule, options: { ...rule.meta.defaultOptions, ...overrides[rule.meta.id] } }));
}

/**
 * Runs one rule over a plan and returns its raw reports. The rule's `plan`
 * visitor runs first, then `node` for every node in pre-order.
 */
export function collectPlanReports(rule: PlanRule, plan: Plan, options: Readonly<RuleOptions>, calls: number): PlanRuleReport[] {
  return collectAllReports([{ rule, options }], plan, calls)[0] ?? [];
}

/** Reports of each rule, in the order of `resolved`; one walk of the plan serves every rule. */
function collectAllReports(resolved: readonly ResolvedPlanRule[], plan: Plan, calls: number): PlanRuleReport[][] {
  const reportsByRule: PlanRuleReport[][] = [];
  const nodeVisitors: ((node: PlanNode, parent: PlanNode | undefined) => void)[] = [];
  for (const { rule, options } of resolved) {
    const reports: PlanRuleReport[] = [];
    reportsByRule.push(reports);
    const context: PlanRuleContext<RuleOptions> = {
      plan,
      options,
      calls,
      report: (report) => {
        if (!Object.hasOwn(rule.meta.messages, report.messageId)) {
          // A rule bug, not a plan problem: fail loudly so the rule's tests catch it.
          throw new Error(`plan rule "${rule.meta.id}" reported unknown messageId "${report.messageId}"`);
        }
        reports.push(report);
      },
    };
    const visitor = rule.create(context);
    visitor.plan?.(plan);
    if (visitor.node !== undefined) nodeVisitors.push(visitor.node.bind(visitor));
  }
  if (nodeVisitors.length > 0) {
    for (const { node, parent } of walkPlan(plan.root)) {
      for (const visit of nodeVisitors) visit(node, parent);
    }
  }
  return reportsByRule;
}

/** Runs the configured plan rules over one plan; see `createPlanRuleRunner`. */
export type PlanRuleRunner = (plan: Plan, input: { readonly fingerprint: string; readonly calls: number }) => Finding[];

/**
 * Validates the settings once (throwing a `UsageError` like
 * `resolveRuleOptions`) and returns a function that runs the enabled rules
 * over a plan. Use it when analysing many plans with the same settings.
 *
 * @example
 * const run = createPlanRuleRunner({ disabled: ['jit-dominates'] });
 * const findings = run(plan, { fingerprint, calls: 120 });
 */
export function createPlanRuleRunner(settings?: PlanRuleSettings, rules: readonly PlanRule[] = planRules): PlanRuleRunner {
  const resolved = resolveRuleOptions(rules, settings);
  return (plan, input) => {
    // calls may be fractional (a workload scaled to one logged plan); only nonsense falls back to 1.
    const calls = Number.isFinite(input.calls) && input.calls >= 0 ? input.calls : 1;
    const findings: Finding[] = [];
    collectAllReports(resolved, plan, calls).forEach((reports, index) => {
      const { rule } = resolved[index]!;
      for (const report of reports) findings.push(reportToFinding(rule, report, input.fingerprint, plan, calls));
    });
    return rankFindings(findings);
  };
}

/**
 * Runs the plan rules over one plan of a statement and returns its findings,
 * ranked. `timeAtStakeMs` is the rule's override or the node's exclusive time
 * x `calls`; a plan without actual timings (plain EXPLAIN, or ANALYZE with
 * TIMING OFF) has no times, so its findings get 0 and rank by severity.
 * Settings are validated on every call: for many plans, prefer
 * `createPlanRuleRunner`.
 *
 * @example
 * const plan = parsePlan(explainAnalyzeJson);
 * for (const finding of runPlanRules(plan, { fingerprint: 'a1b2', calls: 300 })) {
 *   console.log(`${finding.timeAtStakeMs} ms  ${finding.node}: ${finding.message}`);
 * }
 */
export function runPlanRules(
  plan: Plan,
  input: { readonly fingerprint: string; readonly calls: number },
  settings?: PlanRuleSettings,
  rules: readonly PlanRule[] = planRules,
): Finding[] {
  return createPlanRuleRunner(settings, rules)(plan, input);
}

/** Renders one report of `rule` as a finding (severity, wording, node, time at stake). */
export function reportToFinding(rule: PlanRule, report: PlanRuleReport, fingerprint: string, plan: Plan, calls: number): Finding {
  const data = report.data ?? {};
  const graded = (rule.meta as GradedSeverityMeta).severityByMessage?.[report.messageId];
  return {
    rule: rule.meta.id,
    severity: graded ?? rule.meta.severity,
    message: renderTemplate(rule.meta.messages[report.messageId] ?? '', data),
    help: renderTemplate(rule.meta.help[report.messageId] ?? '', data),
    fingerprint,
    relation: relationOf(report.node) ?? null,
    node: describeNode(report.node),
    timeAtStakeMs: roundMs(report.timeAtStakeMs ?? defaultTimeAtStakeMs(report.node, plan, calls)),
  };
}

function defaultTimeAtStakeMs(node: PlanNode, plan: Plan, calls: number): number {
  if (!plan.analyzed) return 0;
  return exclusiveTimeMs(node) * calls;
}

function roundMs(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.round(value * 1000) / 1000;
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/**
 * Replaces `{{name}}` with `data.name`; numbers get thousands separators and
 * at most one decimal. Unknown names stay as written so a test can spot them.
 */
export function renderTemplate(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    if (!Object.hasOwn(data, name)) return whole;
    const value = data[name];
    return typeof value === 'number' ? numberFormat.format(value) : String(value);
  });
}

const severityRank: Readonly<Record<Severity, number>> = { error: 2, warning: 1, info: 0 };

/**
 * Most time at stake first; ties by severity (error first); otherwise input
 * order. Use it to merge the findings of several plans or statements.
 *
 * @example
 * const all = rankFindings(queries.flatMap((query) => query.findings));
 */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        b.finding.timeAtStakeMs - a.finding.timeAtStakeMs ||
        severityRank[b.finding.severity] - severityRank[a.finding.severity] ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}
