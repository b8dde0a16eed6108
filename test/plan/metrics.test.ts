import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlanJson, parsePlanText } from '../../src/plan/parse.js';
import {
  actualRowsTotal,
  estimateDirection,
  estimateFactor,
  exclusiveTimeMs,
  inclusiveTimeMs,
  neverExecuted,
  parentMap,
  rowsRemovedRatio,
} from '../../src/plan/metrics.js';
import { walkPlan } from '../../src/plan/walk.js';
import type { Plan, PlanNode } from '../../src/plan/types.js';
import { readFixture } from './fixture.js';

function nodes(plan: Plan): PlanNode[] {
  return [...walkPlan(plan.root)].map(({ node }) => node);
}

function byType(plan: Plan, nodeType: string, index = 0): PlanNode {
  const found = nodes(plan).filter((node) => node.nodeType === nodeType)[index];
  assert.ok(found, `no ${nodeType} #${index}`);
  return found;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: expected ${expected}, got ${actual}`);
}

function sumOfExclusive(plan: Plan): number {
  return nodes(plan).reduce((sum, node) => sum + exclusiveTimeMs(node), 0);
}

test('loops: an inner side that ran 10 times counts 10 times', () => {
  const plan = parsePlanText([
    'Nested Loop  (cost=0.00..10.00 rows=10 width=8) (actual time=0.050..12.000 rows=10 loops=1)',
    '  ->  Seq Scan on a  (cost=0.00..1.00 rows=10 width=4) (actual time=0.010..2.000 rows=10 loops=1)',
    '  ->  Index Scan using b_pkey on b  (cost=0.00..0.50 rows=1 width=4) (actual time=0.400..0.500 rows=1 loops=10)',
    '        Index Cond: (id = a.id)',
  ].join('\n'));
  close(inclusiveTimeMs(byType(plan, 'Index Scan')), 5, 'inner inclusive');
  close(exclusiveTimeMs(plan.root), 12 - 2 - 5, 'nested loop exclusive');
  close(sumOfExclusive(plan), 12, 'sum');
  assert.equal(actualRowsTotal(byType(plan, 'Index Scan')), 10);
});

test('parallel: times under Gather are shared by the workers and the leader', () => {
  const plan = parsePlanText([
    'Gather  (cost=1000.00..2000.00 rows=100 width=4) (actual time=1.000..100.000 rows=300 loops=1)',
    '  Workers Planned: 2',
    '  Workers Launched: 2',
    '  ->  Parallel Seq Scan on big  (cost=0.00..1000.00 rows=40 width=4) (actual time=0.500..90.000 rows=100 loops=3)',
  ].join('\n'));
  const scan = byType(plan, 'Seq Scan');
  close(inclusiveTimeMs(scan), 90, 'scan wall-clock time');
  close(exclusiveTimeMs(plan.root), 10, 'gather exclusive');
  close(sumOfExclusive(plan), 100, 'sum');
});

test('CTE: its time is taken from the CTE Scan that computed it, not from the node it hangs under', () => {
  const plan = parsePlanText([
    'Append  (cost=0.07..0.35 rows=4 width=8) (actual time=50.000..200.000 rows=5 loops=1)',
    '  CTE x',
    '    ->  Function Scan on slow_function f  (cost=0.00..0.07 rows=5 width=8) (actual time=50.000..190.000 rows=5 loops=1)',
    '  ->  CTE Scan on x  (cost=0.00..0.11 rows=2 width=8) (actual time=50.000..195.000 rows=2 loops=1)',
    '        Filter: (i < 3)',
    '        Rows Removed by Filter: 3',
    '  ->  CTE Scan on x x_1  (cost=0.00..0.11 rows=2 width=8) (actual time=0.005..0.010 rows=3 loops=1)',
    '        Filter: (i > 2)',
  ].join('\n'));
  close(exclusiveTimeMs(plan.root), 200 - 195 - 0.01, 'append exclusive');
  close(exclusiveTimeMs(byType(plan, 'CTE Scan', 0)), 5, 'first scan exclusive');
  close(exclusiveTimeMs(byType(plan, 'CTE Scan', 1)), 0.01, 'second scan exclusive (rows already computed)');
  close(exclusiveTimeMs(byType(plan, 'Function Scan')), 190, 'CTE body exclusive');
  close(sumOfExclusive(plan), 200, 'sum');
});

test('InitPlan: charged to the node whose expression uses its result', () => {
  const plan = parsePlanText([
    'Hash Join  (cost=1.00..50.00 rows=10 width=8) (actual time=30.000..40.000 rows=10 loops=1)',
    '  Hash Cond: (a.id = b.id)',
    '  InitPlan 1 (returns $0)',
    '    ->  Result  (cost=0.00..0.01 rows=1 width=4) (actual time=20.000..20.000 rows=1 loops=1)',
    '  ->  Seq Scan on a  (cost=0.00..10.00 rows=10 width=4) (actual time=20.100..25.000 rows=10 loops=1)',
    '        Filter: (x > $0)',
    '  ->  Hash  (cost=1.00..1.00 rows=10 width=4) (actual time=5.000..5.000 rows=10 loops=1)',
    '        ->  Seq Scan on b  (cost=0.00..1.00 rows=10 width=4) (actual time=1.000..4.000 rows=10 loops=1)',
  ].join('\n'));
  close(exclusiveTimeMs(byType(plan, 'Seq Scan', 0)), 5, 'seq scan on a (used $0)');
  close(exclusiveTimeMs(plan.root), 40 - 25 - 5, 'hash join');
  close(sumOfExclusive(plan), 40, 'sum');
});

test('InitPlan used by the node itself (PostgreSQL 16+ naming) and SubPlans are charged to that node', () => {
  const plan = parsePlanText([
    'Result  (cost=0.01..0.02 rows=1 width=4) (actual time=10.000..30.000 rows=1 loops=1)',
    '  One-Time Filter: ((InitPlan 1).col1 > 0)',
    '  InitPlan 1',
    '    ->  Result  (cost=0.00..0.01 rows=1 width=4) (actual time=8.000..8.000 rows=1 loops=1)',
    '  SubPlan 2',
    '    ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=1.000..2.000 rows=1 loops=5)',
  ].join('\n'));
  close(exclusiveTimeMs(plan.root), 30 - 8 - 10, 'result');
  close(sumOfExclusive(plan), 30, 'sum');
});

test('a plan without actuals has no times', () => {
  const plan = parsePlanText('Limit  (cost=0.00..0.01 rows=1 width=4)\n  ->  Seq Scan on t  (cost=0.00..14.00 rows=1000 width=4)');
  assert.equal(inclusiveTimeMs(plan.root), 0);
  assert.equal(exclusiveTimeMs(plan.root), 0);
  assert.equal(plan.analyzed, false);
  assert.equal(estimateFactor(plan.root), undefined);
});

const estimates: readonly { planned: number; actual: number; loops: number; factor: number | undefined; direction: string | undefined }[] = [
  { planned: 10, actual: 1000, loops: 1, factor: 100, direction: 'under' },
  { planned: 5000, actual: 5, loops: 1, factor: 1000, direction: 'over' },
  { planned: 1, actual: 0, loops: 20, factor: 1, direction: 'exact' },
  { planned: 2, actual: 20, loops: 100, factor: 10, direction: 'under' },
  { planned: 50, actual: 0, loops: 0, factor: undefined, direction: undefined },
];

for (const { planned, actual, loops, factor, direction } of estimates) {
  test(`estimateFactor: planned ${planned}, actual ${actual} x ${loops} loops -> ${factor}`, () => {
    const plan = parsePlanJson(JSON.stringify({ Plan: { 'Node Type': 'Seq Scan', 'Plan Rows': planned, 'Actual Rows': actual, 'Actual Loops': loops, 'Actual Total Time': 1 } }));
    assert.equal(estimateFactor(plan.root), factor);
    assert.equal(estimateDirection(plan.root), direction);
    assert.equal(neverExecuted(plan.root), loops === 0);
  });
}

test('rowsRemovedRatio for filters, rechecks and join filters', () => {
  const plan = parsePlanJson(JSON.stringify({
    Plan: {
      'Node Type': 'Bitmap Heap Scan', 'Actual Rows': 10, 'Actual Loops': 4,
      'Rows Removed by Filter': 90, 'Rows Removed by Index Recheck': 30, 'Rows Removed by Join Filter': 0,
    },
  }));
  assert.equal(rowsRemovedRatio(plan.root), 0.9);
  assert.equal(rowsRemovedRatio(plan.root, 'Rows Removed by Index Recheck'), 0.75);
  assert.equal(rowsRemovedRatio(plan.root, 'Rows Removed by Join Filter'), 0);
  assert.equal(rowsRemovedRatio(plan.root, 'Rows Removed by Conflict Filter'), undefined);
});

test('parentMap links every node but the root to its parent', () => {
  const plan = parsePlanText([
    'Limit  (cost=0.00..1.00 rows=1 width=4)',
    '  ->  Sort  (cost=0.00..1.00 rows=1 width=4)',
    '        ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)',
    '  SubPlan 1',
    '    ->  Result  (cost=0.00..0.01 rows=1 width=4)',
  ].join('\n'));
  const parents = parentMap(plan.root);
  const all = nodes(plan);
  assert.equal(parents.has(plan.root), false);
  assert.deepEqual(all.slice(1).map((node) => parents.get(node)?.nodeType), ['Limit', 'Sort', 'Limit']);
});

test('InitPlan with no visible reference: charged to the deepest node whose time needs it', () => {
  const plan = parsePlanText([
    'Nested Loop  (cost=1.00..50.00 rows=10 width=8) (actual time=5.000..10.000 rows=10 loops=1)',
    '  InitPlan 1 (returns $0)',
    '    ->  Aggregate  (cost=0.00..0.01 rows=1 width=4) (actual time=4.000..4.000 rows=1 loops=1)',
    '  ->  Seq Scan on a  (cost=0.00..10.00 rows=1 width=4) (actual time=0.100..1.000 rows=1 loops=1)',
    '  ->  Append  (cost=1.00..1.00 rows=10 width=4) (actual time=5.000..8.500 rows=10 loops=1)',
    '        ->  Foreign Scan on f1  (cost=0.00..1.00 rows=5 width=4) (actual time=1.000..3.000 rows=5 loops=1)',
    '        ->  Foreign Scan on f2  (cost=0.00..1.00 rows=5 width=4) (actual time=1.000..1.400 rows=5 loops=1)',
  ].join('\n'));
  close(exclusiveTimeMs(byType(plan, 'Append')), 8.5 - 4.4 - 4, 'append ran the InitPlan');
  close(exclusiveTimeMs(plan.root), 10 - 1 - 8.5, 'nested loop');
  close(sumOfExclusive(plan), 10, 'sum');
});

test('a real parallel plan (PostgreSQL 15, VERBOSE): exclusive times add up to the root, workers parsed', () => {
  const plan = parsePlanText(readFixture('parallel-verbose.text.txt'));
  const scan = byType(plan, 'Seq Scan');
  assert.equal(scan.props['Parallel Aware'], true);
  assert.deepEqual((scan.props['Workers'] as Record<string, unknown>[]).map((worker) => worker['Shared Hit Blocks']), [625, 505]);
  // 183.713 ms per loop over 3 processes is 183.7 ms of wall-clock time, not 551 ms.
  close(inclusiveTimeMs(scan), 183.713, 'scan wall-clock');
  const total = inclusiveTimeMs(plan.root);
  assert.ok(Math.abs(sumOfExclusive(plan) - total) < total * 0.01, `sum ${sumOfExclusive(plan)} vs ${total}`);
});
