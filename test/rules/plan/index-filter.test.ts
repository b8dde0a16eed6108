import rule from '../../../rules/plan/index-filter.js';
import { runRuleCases } from './rule-cases.js';

const indexScan = (props: Record<string, unknown>) => ({
  'Node Type': 'Index Scan',
  'Relation Name': 'orders',
  'Index Name': 'orders_customer_id_idx',
  'Index Cond': '(customer_id = 42)',
  Filter: "(status = 'open'::text)",
  'Actual Total Time': 30,
  'Actual Loops': 1,
  ...props,
});

runRuleCases(rule, {
  valid: [
    { name: 'filter removes few rows', plan: indexScan({ 'Actual Rows': 900, 'Rows Removed by Filter': 100 }) },
    { name: 'high percentage but few rows', plan: indexScan({ 'Actual Rows': 1, 'Rows Removed by Filter': 500 }) },
    { name: 'no filter', plan: indexScan({ Filter: undefined, 'Actual Rows': 1 }) },
    { name: 'plain EXPLAIN', plan: { 'Node Type': 'Index Scan', 'Relation Name': 'orders', 'Plan Rows': 4 } },
    { name: 'seq scans belong to seq-scan-filter', plan: indexScan({ 'Node Type': 'Seq Scan', 'Actual Rows': 1, 'Rows Removed by Filter': 9999 }) },
    {
      name: 'below a raised minRemovedRows',
      plan: indexScan({ 'Actual Rows': 10, 'Rows Removed by Filter': 5000 }),
      options: { minRemovedRows: 10000 },
    },
  ],
  invalid: [
    {
      name: 'index scan discarding 99% after the index',
      plan: indexScan({ 'Actual Rows': 20, 'Rows Removed by Filter': 4980 }),
      reports: [
        {
          messageId: 'indexFilter',
          nodeId: 0,
          data: {
            index: 'orders_customer_id_idx',
            removedRows: 4980,
            returnedRows: 20,
            removedPercent: 99.6,
            filter: '(status = $1::text)',
            indexCond: '(customer_id = $1)',
          },
          timeAtStakeMs: 30,
        },
      ],
    },
    {
      name: 'inner side of a nested loop: removed rows add up over loops',
      plan: indexScan({ 'Node Type': 'Index Only Scan', 'Actual Rows': 0, 'Actual Loops': 500, 'Rows Removed by Filter': 3 }),
      reports: [{ messageId: 'indexFilter', nodeId: 0, data: { removedRows: 1500, returnedRows: 0, removedPercent: 100, nodeType: 'Index Only Scan' } }],
    },
    {
      name: 'bitmap heap scan names the indexes of its bitmap',
      plan: {
        'Node Type': 'Bitmap Heap Scan',
        'Relation Name': 'orders',
        'Recheck Cond': '((customer_id = 42) OR (seller_id = 7))',
        Filter: '(total > 100.5)',
        'Actual Rows': 5,
        'Actual Loops': 1,
        'Rows Removed by Filter': 2000,
        'Actual Total Time': 12,
        Plans: [
          {
            'Node Type': 'BitmapOr',
            Plans: [
              { 'Node Type': 'Bitmap Index Scan', 'Index Name': 'orders_customer_id_idx' },
              { 'Node Type': 'Bitmap Index Scan', 'Index Name': 'orders_seller_id_idx' },
            ],
          },
        ],
      },
      reports: [
        {
          messageId: 'indexFilter',
          nodeId: 0,
          data: { index: 'orders_customer_id_idx + orders_seller_id_idx', filter: '(total > $1)', indexCond: '((customer_id = $1) OR (seller_id = $2))' },
        },
      ],
    },
  ],
});
