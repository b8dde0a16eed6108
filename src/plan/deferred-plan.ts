/**
 * A plan kept as text until someone looks at its tree. Logs written with
 * auto_explain carry a plan for many statements, but pgopt keeps only a few
 * per statement shape: parsing the rest would be most of the time spent
 * reading a large log. `resolve()` parses (once) and throws the parser's
 * error for a plan that turns out to be unreadable.
 */
import type { Plan, PlanNode, PlanValue } from './types.js';
import { parsePlanJson, parsePlanText } from './parse.js';

export type DeferredPlanFormat = 'json' | 'text';

export class DeferredPlan implements Plan {
  readonly #text: string;
  readonly #format: DeferredPlanFormat;
  #plan: Plan | undefined;
  readonly queryText?: string;

  constructor(text: string, format: DeferredPlanFormat, queryText?: string) {
    this.#text = text;
    this.#format = format;
    if (queryText !== undefined) this.queryText = queryText;
  }

  /** Parses the plan on first use; throws an Error with the parser's reason when it cannot. */
  resolve(): Plan {
    this.#plan ??= this.#format === 'json' ? parsePlanJson(this.#text) : parsePlanText(this.#text);
    return this.#plan;
  }

  get root(): PlanNode {
    return this.resolve().root;
  }

  get props(): { readonly [key: string]: PlanValue } {
    return this.resolve().props;
  }

  get analyzed(): boolean {
    return this.resolve().analyzed;
  }
}

/** The parsed plan behind a plan that may be deferred; throws when it cannot be read. */
export function resolvePlan(plan: Plan): Plan {
  return plan instanceof DeferredPlan ? plan.resolve() : plan;
}
