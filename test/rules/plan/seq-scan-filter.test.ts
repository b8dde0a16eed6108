import rule from '../../../rules/plan/seq-scan-filter.js';
import { runRuleCases } from './rule-cases.js';

const seqScan = (props: Record<string, unknown>) => ({
  'Node Type': 'Seq Scan',
  'Relation Name': 'orders',
  Schema: 'public',
  'Plan Rows': 10,
  'Actual Total Time': 120,
  'Actual Loops': 1,
  Filter: "(status = 'refunded'::text)",
  ...props,
});

runRuleCases(rule, {
  valid: [
    { name: 'no filter statistics (plain EXPLAIN)', plan: { 'Node Type': 'Seq Scan', 'Relation Name': 'orders', 'Plan Rows': 10 } },
    { name: 'filter keeps most rows', plan: seqScan({ 'Actual Rows': 90000, 'Rows Removed by Filter': 10000 }) },
    { name: 'small relation', plan: seqScan({ 'Actual Rows': 5, 'Rows Removed by Filter': 995 }) },
    { name: 'exactly under the percentage', plan: seqScan({ 'Actual Rows': 1001, 'Rows Removed by Filter': 8999 }) },
    { name: 'nothing removed', plan: seqScan({ 'Actual Rows': 50000, 'Rows Removed by Filter': 0 }) },
    { name: 'never executed', plan: seqScan({ 'Actual Rows': 0, 'Actual Loops': 0, 'Rows Removed by Filter': 0 }) },
    {
      name: 'minRows raised by an option',
      plan: seqScan({ 'Actual Rows': 10, 'Rows Removed by Filter': 99990 }),
      options: { minRows: 200000 },
    },
    { name: 'index scan is not a seq scan', plan: seqScan({ 'Node Type': 'Index Scan', 'Actual Rows': 1, 'Rows Removed by Filter': 99999 }) },
  ],
  invalid: [
    {
      name: 'large table, 99.99% removed',
      plan: seqScan({ 'Actual Rows': 10, 'Rows Removed by Filter': 99990 }),
      calls: 3,
      reports: [
        {
          messageId: 'seqScanFilter',
          nodeId: 0,
          data: { scannedRows: 100000, removedRows: 99990, returnedRows: 10, removedPercent: 99.9, filter: '(status = $1::text)' },
          timeAtStakeMs: 360,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'scan under a hash join, reported at its own node id',
      plan: {
        'Node Type': 'Hash Join',
        'Actual Rows': 10,
        'Actual Loops': 1,
        'Actual Total Time': 200,
        Plans: [
          { 'Node Type': 'Seq Scan', 'Relation Name': 'customers', 'Actual Rows': 100, 'Actual Loops': 1, 'Actual Total Time': 5 },
          {
            'Node Type': 'Hash',
            'Actual Rows': 10,
            'Actual Loops': 1,
            'Actual Total Time': 150,
            Plans: [seqScan({ 'Actual Rows': 10, 'Rows Removed by Filter': 50000, 'Actual Total Time': 149 })],
          },
        ],
      },
      reports: [{ messageId: 'seqScanFilter', nodeId: 3, data: { relation: 'orders', scannedRows: 50010 }, timeAtStakeMs: 149 }],
    },
    {
      name: 'parallel scan: loops share one pass over the table',
      plan: seqScan({ 'Parallel Aware': true, 'Actual Rows': 2, 'Actual Loops': 3, 'Rows Removed by Filter': 4000 }),
      reports: [{ messageId: 'seqScanFilter', nodeId: 0, data: { scannedRows: 12006, removedRows: 12000, returnedRows: 6 } }],
    },
    {
      name: 'text-plan node name Parallel Seq Scan',
      plan: seqScan({ 'Node Type': 'Parallel Seq Scan', 'Actual Rows': 2, 'Actual Loops': 3, 'Rows Removed by Filter': 4000 }),
      reports: [{ messageId: 'seqScanFilter', nodeId: 0, data: { scannedRows: 12006 } }],
    },
    {
      name: 'repeated scan: each loop reads the whole table',
      plan: seqScan({ 'Actual Rows': 1, 'Actual Loops': 4, 'Rows Removed by Filter': 19999 }),
      reports: [{ messageId: 'seqScanFilter', nodeId: 0, data: { scannedRows: 20000, removedRows: 79996 } }],
    },
    {
      name: 'thresholds lowered by options',
      plan: seqScan({ 'Actual Rows': 40, 'Rows Removed by Filter': 60 }),
      options: { minRows: 100, minRemovedPercent: 50 },
      reports: [{ messageId: 'seqScanFilter', nodeId: 0, data: { removedPercent: 60 } }],
    },
  ],
});
