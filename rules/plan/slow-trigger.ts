import type { Plan, PlanValue } from '../../src/plan/types.js';
import type { PlanRule } from '../../src/analyze/types.js';
import { inclusiveTimeMs } from '../../src/plan/metrics.js';
import { displayPercent } from './support/filter-stats.js';

type Options = {
  minTriggerMs: number;
  minTriggerPercent: number;
};

interface TriggerTiming {
  readonly name: string | undefined;
  readonly constraint: string | undefined;
  readonly relation: string | undefined;
  readonly timeMs: number;
  readonly calls: number;
}

function triggersOf(plan: Plan): TriggerTiming[] {
  const list = plan.props['Triggers'];
  if (!Array.isArray(list)) return [];
  const triggers: TriggerTiming[] = [];
  for (const item of list as readonly PlanValue[]) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const entry = item as { readonly [key: string]: PlanValue };
    const text = (key: string): string | undefined => (typeof entry[key] === 'string' ? (entry[key] as string) : undefined);
    const time = entry['Time'];
    const calls = entry['Calls'];
    if (typeof time !== 'number' || !Number.isFinite(time)) continue;
    triggers.push({
      name: text('Trigger Name'),
      constraint: text('Constraint Name'),
      relation: text('Relation'),
      timeMs: time,
      calls: typeof calls === 'number' ? calls : 0,
    });
  }
  return triggers;
}

/** A trigger (often a foreign-key check) that takes a large share of a statement's time. */
const rule: PlanRule<Options> = {
  meta: {
    id: 'slow-trigger',
    severity: 'warning',
    description: 'Trigger or foreign-key check that takes a large share of the statement',
    messages: {
      foreignKeyTrigger:
        'The trigger for constraint {{constraint}} ran {{calls}} times and took {{timeMs}} ms, {{percent}}% of the statement: when rows of the referenced table are deleted or their key changes, each call searches the referencing table for matching rows, which is a full scan when the foreign-key columns have no index.',
      foreignKeyCheck:
        'The foreign-key check for constraint {{constraint}} ran {{calls}} times and took {{timeMs}} ms, {{percent}}% of the statement: each inserted or updated row looks up and locks (FOR KEY SHARE) its referenced row; that lookup uses the referenced key\'s index, so time here usually means waiting for locks held by concurrent transactions, or simply very many rows.',
      trigger:
        'Trigger {{trigger}} on {{relation}} ran {{calls}} times and took {{timeMs}} ms, {{percent}}% of the statement: trigger time is spent outside the plan, so the plan alone does not explain why the statement is slow.',
    },
    help: {
      foreignKeyTrigger:
        'Index the foreign-key columns of constraint {{constraint}} on the table that defines it (CREATE INDEX CONCURRENTLY ... ON <referencing table> (<foreign-key columns>)), so each check is an index lookup.',
      foreignKeyCheck:
        'Look for lock waits on the referenced rows (log_lock_waits, pg_locks) and shorten the transactions that hold them; for bulk loads, load in larger statements, or drop and re-add the constraint (ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT) around the load.',
      trigger:
        'Review what the trigger function does per row: queries it runs without a supporting index, or per-row work that a statement-level trigger with transition tables could do once.',
    },
    defaultOptions: { minTriggerMs: 100, minTriggerPercent: 10 },
    optionDocs: {
      minTriggerMs: 'Smallest total trigger time, in ms per execution of the statement, that is flagged.',
      minTriggerPercent: 'Share of the statement\'s execution time spent in the trigger, in percent.',
    },
  },
  create(context) {
    const { minTriggerMs, minTriggerPercent } = context.options;
    return {
      plan(plan: Plan) {
        const triggers = triggersOf(plan);
        if (triggers.length === 0) return;
        // "Execution Time" includes AFTER triggers; without it (auto_explain),
        // add trigger time to the plan's own time.
        const execution = plan.props['Execution Time'];
        const executionMs =
          typeof execution === 'number' && execution > 0 ? execution : inclusiveTimeMs(plan.root) + triggers.reduce((sum, trigger) => sum + trigger.timeMs, 0);
        if (executionMs <= 0) return;
        for (const trigger of triggers) {
          const percent = Math.min((trigger.timeMs / executionMs) * 100, 100);
          if (trigger.timeMs < minTriggerMs || percent < minTriggerPercent) continue;
          const data = { timeMs: trigger.timeMs, calls: trigger.calls, percent: displayPercent(percent) };
          // PostgreSQL names a foreign key's triggers RI_ConstraintTrigger_a_<oid> (actions, on the
          // referenced table) and RI_ConstraintTrigger_c_<oid> (checks, on the referencing table).
          const isCheck = trigger.name?.startsWith('RI_ConstraintTrigger_c_') === true;
          context.report(
            trigger.constraint !== undefined
              ? {
                  node: plan.root,
                  messageId: isCheck ? 'foreignKeyCheck' : 'foreignKeyTrigger',
                  data: { ...data, constraint: trigger.constraint },
                  timeAtStakeMs: trigger.timeMs * context.calls,
                }
              : {
                  node: plan.root,
                  messageId: 'trigger',
                  data: { ...data, trigger: trigger.name ?? 'a trigger', relation: trigger.relation ?? 'the table' },
                  timeAtStakeMs: trigger.timeMs * context.calls,
                },
          );
        }
      },
    };
  },
};

export default rule;
