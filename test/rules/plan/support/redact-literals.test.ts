import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactLiterals } from '../../../../rules/plan/support/redact-literals.js';
import { displayPercent, filterStats } from '../../../../rules/plan/support/filter-stats.js';
import { buildPlan } from '../../../../src/plan/build.js';

const cases: readonly [string, string][] = [
  ["(status = 'paid'::text)", '(status = $1::text)'],
  ["(name = 'O''Brien'::text)", '(name = $1::text)'],
  ["(note ~~ E'a\\\\b%'::text)", '(note ~~ $1::text)'],
  ['((total > 100) AND (total < 250.75))', '((total > $1) AND (total < $2))'],
  ['(delta > -5)', '(delta > $1)'],
  ['(x > 1.5e3)', '(x > $1)'],
  ['(t1.col2 = t2.col3)', '(t1.col2 = t2.col3)'],
  ['("2col" = $1)', '("2col" = $1)'],
  ["(id = ANY ('{1,2,3}'::integer[]))", '(id = ANY ($1::integer[]))'],
  ['(amount = (price * 2))', '(amount = (price * $1))'],
  ["(created_at >= '2024-01-01 00:00:00'::timestamp without time zone)", '(created_at >= $1::timestamp without time zone)'],
];

for (const [input, expected] of cases) {
  test(`redactLiterals(${JSON.stringify(input)})`, () => assert.equal(redactLiterals(input), expected));
}

test('filterStats multiplies per-loop figures by loops and guards against missing data', () => {
  const node = (props: Record<string, unknown>) => buildPlan({ Plan: { 'Node Type': 'Seq Scan', ...props } }).root;
  assert.deepEqual(filterStats(node({ 'Actual Rows': 2, 'Actual Loops': 5, 'Rows Removed by Filter': 8 })), {
    loops: 5,
    returnedRows: 10,
    removedRows: 40,
    removedPercent: 80,
  });
  assert.equal(filterStats(node({ 'Actual Rows': 2, 'Actual Loops': 0, 'Rows Removed by Filter': 8 })), undefined);
  assert.equal(filterStats(node({ 'Plan Rows': 2 })), undefined);
  assert.equal(filterStats(node({ 'Actual Rows': 0, 'Actual Loops': 1, 'Rows Removed by Filter': 0 }))?.removedPercent, 0);
});

test('displayPercent never rounds up to 100', () => {
  assert.equal(displayPercent(99.99), 99.9);
  assert.equal(displayPercent(100), 100);
  assert.equal(displayPercent(12.345), 12.3);
});
