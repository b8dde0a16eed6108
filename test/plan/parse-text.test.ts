import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan, parsePlanJson, parsePlanText } from '../../src/plan/parse.js';
import { planToJson } from '../../src/plan/to-json.js';
import { walkPlan } from '../../src/plan/walk.js';
import { readFixture, withoutTextlessKeys } from './fixture.js';

// Each text fixture was captured from PostgreSQL 15 with the same query as
// its JSON twin (EXPLAIN (ANALYZE, TIMING OFF, SUMMARY OFF) so both runs agree).
const textVsJson: readonly { text: string; json: string; what: string }[] = [
  { text: 'q1.text.txt', json: 'q1.json', what: 'hash join, HashAggregate, sort, hash buckets' },
  { text: 'q2.text.txt', json: 'q2.json', what: 'CTE, InitPlan, CTE Scan, Hash Right Join' },
  { text: 'q3.text.txt', json: 'q3.json', what: 'SubPlan, Nested Loop Anti Join, bitmap scans, heap fetches' },
  { text: 'q4.text.txt', json: 'q4.json', what: 'Limit, top-N sort, bitmap heap scan' },
  { text: 'q1-verbose.text.txt', json: 'q1-verbose.json', what: 'VERBOSE: Output lists, schema-qualified relations, no ANALYZE' },
  { text: 'q1-border0.txt', json: 'q1.json', what: 'psql border 0' },
  { text: 'q1-border2-unicode.txt', json: 'q1.json', what: 'psql border 2, unicode lines' },
  { text: 'q1-border2-oldascii.txt', json: 'q1.json', what: 'psql border 2, old-ascii lines' },
  { text: 'q2-wrapped.txt', json: 'q2.json', what: 'hard-wrapped at 72 columns by a terminal' },
  { text: 'q2-auto-explain.txt', json: 'q2.json', what: "auto_explain's tab-indented text with a multi-line Query Text" },
  { text: 'q4-pgadmin.txt', json: 'q4.json', what: "pgAdmin's quoted lines" },
  { text: 'q4-wrapped-ascii.txt', json: 'q4.json', what: "psql's wrapped format at 30 columns, ascii" },
  { text: 'q4-wrapped-unicode-border2.txt', json: 'q4.json', what: "psql's wrapped format, unicode, border 2" },
  { text: 'q4-wrapped-old-ascii.txt', json: 'q4.json', what: "psql's wrapped format, old-ascii" },
  { text: 'q4-expanded.txt', json: 'q4.json', what: "psql's expanded display (\\x)" },
];

for (const { text, json, what } of textVsJson) {
  test(`text plan ${text} gives the JSON tree (${what})`, () => {
    const fromText = planToJson(parsePlan(readFixture(text)));
    const fromJson = planToJson(parsePlanJson(readFixture(json)));
    delete fromText['Query Text'];
    assert.deepEqual(withoutTextlessKeys(fromText), withoutTextlessKeys(fromJson));
  });
}

test('auto_explain text keeps the whole multi-line Query Text', () => {
  const plan = parsePlanText(readFixture('q2-auto-explain.txt'));
  assert.ok(plan.queryText?.startsWith('with big as materialized (select customer_id, sum(amount) s\n  from orders'));
  assert.ok(plan.queryText?.endsWith('(select max(region) from customers)'));
});

test('CTE and InitPlan children carry Parent Relationship and Subplan Name', () => {
  const plan = parsePlanText(readFixture('q2.text.txt'));
  const labelled = plan.root.children.map((child) => [child.nodeType, child.props['Parent Relationship'], child.props['Subplan Name'] ?? null]);
  assert.deepEqual(labelled, [
    ['Aggregate', 'InitPlan', 'CTE big'],
    ['Aggregate', 'InitPlan', 'InitPlan 2 (returns $1)'],
    ['CTE Scan', 'Outer', null],
    ['Hash', 'Inner', null],
  ]);
});

