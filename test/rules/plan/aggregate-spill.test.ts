import rule from '../../../rules/plan/aggregate-spill.js';
import { runRuleCases } from './rule-cases.js';

const aggregate = (props: Record<string, unknown>) => ({
  'Node Type': 'Aggregate',
  Strategy: 'Hashed',
  'Group Key': ['customer_id'],
  'Actual Total Time': 700,
  'Actual Rows': 300000,
  'Actual Loops': 1,
  'Planned Partitions': 32,
  'Peak Memory Usage': 4153,
  ...props,
  Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'orders', 'Actual Total Time': 200, 'Actual Rows': 1000000, 'Actual Loops': 1 }],
});

runRuleCases(rule, {
  valid: [
    { name: 'fits in memory', plan: aggregate({ 'HashAgg Batches': 1, 'Disk Usage': 0 }) },
    { name: 'sorted aggregate', plan: aggregate({ Strategy: 'Sorted', 'HashAgg Batches': 4, 'Disk Usage': 100 }) },
    { name: 'plain aggregate without spill keys', plan: aggregate({ Strategy: 'Plain', 'Planned Partitions': undefined }) },
    { name: 'spill below minDiskKb', plan: aggregate({ 'HashAgg Batches': 5, 'Disk Usage': 1680 }), options: { minDiskKb: 10000 } },
  ],
  invalid: [
    {
      name: 'hashed aggregate spilled',
      plan: aggregate({ 'HashAgg Batches': 193, 'Disk Usage': 31752 }),
      calls: 4,
      reports: [
        {
          messageId: 'aggregateSpill',
          nodeId: 0,
          data: { diskKb: 31752, batches: 193, peakMemoryKb: 4153, plannedPartitions: 32 },
          timeAtStakeMs: 2000,
        },
      ],
    },
    {
      name: 'text-plan node type HashAggregate',
      plan: aggregate({ 'Node Type': 'HashAggregate', Strategy: undefined, 'HashAgg Batches': 4210, 'Disk Usage': 1680 }),
      reports: [{ messageId: 'aggregateSpill', nodeId: 0, data: { diskKb: 1680, batches: 4210 } }],
    },
    {
      name: 'text-plan node type Partial HashAggregate',
      plan: aggregate({ 'Node Type': 'Partial HashAggregate', Strategy: undefined, 'HashAgg Batches': 3, 'Disk Usage': 900 }),
      reports: [{ messageId: 'aggregateSpill', nodeId: 0, data: { diskKb: 900, batches: 3 } }],
    },
    {
      name: 'a parallel worker spilled',
      plan: aggregate({
        Strategy: 'Mixed',
        'HashAgg Batches': 1,
        'Disk Usage': 0,
        Workers: [{ 'Worker Number': 0, 'HashAgg Batches': 9, 'Disk Usage': 2048, 'Peak Memory Usage': 4000 }],
      }),
      reports: [{ messageId: 'aggregateSpill', nodeId: 0, data: { diskKb: 2048, batches: 9 } }],
    },
  ],
});
