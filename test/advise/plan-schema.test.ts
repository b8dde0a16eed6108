/**
 * Plans name a relation's schema only with VERBOSE. When the SQL is beyond
 * pgsql-ast-parser and the advisor reads the plan instead, the schema comes
 * from the qualified name PostgreSQL's parser found in the statement.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adviseIndexes } from '../../src/advise/index.js';
import { queryStats } from './query-stats.js';

describe('advisor on a plan without schema names', () => {
  it('takes the schema from the statement, not public', async () => {
    const plan = {
      Plan: {
        'Node Type': 'Seq Scan',
        'Relation Name': 'orders',
        Alias: 'orders',
        'Startup Cost': 0,
        'Total Cost': 5000,
        'Plan Rows': 20,
        'Plan Width': 40,
        'Actual Startup Time': 0.1,
        'Actual Total Time': 120,
        'Actual Rows': 20,
        'Actual Loops': 1,
        Filter: '(customer_id = 42)',
        'Rows Removed by Filter': 199980,
      },
    };
    // `interval $1` is valid PostgreSQL that pgsql-ast-parser rejects, so the plan is the advisor's source.
    const query = { ...queryStats('select * from shop.orders where customer_id = $1 and created_at > now() - interval $2', { plans: [plan] }), tables: ['shop.orders'] };
    const { indexes } = await adviseIndexes([query], {});
    assert.equal(indexes.length, 1);
    assert.equal(indexes[0]?.table, 'shop.orders');
    assert.match(indexes[0]?.ddl ?? '', / ON shop\.orders /);
  });
});