const headers: readonly { line: string; expected: Record<string, unknown> }[] = [
  { line: 'Seq Scan on tenk1  (cost=0.00..333.00 rows=10000 width=148)', expected: { 'Node Type': 'Seq Scan', 'Relation Name': 'tenk1', Alias: 'tenk1', 'Total Cost': 333, 'Plan Rows': 10000 } },
  { line: 'Index Scan Backward using "odd:idx" on public."my table" t  (cost=0.42..8.44 rows=1 width=4)', expected: { 'Node Type': 'Index Scan', 'Scan Direction': 'Backward', 'Index Name': 'odd:idx', Schema: 'public', 'Relation Name': 'my table', Alias: 't' } },
  { line: 'Hash Right Anti Join  (cost=1.00..2.00 rows=1 width=4)', expected: { 'Node Type': 'Hash Join', 'Join Type': 'Right Anti' } },
  { line: 'Nested Loop Semi Join  (cost=1.00..2.00 rows=1 width=4)', expected: { 'Node Type': 'Nested Loop', 'Join Type': 'Semi' } },
  { line: 'Finalize HashAggregate  (cost=1.00..2.00 rows=1 width=4)', expected: { 'Node Type': 'Aggregate', Strategy: 'Hashed', 'Partial Mode': 'Finalize' } },
  { line: 'Parallel Seq Scan on big  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..5.500 rows=3.50 loops=3)', expected: { 'Parallel Aware': true, 'Actual Total Time': 5.5, 'Actual Rows': 3.5, 'Actual Loops': 3 } },
  { line: 'Async Foreign Scan on remote r (actual rows=10 loops=1)', expected: { 'Node Type': 'Foreign Scan', 'Async Capable': true, 'Relation Name': 'remote', 'Actual Rows': 10 } },
  { line: 'Insert on orders o  (cost=0.00..0.01 rows=0 width=0)', expected: { 'Node Type': 'ModifyTable', Operation: 'Insert', 'Relation Name': 'orders', Alias: 'o' } },
  { line: 'HashSetOp Except All  (cost=0.00..1.00 rows=1 width=4)', expected: { 'Node Type': 'SetOp', Strategy: 'Hashed', Command: 'Except All' } },
  { line: 'Function Scan on pg_catalog.generate_series g  (cost=0.00..1.00 rows=1 width=4)', expected: { 'Node Type': 'Function Scan', Schema: 'pg_catalog', 'Function Name': 'generate_series', Alias: 'g' } },
  { line: 'Custom Scan (Citus Adaptive)  (cost=0.00..0.00 rows=0 width=0)', expected: { 'Node Type': 'Custom Scan', 'Custom Plan Provider': 'Citus Adaptive' } },
  { line: 'Hash  (cost=1.00..1.00 rows=1 width=4) (never executed)', expected: { 'Node Type': 'Hash', 'Actual Rows': 0, 'Actual Loops': 0, 'Actual Total Time': undefined } },
  { line: 'Hash  (cost=1.00..1.00 rows=1 width=4) (actual time=0.002..0.002 rows=0 loops=1)\n  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (never executed)', expected: { 'Node Type': 'Hash', 'Actual Total Time': 0.002 } },
];

for (const { line, expected } of headers) {
  test(`node line: ${line.slice(0, 60)}`, () => {
    const props = parsePlanText(line).root.props;
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(props[key], value, key);
  });
}

