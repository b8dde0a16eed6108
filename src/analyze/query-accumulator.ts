/**
 * Everything pgopt keeps about one statement shape while a log streams by.
 * Memory is bounded per shape: a histogram, counters, and a few plans.
 */
import type { Plan } from '../plan/types.js';
import type { StatementShape } from '../sql/statement-shape.js';
import type { StatementEntry } from '../ingest/types.js';
import { DurationHistogram } from './duration-histogram.js';

/** Distinct plan shapes kept per statement; the slowest run of each. */
const MAX_PLANS = 3;

export interface KeptPlan {
  readonly plan: Plan;
  /** Duration of the run the plan belongs to, ms (undefined when the input did not say). */
  readonly durationMs: number | undefined;
  readonly shapeKey: string;
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
  readonly plans: KeptPlan[] = [];
  plansSeen = 0;

  constructor(shape: StatementShape) {
    this.shape = shape;
  }

  add(entry: StatementEntry): void {
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
    if (entry.plan !== undefined) this.#keepPlan(entry.plan, entry.durationMs);
  }

  /** Calls as reported: timed runs when there were any, else the untimed ones. */
  get calls(): number {
    return this.timedCalls > 0 ? this.timedCalls : this.untimedCalls;
  }

  #keepExample(entry: StatementEntry): void {
    this.example = entry.query;
    this.exampleParams = entry.params;
  }

  #keepPlan(plan: Plan, durationMs: number | undefined): void {
    this.plansSeen++;
    const shapeKey = planShapeKey(plan);
    const index = this.plans.findIndex((kept) => kept.shapeKey === shapeKey);
    const kept: KeptPlan = { plan, durationMs, shapeKey };
    if (index >= 0) {
      const previous = this.plans[index]!;
      if ((durationMs ?? 0) > (previous.durationMs ?? 0)) this.plans[index] = kept;
      return;
    }
    if (this.plans.length < MAX_PLANS) {
      this.plans.push(kept);
      return;
    }
    // Full: replace the fastest kept plan if this run was slower.
    let fastest = 0;
    for (let i = 1; i < this.plans.length; i++) {
      if ((this.plans[i]!.durationMs ?? 0) < (this.plans[fastest]!.durationMs ?? 0)) fastest = i;
    }
    if ((durationMs ?? 0) > (this.plans[fastest]!.durationMs ?? 0)) this.plans[fastest] = kept;
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
