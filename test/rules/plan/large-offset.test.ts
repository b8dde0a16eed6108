import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../rules/plan/large-offset.js';
import { literalOffset } from '../../../rules/plan/support/query-offset.js';
import { runRuleCases } from './rule-cases.js';

const limit = (returned: number, produced: number, props: Record<string, unknown> = {}) => ({
  'Node Type': 'Limit',
  'Actual Rows': returned,
  'Actual Loops': 1,
  'Actual Total Time': 210,
  ...props,
  Plans: [
    {
      'Node Type': 'Index Scan',
      'Relation Name': 'posts',
      'Index Name': 'posts_created_at_idx',
      'Actual Rows': produced,
      'Actual Loops': 1,
      'Actual Total Time': 200,
    },
  ],
});

runRuleCases(rule, {
  valid: [
    { name: 'limit without offset', plan: limit(20, 20) },
    { name: 'small offset', plan: limit(20, 120) },
    { name: 'plain EXPLAIN without query text', plan: { 'Node Type': 'Limit', 'Plan Rows': 20, Plans: [{ 'Node Type': 'Seq Scan', 'Plan Rows': 100000 }] } },
    {
      name: 'plain EXPLAIN with a parameter OFFSET',
      plan: { 'Query Text': 'select * from posts order by id limit 20 offset $1', Plan: { 'Node Type': 'Limit', 'Plan Rows': 20 } },
    },
    {
      name: 'plain EXPLAIN with OFFSET only inside a string',
      plan: { 'Query Text': "select 'offset 50000' from posts limit 20", Plan: { 'Node Type': 'Limit', 'Plan Rows': 20 } },
    },
    { name: 'below a raised minSkippedRows', plan: limit(20, 5020), options: { minSkippedRows: 10000 } },
  ],
  invalid: [
    {
      name: 'deep page: 50,000 rows produced to return 20',
      plan: limit(20, 50020),
      calls: 10,
      reports: [
        {
          messageId: 'skippedRows',
          nodeId: 0,
          data: { returnedRows: 20, producedRows: 50020, skippedRows: 50000 },
          // 200 ms x 50000/50020 x 10 calls
          timeAtStakeMs: 1999.2,
        },
      ],
    },
    {
      name: 'plain EXPLAIN with a literal OFFSET in the query text',
      plan: {
        'Query Text': 'SELECT * FROM posts ORDER BY created_at DESC LIMIT 20 OFFSET 40000',
        Plan: { 'Node Type': 'Limit', 'Plan Rows': 20, Plans: [{ 'Node Type': 'Index Scan', 'Plan Rows': 40020 }] },
      },
      reports: [{ messageId: 'offsetInQuery', nodeId: 0, data: { offset: 40000 }, timeAtStakeMs: 0 }],
    },
  ],
});

test('literalOffset reads literal OFFSETs only', () => {
  const cases: readonly [string, number | undefined][] = [
    ['select 1 limit 10 offset 500', 500],
    ['select 1 OFFSET 20 ROWS FETCH NEXT 10 ROWS ONLY', 20],
    ['select 1 offset $1', undefined],
    ["select 'offset 9' -- offset 7\n /* offset 8 */ from t", undefined],
    ['select "offset 5" from t offset (300)', 300],
    ['select * from (select * from t offset 10) s offset 2000', 2000],
    ['select $$offset 99$$', undefined],
  ];
  for (const [query, expected] of cases) assert.equal(literalOffset(query), expected, query);
});