const details: readonly { line: string; nodeType: string; expected: Record<string, unknown> }[] = [
  { nodeType: 'Hash', line: 'Buckets: 262144 (originally 1024)  Batches: 16 (originally 1)  Memory Usage: 35157kB', expected: { 'Hash Buckets': 262144, 'Original Hash Buckets': 1024, 'Hash Batches': 16, 'Original Hash Batches': 1, 'Peak Memory Usage': 35157 } },
  { nodeType: 'HashAggregate', line: 'Planned Partitions: 32  Batches: 193  Memory Usage: 4153kB  Disk Usage: 31752kB', expected: { 'Planned Partitions': 32, 'HashAgg Batches': 193, 'Peak Memory Usage': 4153, 'Disk Usage': 31752 } },
  { nodeType: 'Sort', line: 'Sort Method: external merge  Disk: 2304kB', expected: { 'Sort Method': 'external merge', 'Sort Space Used': 2304, 'Sort Space Type': 'Disk' } },
  { nodeType: 'Seq Scan', line: 'Buffers: shared hit=10 read=3 written=1, temp read=5', expected: { 'Shared Hit Blocks': 10, 'Shared Read Blocks': 3, 'Shared Written Blocks': 1, 'Shared Dirtied Blocks': 0, 'Temp Read Blocks': 5, 'Local Hit Blocks': 0 } },
  { nodeType: 'Seq Scan', line: 'I/O Timings: shared read=1.5 write=0.25, temp read=2', expected: { 'Shared I/O Read Time': 1.5, 'Shared I/O Write Time': 0.25, 'Temp I/O Read Time': 2, 'Local I/O Read Time': 0 } },
  { nodeType: 'Seq Scan', line: 'I/O Timings: read=0.011', expected: { 'I/O Read Time': 0.011, 'I/O Write Time': 0 } },
  { nodeType: 'Bitmap Heap Scan', line: 'Heap Blocks: exact=3181 lossy=12', expected: { 'Exact Heap Blocks': 3181, 'Lossy Heap Blocks': 12 } },
  { nodeType: 'Memoize', line: 'Hits: 998  Misses: 2  Evictions: 0  Overflows: 0  Memory Usage: 1kB', expected: { 'Cache Hits': 998, 'Cache Misses': 2, 'Cache Evictions': 0, 'Cache Overflows': 0, 'Peak Memory Usage': 1 } },
  { nodeType: 'Seq Scan', line: 'One-Time Filter: false', expected: { 'One-Time Filter': 'false' } },
  { nodeType: 'Seq Scan', line: 'Output: a, f(b, c), \'x, y\'::text', expected: { Output: ['a', 'f(b, c)', "'x, y'::text"] } },
  { nodeType: 'Incremental Sort', line: 'Full-sort Groups: 1  Sort Method: quicksort  Average Memory: 26kB  Peak Memory: 27kB', expected: { 'Full-sort Groups': { 'Group Count': 1, 'Sort Methods Used': ['quicksort'], 'Sort Space Memory': { 'Average Sort Space Used': 26, 'Peak Sort Space Used': 27 } } } },
  { nodeType: 'Gather', line: 'Workers Planned: 4', expected: { 'Workers Planned': 4 } },
];

for (const { nodeType, line, expected } of details) {
  test(`detail line under ${nodeType}: ${line.slice(0, 50)}`, () => {
    const node = nodeType === 'HashAggregate' ? 'HashAggregate' : nodeType;
    const props = parsePlanText(`${node}  (cost=0.00..1.00 rows=1 width=4)\n  ${line}`).root.props;
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(props[key], value, key);
  });
}

test('top-level sections: Planning buffers, JIT, Settings, triggers, timings', () => {
  const plan = parsePlanText([
    'Delete on t  (cost=0.00..1.00 rows=0 width=0) (actual time=0.100..0.100 rows=0 loops=1)',
    '  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=6) (actual time=0.010..0.020 rows=1 loops=1)',
    'Settings: work_mem = \'8MB\', search_path = \'public, x\'',
    'Planning:',
    '  Buffers: shared hit=8 read=2',
    'Planning Time: 0.119 ms',
    'JIT:',
    '  Functions: 10',
    '  Options: Inlining false, Optimization false, Expressions true, Deforming true',
    '  Timing: Generation 0.492 ms (Deform 0.134 ms), Inlining 0.000 ms, Optimization 0.266 ms, Emission 3.684 ms, Total 4.442 ms',
    'Trigger for constraint t_fk: time=1.250 calls=3',
    'Trigger audit_t on t: time=0.500 calls=1',
    'Execution Time: 3674.128 ms',
  ].join('\n'));
  assert.deepEqual(plan.props['Settings'], { work_mem: '8MB', search_path: 'public, x' });
  assert.equal((plan.props['Planning'] as Record<string, unknown>)['Shared Read Blocks'], 2);
  assert.equal(plan.props['Planning Time'], 0.119);
  assert.equal(plan.props['Execution Time'], 3674.128);
  assert.deepEqual(plan.props['JIT'], {
    Functions: 10,
    Options: { Inlining: false, Optimization: false, Expressions: true, Deforming: true },
    Timing: { Generation: { Deform: 0.134, Total: 0.492 }, Inlining: 0, Optimization: 0.266, Emission: 3.684, Total: 4.442 },
  });
  assert.deepEqual(plan.props['Triggers'], [{ 'Constraint Name': 't_fk', Time: 1.25, Calls: 3 }, { 'Trigger Name': 'audit_t', Relation: 't', Time: 0.5, Calls: 1 }]);
  assert.equal(plan.root.props['Operation'], 'Delete');
  assert.equal(plan.root.children.length, 1);
});

