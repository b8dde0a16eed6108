import rule from '../../../rules/plan/hash-spill.js';
import { runRuleCases } from './rule-cases.js';

const hashJoin = (hash: Record<string, unknown>) => ({
  'Node Type': 'Hash Join',
  'Actual Total Time': 500,
  'Actual Rows': 1000,
  'Actual Loops': 1,
  Plans: [
    { 'Node Type': 'Seq Scan', 'Relation Name': 'orders', 'Actual Total Time': 100, 'Actual Rows': 100000, 'Actual Loops': 1 },
    {
      'Node Type': 'Hash',
      'Actual Total Time': 250,
      'Actual Rows': 200000,
      'Actual Loops': 1,
      'Hash Buckets': 131072,
      'Peak Memory Usage': 4100,
      ...hash,
      Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'customers', 'Actual Total Time': 150, 'Actual Rows': 200000, 'Actual Loops': 1 }],
    },
  ],
});

runRuleCases(rule, {
  valid: [
    { name: 'one batch', plan: hashJoin({ 'Hash Batches': 1, 'Original Hash Batches': 1 }) },
    { name: 'plain EXPLAIN has no batches', plan: hashJoin({ 'Hash Batches': undefined }) },
    { name: 'below a raised minBatches', plan: hashJoin({ 'Hash Batches': 4, 'Original Hash Batches': 4 }), options: { minBatches: 8 } },
  ],
  invalid: [
    {
      name: 'planned multi-batch hash',
      plan: hashJoin({ 'Hash Batches': 8, 'Original Hash Batches': 8 }),
      calls: 2,
      // hash exclusive 250 - 150 = 100, join exclusive 500 - 100 - 250 = 150
      reports: [{ messageId: 'hashBatches', nodeId: 2, data: { hashed: 'customers', batches: 8, originalBatches: 8, peakMemoryKb: 4100, rows: 200000 }, timeAtStakeMs: 500 }],
    },
    {
      name: 'batches grew at run time',
      plan: hashJoin({ 'Hash Batches': 16, 'Original Hash Batches': 1 }),
      reports: [{ messageId: 'hashBatchesGrew', nodeId: 2, data: { batches: 16, originalBatches: 1 }, timeAtStakeMs: 250 }],
    },
    {
      name: 'text-plan node name Parallel Hash',
      plan: hashJoin({ 'Node Type': 'Parallel Hash', 'Hash Batches': 4, 'Original Hash Batches': 4 }),
      reports: [{ messageId: 'hashBatches', nodeId: 2, data: { batches: 4 } }],
    },
    {
      name: 'no Original Hash Batches key (older servers)',
      plan: hashJoin({ 'Hash Batches': 2 }),
      reports: [{ messageId: 'hashBatches', nodeId: 2, data: { batches: 2, originalBatches: 2 } }],
    },
  ],
});
