import rule from '../../../rules/plan/nested-loop-inner-scan.js';
import { runRuleCases } from './rule-cases.js';

const outer = (rows: number, planRows = 10) => ({
  'Node Type': 'Seq Scan',
  'Relation Name': 'customers',
  'Parent Relationship': 'Outer',
  'Plan Rows': planRows,
  'Actual Rows': rows,
  'Actual Loops': 1,
  'Actual Total Time': 20,
});

const nestedLoop = (outerRows: number, inner: Record<string, unknown>, props: Record<string, unknown> = {}) => ({
  'Node Type': 'Nested Loop',
  'Join Type': 'Inner',
  'Actual Rows': 100,
  'Actual Loops': 1,
  'Actual Total Time': 3000,
  ...props,
  Plans: [outer(outerRows), { 'Parent Relationship': 'Inner', ...inner }],
});

const innerSeqScan = (loops: number, removedPerLoop: number, props: Record<string, unknown> = {}) => ({
  'Node Type': 'Seq Scan',
  'Relation Name': 'orders',
  Filter: "((status = 'open'::text) AND (customer_id = customers.id))",
  'Actual Rows': 0.1,
  'Actual Loops': loops,
  'Rows Removed by Filter': removedPerLoop,
  'Actual Total Time': 2.5,
  ...props,
});

runRuleCases(rule, {
  valid: [
    { name: 'few loops', plan: nestedLoop(10, innerSeqScan(10, 100000)) },
    { name: 'many loops, little filtered', plan: nestedLoop(5000, innerSeqScan(5000, 2)) },
    {
      name: 'index lookups without a filter',
      plan: nestedLoop(5000, { 'Node Type': 'Index Scan', 'Relation Name': 'orders', 'Index Name': 'orders_customer_id_idx', 'Actual Rows': 1, 'Actual Loops': 5000, 'Actual Total Time': 0.01 }),
    },
    { name: 'a scan under a hash join is not a nested loop', plan: nestedLoop(5000, innerSeqScan(5000, 100), { 'Node Type': 'Hash Join' }) },
    { name: 'plain EXPLAIN', plan: { 'Node Type': 'Nested Loop', Plans: [{ 'Node Type': 'Seq Scan' }, { 'Node Type': 'Seq Scan', Filter: '(a = 1)' }] } },
  ],
  invalid: [
    {
      name: 'inner seq scan repeated for every outer row',
      plan: nestedLoop(2000, innerSeqScan(2000, 500)),
      calls: 2,
      reports: [
        {
          messageId: 'innerScanFilter',
          nodeId: 2,
          data: { loops: 2000, plannedLoops: 10, removedRows: 1000000, returnedRows: 200, relation: 'orders', filter: '((status = $1::text) AND (customer_id = customers.id))' },
          timeAtStakeMs: 10000,
        },
      ],
    },
    {
      name: 'filtering scan under a Materialize on the inner side',
      plan: nestedLoop(3000, {
        'Node Type': 'Materialize',
        'Actual Rows': 5,
        'Actual Loops': 3000,
        'Actual Total Time': 0.2,
        Plans: [innerSeqScan(1000, 200, { 'Node Type': 'Index Scan', 'Index Name': 'orders_status_idx' })],
      }),
      reports: [{ messageId: 'innerScanFilter', nodeId: 3, data: { nodeType: 'Index Scan', loops: 1000, removedRows: 200000 } }],
    },
    {
      name: 'join filter comparing every pair',
      plan: nestedLoop(
        4000,
        { 'Node Type': 'Seq Scan', 'Relation Name': 'orders', 'Actual Rows': 1000, 'Actual Loops': 4000, 'Actual Total Time': 0.5 },
        { 'Join Filter': '(orders.customer_id = customers.id)', 'Rows Removed by Join Filter': 3999900, 'Actual Rows': 100 },
      ),
      reports: [
        {
          messageId: 'joinFilter',
          nodeId: 0,
          data: { loops: 4000, removedRows: 3999900, returnedRows: 100, joinFilter: '(orders.customer_id = customers.id)' },
          // exclusive 3000 - 20 - 2000 = 980, inner 0.5 x 4000 = 2000
          timeAtStakeMs: 2980,
        },
      ],
    },
    {
      name: 'text-plan node name Nested Loop Left Join',
      plan: nestedLoop(2000, innerSeqScan(2000, 500), { 'Node Type': 'Nested Loop Left Join' }),
      reports: [{ messageId: 'innerScanFilter', nodeId: 2, data: { loops: 2000 } }],
    },
    {
      name: 'thresholds lowered by options',
      plan: nestedLoop(10, innerSeqScan(10, 100)),
      options: { minLoops: 5, minRemovedRows: 500 },
      reports: [{ messageId: 'innerScanFilter', nodeId: 2, data: { loops: 10, removedRows: 1000 } }],
    },
  ],
});
