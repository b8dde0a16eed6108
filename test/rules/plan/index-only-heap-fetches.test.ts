import rule from '../../../rules/plan/index-only-heap-fetches.js';
import { runRuleCases } from './rule-cases.js';

const indexOnlyScan = (props: Record<string, unknown>) => ({
  'Node Type': 'Index Only Scan',
  'Relation Name': 'line_items',
  'Index Name': 'line_items_order_id_idx',
  'Index Cond': '(order_id = 10)',
  'Actual Total Time': 80,
  'Actual Loops': 1,
  ...props,
});

runRuleCases(rule, {
  valid: [
    { name: 'no heap fetches', plan: indexOnlyScan({ 'Actual Rows': 50000, 'Heap Fetches': 0 }) },
    { name: 'few heap fetches relative to rows', plan: indexOnlyScan({ 'Actual Rows': 100000, 'Heap Fetches': 5000 }) },
    { name: 'few heap fetches in absolute terms', plan: indexOnlyScan({ 'Actual Rows': 100, 'Heap Fetches': 100 }) },
    { name: 'plain EXPLAIN', plan: { 'Node Type': 'Index Only Scan', 'Relation Name': 'line_items', 'Plan Rows': 10 } },
    { name: 'an index scan always visits the heap', plan: indexOnlyScan({ 'Node Type': 'Index Scan', 'Actual Rows': 5000, 'Heap Fetches': 5000 }) },
  ],
  invalid: [
    {
      name: 'most rows fetched from the heap',
      plan: indexOnlyScan({ 'Actual Rows': 20000, 'Heap Fetches': 18000 }),
      reports: [
        {
          messageId: 'heapFetches',
          nodeId: 0,
          data: { heapFetches: 18000, rows: 20000, fetchPercent: 90, relation: 'line_items', index: 'line_items_order_id_idx' },
          severity: 'info',
          timeAtStakeMs: 80,
        },
      ],
    },
    {
      name: 'heap fetches are a total while rows are per loop',
      plan: indexOnlyScan({ 'Actual Rows': 2, 'Actual Loops': 1000, 'Heap Fetches': 1500 }),
      reports: [{ messageId: 'heapFetches', nodeId: 0, data: { heapFetches: 1500, rows: 2000, fetchPercent: 75 } }],
    },
    {
      name: 'thresholds lowered by options',
      plan: indexOnlyScan({ 'Actual Rows': 100, 'Heap Fetches': 5 }),
      options: { minHeapFetches: 1, minFetchPercent: 1 },
      reports: [{ messageId: 'heapFetches', nodeId: 0, data: { fetchPercent: 5 } }],
    },
  ],
});
