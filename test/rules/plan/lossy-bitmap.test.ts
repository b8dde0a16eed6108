import rule from '../../../rules/plan/lossy-bitmap.js';
import { runRuleCases } from './rule-cases.js';

const bitmapHeapScan = (props: Record<string, unknown>) => ({
  'Node Type': 'Bitmap Heap Scan',
  'Relation Name': 'events',
  'Recheck Cond': "(kind = 'click'::text)",
  'Actual Total Time': 400,
  'Actual Rows': 50000,
  'Actual Loops': 1,
  ...props,
  Plans: [{ 'Node Type': 'Bitmap Index Scan', 'Index Name': 'events_kind_idx', 'Actual Total Time': 20, 'Actual Rows': 50000, 'Actual Loops': 1 }],
});

runRuleCases(rule, {
  valid: [
    { name: 'exact bitmap', plan: bitmapHeapScan({ 'Exact Heap Blocks': 3000, 'Lossy Heap Blocks': 0 }) },
    { name: 'plain EXPLAIN', plan: { 'Node Type': 'Bitmap Heap Scan', 'Relation Name': 'events', 'Plan Rows': 10 } },
    { name: 'below a raised minLossyBlocks', plan: bitmapHeapScan({ 'Exact Heap Blocks': 3000, 'Lossy Heap Blocks': 50 }), options: { minLossyBlocks: 100 } },
  ],
  invalid: [
    {
      name: 'lossy pages with recheck',
      plan: bitmapHeapScan({ 'Exact Heap Blocks': 1000, 'Lossy Heap Blocks': 3000, 'Rows Removed by Index Recheck': 120000 }),
      calls: 2,
      reports: [
        {
          messageId: 'lossyBitmap',
          nodeId: 0,
          data: { lossyBlocks: 3000, exactBlocks: 1000, totalBlocks: 4000, lossyPercent: 75, recheckRemovedRows: 120000, relation: 'events' },
          timeAtStakeMs: 760,
        },
      ],
    },
    {
      name: 'all pages lossy (BRIN-like), recheck averaged over loops',
      plan: bitmapHeapScan({ 'Lossy Heap Blocks': 10, 'Actual Loops': 3, 'Rows Removed by Index Recheck': 7 }),
      reports: [{ messageId: 'allPagesLossy', nodeId: 0, data: { lossyPercent: 100, exactBlocks: 0, recheckRemovedRows: 21, index: 'events_kind_idx' } }],
    },
  ],
});
