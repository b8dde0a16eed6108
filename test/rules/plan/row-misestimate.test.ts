import rule from '../../../rules/plan/row-misestimate.js';
import { runRuleCases } from './rule-cases.js';

const scan = (planRows: number, actualRows: number, props: Record<string, unknown> = {}) => ({
  'Node Type': 'Seq Scan',
  'Relation Name': 'orders',
  'Plan Rows': planRows,
  'Actual Rows': actualRows,
  'Actual Loops': 1,
  'Actual Total Time': 50,
  ...props,
});

const join = (planRows: number, actualRows: number, children: unknown[], props: Record<string, unknown> = {}) => ({
  'Node Type': 'Hash Join',
  'Join Type': 'Inner',
  'Plan Rows': planRows,
  'Actual Rows': actualRows,
  'Actual Loops': 1,
  'Actual Total Time': 400,
  ...props,
  Plans: children,
});

runRuleCases(rule, {
  valid: [
    { name: 'estimate close', plan: scan(10000, 12000) },
    { name: 'plain EXPLAIN', plan: { 'Node Type': 'Seq Scan', 'Plan Rows': 10 } },
    { name: 'large factor but tiny absolute difference', plan: scan(1, 40) },
    { name: 'never executed', plan: scan(5000, 0, { 'Actual Loops': 0 }) },
    {
      name: 'overestimate below a Limit is early termination, not a misestimate',
      plan: { 'Node Type': 'Limit', 'Plan Rows': 10, 'Actual Rows': 10, 'Actual Loops': 1, Plans: [scan(1000000, 10)] },
    },
    {
      name: 'inner side of a semi join stops at the first match',
      plan: join(100, 100, [scan(100, 100), scan(50000, 1, { 'Parent Relationship': 'Inner' })], { 'Join Type': 'Semi', 'Node Type': 'Nested Loop' }),
    },
    {
      name: 'the error is inherited from the child and reported there only',
      plan: { 'Node Type': 'Hash', 'Plan Rows': 100, 'Actual Rows': 50000, 'Actual Loops': 1, Plans: [scan(100, 50000)] },
      options: { minFactor: 10000 },
    },
    {
      name: 'ModifyTable returns no rows without RETURNING',
      plan: { 'Node Type': 'ModifyTable', Operation: 'Delete', 'Relation Name': 'orders', 'Plan Rows': 50000, 'Actual Rows': 0, 'Actual Loops': 1, 'Actual Total Time': 900 },
    },
    {
      name: 'BitmapOr reports no rows',
      plan: {
        'Node Type': 'Bitmap Heap Scan',
        'Relation Name': 'orders',
        'Plan Rows': 5000,
        'Actual Rows': 4800,
        'Actual Loops': 1,
        'Actual Total Time': 30,
        Plans: [{ 'Node Type': 'BitmapOr', 'Plan Rows': 5000, 'Actual Rows': 0, 'Actual Loops': 1, 'Actual Total Time': 2 }],
      },
    },
    { name: 'the step above took under minParentTimeMs', plan: scan(2000000, 1000, { 'Actual Total Time': 0.4 }) },
  ],
  invalid: [
    {
      name: 'minParentTimeMs 0 keeps fast steps',
      plan: scan(2000000, 1000, { 'Actual Total Time': 0.4 }),
      options: { minParentTimeMs: 0 },
      reports: [{ messageId: 'misestimateHuge', nodeId: 0, timeAtStakeMs: 0.4 }],
    },
    {
      name: 'set-returning function with the default ROWS 1000',
      plan: { 'Node Type': 'Function Scan', 'Function Name': 'generate_series', 'Plan Rows': 1000, 'Actual Rows': 48544, 'Actual Loops': 1, 'Actual Total Time': 12 },
      reports: [{ messageId: 'functionRows', nodeId: 0, data: { function: 'generate_series', factor: 49 }, severity: 'info' }],
    },
    {
      name: 'a CTE scan points at the CTE',
      plan: { 'Node Type': 'CTE Scan', 'CTE Name': 'recent', Alias: 'r', 'Plan Rows': 721200, 'Actual Rows': 7, 'Actual Loops': 1, 'Actual Total Time': 3 },
      reports: [{ messageId: 'misestimateHuge', nodeId: 0, data: { target: 'the tables read by the CTE recent', direction: 'over' } }],
    },
    {
      name: '20x underestimate is info',
      plan: scan(1000, 20000),
      reports: [
        {
          messageId: 'misestimate',
          nodeId: 0,
          data: { estimatedRows: 1000, actualRows: 20000, factor: 20, direction: 'under', target: 'orders' },
          severity: 'info',
          timeAtStakeMs: 50,
        },
      ],
    },
    {
      name: '500x underestimate is a warning',
      plan: scan(10, 5000),
      reports: [{ messageId: 'misestimateLarge', nodeId: 0, data: { factor: 500 }, severity: 'warning' }],
    },
    {
      name: '2000x overestimate is an error',
      plan: scan(2000000, 1000),
      reports: [{ messageId: 'misestimateHuge', nodeId: 0, data: { factor: 2000, direction: 'over' }, severity: 'error' }],
    },
    {
      name: 'reported at the origin, not at the parents it propagates to; time at stake is the parent step',
      plan: join(100, 50000, [scan(100, 50000, { 'Actual Total Time': 60 }), { 'Node Type': 'Hash', 'Plan Rows': 10, 'Actual Rows': 10, 'Actual Loops': 1, 'Actual Total Time': 5 }]),
      calls: 3,
      reports: [{ messageId: 'misestimateLarge', nodeId: 1, data: { factor: 500 }, timeAtStakeMs: 1200 }],
    },
    {
      name: 'a join that multiplies the error again is a second origin',
      plan: join(10, 50000, [scan(100, 5000), scan(1000, 1000)]),
      reports: [
        { messageId: 'misestimate', nodeId: 1, data: { factor: 50 } },
        { messageId: 'misestimateHuge', nodeId: 0, data: { factor: 5000, target: 'the tables below this node' } },
      ],
    },
    {
      name: 'a misestimated InitPlan does not hide the misestimate of the node that uses it',
      plan: scan(10, 20000, {
        Plans: [{ 'Node Type': 'Seq Scan', 'Parent Relationship': 'InitPlan', 'Relation Name': 'settings', 'Plan Rows': 10, 'Actual Rows': 50000, 'Actual Loops': 1, 'Actual Total Time': 20 }],
      }),
      reports: [
        { messageId: 'misestimateHuge', nodeId: 1, data: { target: 'settings', factor: 5000 } },
        { messageId: 'misestimateHuge', nodeId: 0, data: { target: 'orders', factor: 2000 } },
      ],
    },
    {
      name: 'per-loop figures: 3 estimated, 300 actual, over 100 loops',
      plan: scan(3, 300, { 'Actual Loops': 100 }),
      reports: [{ messageId: 'misestimateLarge', nodeId: 0, data: { factor: 100, loops: 100 } }],
    },
    {
      name: 'an underestimate below a Limit still counts',
      plan: { 'Node Type': 'Limit', 'Plan Rows': 10, 'Actual Rows': 10, 'Actual Loops': 1, Plans: [scan(10, 20000)] },
      reports: [{ messageId: 'misestimateHuge', nodeId: 1, data: { factor: 2000, direction: 'under' } }],
    },
    {
      name: 'bands moved by options',
      plan: scan(1000, 20000),
      options: { warningFactor: 15, errorFactor: 18 },
      reports: [{ messageId: 'misestimateHuge', nodeId: 0, severity: 'error' }],
    },
  ],
});
