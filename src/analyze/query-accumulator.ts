/**
 * Everything pgopt keeps about one statement shape while a log streams by.
 * Memory is bounded per shape: a histogram, counters, and a few plans, kept
 * as text until the end (most logged plans are never looked at).
 */
import type { Plan } from '../plan/types.js';
import type { StatementShape } from '../sql/statement-shape.js';
import type { StatementEntry } from '../ingest/types.js';
import { DurationHistogram } from './duration-histogram.js';
import { resolvePlan } from '../plan/deferred-plan.js';

/** Plans kept per statement: the slowest runs'. */
const MAX_PLANS = 3;

export interface KeptPlan {
  readonly plan: Plan;
  /** Duration of the run the plan belongs to, ms (undefined when the input did not say). */
  readonly durationMs: number | undefined;
  /** Where the plan was logged, for an error if it turns out unreadable. */
  readonly path: string;
  readonly line: number;
}

/** A kept plan that could not be parsed when it was finally looked at. */
export interface PlanReadError {
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

export class QueryAccumulator {
  readonly shape: StatementShape;
  readonly histogram = new DurationHistogram();
  /** Runs that came with a duration. */
  timedCalls = 0;
  /** Runs logged without one (log_statement lines, .sql files). */
  untimedCalls = 0;
  totalMs = 0;
  rows: number | null = null;
  example: string | undefined;
  exampleParams: readonly (string | null)[] | undefined;
  readonly #kept: KeptPlan[] = [];

  constructor(shape: StatementShape) {
    this.shape = shape;
  }

  add(entry: StatementEntry, path: string): void {
    const calls = entry.calls ?? 1;
    if (entry.totalMs !== undefined || entry.durationMs !== undefined) {
      const total = entry.totalMs ?? entry.durationMs! * calls;
      const mean = calls > 0 ? total / calls : total;
      this.timedCalls += calls;
      this.totalMs += total;
      this.histogram.add(mean, calls);
      if (this.example === undefined || (this.histogram.max === mean && calls === 1)) this.#keepExample(entry);
    } else {
      this.untimedCalls += calls;
      if (this.example === undefined) this.#keepExample(entry);
    }
    if (entry.rows !== undefined) this.rows = (this.rows ?? 0) + entry.rows;
    if (entry.plan !== undefined) this.#keepPlan({ plan: entry.plan, durationMs: entry.durationMs, path, line: entry.line });
  }

  /** Calls as reported: timed runs when there were any, else the untimed ones. */
  get calls(): number {
    return this.timedCalls > 0 ? this.timedCalls : this.untimedCalls;
  }

  /**
   * The kept plans, parsed, one per distinct plan shape (the slowest run of
   * each), and the ones that turned out unreadable.
   */
  plans(): { plans: KeptPlan[]; errors: PlanReadError[] } {
    const plans: KeptPlan[] = [];
    const errors: PlanReadError[] = [];
    const shapes = new Set<string>();
    for (const kept of [...this.#kept].sort((a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0))) {
      let plan: Plan;
      try {
        plan = resolvePlan(kept.plan);
      } catch (error) {
        errors.push({ path: kept.path, line: kept.line, message: `plan could not be read: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
      const key = planShapeKey(plan);
      if (shapes.has(key)) continue;
      shapes.add(key);
      plans.push({ ...kept, plan });
    }
    return { plans, errors };
  }

  #keepExample(entry: StatementEntry): void {
    this.example = entry.query;
    this.exampleParams = entry.params;
  }

  /** Keeps the slowest runs' plans without parsing them. */
  #keepPlan(kept: KeptPlan): void {
    if (this.#kept.length < MAX_PLANS) {
      this.#kept.push(kept);
      return;
    }
    let fastest = 0;
    for (let i = 1; i < this.#kept.length; i++) {
      if ((this.#kept[i]!.durationMs ?? 0) < (this.#kept[fastest]!.durationMs ?? 0)) fastest = i;
    }
    if ((kept.durationMs ?? 0) > (this.#kept[fastest]!.durationMs ?? 0)) this.#kept[fastest] = kept;
  }
}

/** Node types and relations in pre-order: two runs with the same key used the same plan. */
function planShapeKey(plan: Plan): string {
  const parts: string[] = [];
  const stack = [plan.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const relation = node.props['Relation Name'];
    const index = node.props['Index Name'];
    parts.push(`${node.nodeType}:${typeof relation === 'string' ? relation : ''}:${typeof index === 'string' ? index : ''}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return parts.join('|');
}
