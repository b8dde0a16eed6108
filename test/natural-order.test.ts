import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idOrder, naturalOrder } from '../src/natural-order.js';

test('file names sort by the numbers in them', () => {
  const names = ['10_b.sql', '2_a.sql', 'V1__init.sql', '1_a.sql', 'V10__x.sql', 'V2__y.sql', '001_z.sql'];
  // 1 and 001 are the same number; the rest of the name decides.
  assert.deepEqual([...names].sort(naturalOrder), ['1_a.sql', '001_z.sql', '2_a.sql', '10_b.sql', 'V1__init.sql', 'V2__y.sql', 'V10__x.sql']);
  assert.deepEqual([...names].sort(naturalOrder), [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
});

test('rule ids sort as localeCompare sorted them', () => {
  const ids = ['require-lock-timeout', 'prefer-bigint-over-smallint', 'prefer-bigint-over-int', 'pg14-concurrent-index-corruption', 'ban-drop-table', 'ban-drop-column', 'adding-field-with-default'];
  assert.deepEqual([...ids].sort(idOrder), [...ids].sort((a, b) => a.localeCompare(b)));
  assert.equal(idOrder('a', 'a'), 0);
});
