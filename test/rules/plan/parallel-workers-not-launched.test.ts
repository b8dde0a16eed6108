import rule from '../../../rules/plan/parallel-workers-not-launched.js';
import { runRuleCases } from './rule-cases.js';

const gather = (planned: number | undefined, launched: number | undefined, props: Record<string, unknown> = {}) => ({
  'Node Type': 'Gather',
  'Workers Planned': planned,
  'Workers Launched': launched,
  'Actual Rows': 1000,
  'Actual Loops': 1,
  'Actual Total Time': 900,
  ...props,
  Plans: [{ 'Node Type': 'Seq Scan', 'Parallel Aware': true, 'Relation Name': 'events', 'Actual Rows': 1000, 'Actual Loops': 1, 'Actual Total Time': 880 }],
});

runRuleCases(rule, {
  valid: [
    { name: 'all workers launched', plan: gather(2, 2) },
    { name: 'plain EXPLAIN shows only Workers Planned', plan: gather(2, undefined) },
    { name: 'not a Gather', plan: gather(2, 0, { 'Node Type': 'Append' }) },
    { name: 'below a raised minMissingWorkers', plan: gather(4, 3), options: { minMissingWorkers: 2 } },
  ],
  invalid: [
    {
      name: 'no worker started',
      plan: gather(2, 0),
      calls: 3,
      // 900 ms x 2/3 x 3 calls
      reports: [{ messageId: 'workersNotLaunched', nodeId: 0, data: { planned: 2, launched: 0, missing: 2, participants: 3, nodeType: 'Gather' }, timeAtStakeMs: 1800 }],
    },
    {
      name: 'Gather Merge with some workers missing',
      plan: gather(4, 1, { 'Node Type': 'Gather Merge' }),
      reports: [{ messageId: 'workersNotLaunched', nodeId: 0, data: { planned: 4, launched: 1, missing: 3, nodeType: 'Gather Merge' }, timeAtStakeMs: 540 }],
    },
  ],
});
