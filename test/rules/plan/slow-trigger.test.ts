import rule from '../../../rules/plan/slow-trigger.js';
import { runRuleCases } from './rule-cases.js';

const root = { 'Node Type': 'ModifyTable', Operation: 'Delete', 'Relation Name': 'messages', 'Actual Rows': 0, 'Actual Loops': 1, 'Actual Total Time': 300 };

const withTriggers = (triggers: unknown[], top: Record<string, unknown> = { 'Execution Time': 5000 }) => ({ Plan: root, Triggers: triggers, ...top });

runRuleCases(rule, {
  valid: [
    { name: 'no triggers', plan: withTriggers([]) },
    { name: 'fast trigger', plan: withTriggers([{ 'Trigger Name': 'audit', Relation: 'messages', Time: 20, Calls: 50 }]) },
    { name: 'slow in ms but a small share', plan: withTriggers([{ 'Constraint Name': 'fk_a', Time: 400, Calls: 5 }], { 'Execution Time': 50000 }) },
    { name: 'malformed entries are ignored', plan: withTriggers([null, 'x', { 'Trigger Name': 'audit', Time: 'slow' }]) },
    {
      name: 'below raised thresholds',
      plan: withTriggers([{ 'Constraint Name': 'fk_a', Time: 4000, Calls: 5000 }]),
      options: { minTriggerMs: 5000 },
    },
  ],
  invalid: [
    {
      name: 'unindexed foreign key behind a cascading delete',
      plan: withTriggers([
        { 'Trigger Name': 'RI_ConstraintTrigger_a_16450', 'Constraint Name': 'attachments_message_fk', Relation: 'messages', Time: 4000, Calls: 5000 },
        { 'Trigger Name': 'RI_ConstraintTrigger_a_16460', 'Constraint Name': 'events_message_fk', Relation: 'messages', Time: 25, Calls: 5000 },
      ]),
      calls: 3,
      reports: [
        {
          messageId: 'foreignKeyTrigger',
          nodeId: 0,
          data: { constraint: 'attachments_message_fk', timeMs: 4000, calls: 5000, percent: 80 },
          timeAtStakeMs: 12000,
        },
      ],
    },
    {
      name: 'foreign-key check trigger on the referencing table',
      plan: withTriggers([{ 'Trigger Name': 'RI_ConstraintTrigger_c_16452', 'Constraint Name': 'attachments_message_fk', Relation: 'attachments', Time: 3000, Calls: 9000 }]),
      reports: [{ messageId: 'foreignKeyCheck', nodeId: 0, data: { constraint: 'attachments_message_fk', percent: 60 } }],
    },
    {
      name: 'user trigger, auto_explain without Execution Time',
      plan: withTriggers([{ 'Trigger Name': 'refresh_totals', Relation: 'orders', Time: 900, Calls: 10 }], {}),
      // 900 of 300 + 900 ms
      reports: [{ messageId: 'trigger', nodeId: 0, data: { trigger: 'refresh_totals', relation: 'orders', percent: 75 } }],
    },
  ],
});