test('Worker lines become the node\'s Workers list', () => {
  const plan = parsePlanText([
    'Sort  (cost=1.00..2.00 rows=10 width=4) (actual time=7.5..7.6 rows=6 loops=3)',
    '  Sort Key: x',
    '  Sort Method: quicksort  Memory: 25kB',
    '  Worker 0:  Sort Method: external merge  Disk: 2064kB',
    '  Worker 1:  actual time=7.0..7.1 rows=5 loops=1',
    '    Buffers: shared hit=4',
    '  ->  Seq Scan on t  (cost=0.00..1.00 rows=10 width=4) (actual time=0.1..5.0 rows=6 loops=3)',
  ].join('\n'));
  const workers = plan.root.props['Workers'] as Record<string, unknown>[];
  assert.equal(workers.length, 2);
  assert.deepEqual([workers[0]!['Sort Method'], workers[0]!['Sort Space Used'], workers[0]!['Sort Space Type']], ['external merge', 2064, 'Disk']);
  assert.deepEqual([workers[1]!['Actual Total Time'], workers[1]!['Actual Rows'], workers[1]!['Shared Hit Blocks']], [7.1, 5, 4]);
  assert.equal(plan.root.props['Sort Space Used'], 25);
  assert.equal(plan.root.children.length, 1);
});

test('a large text plan parses whole, every node numbered in pre-order', () => {
  const lines = ['Append  (cost=0.00..1.00 rows=1 width=4) (actual time=0.1..9.0 rows=4000 loops=1)'];
  for (let i = 0; i < 2000; i++) {
    lines.push(`  ->  Seq Scan on part_${i} p${i}  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.004 rows=2 loops=1)`);
    lines.push(`        Filter: (x > ${i})`);
    lines.push('        Rows Removed by Filter: 7');
  }
  const text = lines.join('\n');
  assert.ok(text.length > 190_000);
  const plan = parsePlanText(text);
  const nodes = [...walkPlan(plan.root)].map(({ node }) => node);
  assert.equal(nodes.length, 2001);
  assert.deepEqual(nodes.map((node) => node.id), nodes.map((_, i) => i));
  assert.equal(nodes[2000]!.props['Relation Name'], 'part_1999');
  assert.equal(nodes[2000]!.props['Parent Relationship'], 'Member');
});

test('a second plan after the first (rule-rewritten statements) ends the first one', () => {
  const plan = parsePlanText([
    'Insert on t  (cost=0.00..0.01 rows=0 width=0)',
    '  ->  Result  (cost=0.00..0.01 rows=1 width=4)',
    '',
    'Insert on audit  (cost=0.00..0.01 rows=0 width=0)',
    '  ->  Result  (cost=0.00..0.01 rows=1 width=4)',
  ].join('\n'));
  assert.equal(plan.root.props['Relation Name'], 't');
  assert.equal([...walkPlan(plan.root)].length, 2);
});

test('a line that continues a value after a blank line is not glued on: prose after the plan is dropped', () => {
  const plan = parsePlanText('Result  (cost=0.00..0.01 rows=1 width=4)\n  One-Time Filter: false\n\nsome notes about this plan');
  assert.equal(plan.root.props['One-Time Filter'], 'false');
});

test('never-executed nodes get zero times only when the plan was timed', () => {
  const timed = parsePlanText('Hash  (cost=1.00..1.00 rows=1 width=4) (actual time=0.002..0.002 rows=0 loops=1)\n  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (never executed)');
  assert.deepEqual([timed.root.children[0]!.props['Actual Total Time'], timed.root.children[0]!.props['Actual Loops']], [0, 0]);
  const untimed = parsePlanText('Hash  (cost=1.00..1.00 rows=1 width=4) (actual rows=0 loops=1)\n  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (never executed)');
  assert.deepEqual([untimed.root.children[0]!.props['Actual Total Time'], untimed.root.children[0]!.props['Actual Loops']], [undefined, 0]);
});

test('grouping sets are rebuilt as EXPLAIN JSON nests them', () => {
  const plan = parsePlanText([
    'MixedAggregate  (cost=0.00..1.00 rows=1 width=4)',
    '  Hash Key: g',
    '  Group Key: ()',
    '  ->  Seq Scan on big  (cost=0.00..1.00 rows=1 width=4)',
  ].join('\n'));
  assert.deepEqual(plan.root.props['Grouping Sets'], [{ 'Hash Keys': [['g']] }, { 'Group Keys': [[]] }]);
  assert.equal(plan.root.props['Group Key'], undefined);
  const sorted = parsePlanText([
    'GroupAggregate  (cost=0.00..1.00 rows=1 width=4)',
    '  Group Key: a, b',
    '  Group Key: a',
    '  Sort Key: c',
    '    Group Key: c',
    '  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)',
  ].join('\n'));
  assert.deepEqual(sorted.root.props['Grouping Sets'], [{ 'Group Keys': [['a', 'b'], ['a']] }, { 'Sort Key': ['c'], 'Group Keys': [['c']] }]);
  const plain = parsePlanText('GroupAggregate  (cost=0.00..1.00 rows=1 width=4)\n  Group Key: a, b');
  assert.deepEqual(plain.root.props['Group Key'], ['a', 'b']);
});

test('buffer keys from BUFFERS reach every node, as in EXPLAIN JSON', () => {
  const plan = parsePlanText([
    'Limit  (cost=0.00..1.00 rows=1 width=4) (actual rows=1 loops=1)',
    '  Buffers: shared hit=3',
    '  ->  Result  (cost=0.00..1.00 rows=1 width=4) (actual rows=1 loops=1)',
  ].join('\n'));
  assert.equal(plan.root.children[0]!.props['Shared Hit Blocks'], 0);
  assert.equal(plan.root.props['Shared Hit Blocks'], 3);
  assert.equal(plan.root.children[0]!.props['Exact Heap Blocks'], undefined);
});

test('query text lines that look like node names do not become the root', () => {
  const plan = parsePlanText(['Query Text: select *', 'Limit 10', 'Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.001 rows=1 loops=1)'].join('\n'));
  assert.equal(plan.root.nodeType, 'Result');
  assert.equal(plan.queryText, 'select *\nLimit 10');
});

test('a plan pasted in a Markdown fence with psql footer and \\timing output', () => {
  const plan = parsePlan([
    '```',
    ' Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)',
    ' Planning Time: 0.020 ms',
    ' Execution Time: 0.031 ms',
    '(3 rows)',
    '',
    'Time: 0.412 ms',
    '```',
  ].join('\n'));
  assert.equal(plan.root.nodeType, 'Result');
  assert.equal(plan.props['Execution Time'], 0.031);
  assert.equal(plan.props['Time'], undefined);
});

test("auto_explain's Query Parameters line is kept apart from the query text", () => {
  const plan = parsePlanText([
    'Query Text: select * from t',
    '  where id = $1',
    "Query Parameters: $1 = '42'",
    'Index Scan using t_pkey on t  (cost=0.29..8.30 rows=1 width=4) (actual time=0.010..0.011 rows=1 loops=1)',
    '  Index Cond: (id = $1)',
  ].join('\n'));
  assert.equal(plan.queryText, 'select * from t\n  where id = $1');
  assert.equal(plan.props['Query Parameters'], "$1 = '42'");
  assert.equal(plan.root.props['Index Cond'], '(id = $1)');
});
