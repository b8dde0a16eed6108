import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../src/plan/parse.js';
import { readFixture } from './fixture.js';

const q4 = readFixture('q4.text.txt');
const q4Json = readFixture('q4.json');
const q2Xml = readFixture('q2-xml.txt');
const q2Yaml = readFixture('q2-yaml.txt');

const bad: readonly { what: string; input: string; message: RegExp }[] = [
  { what: 'empty input', input: '', message: /no EXPLAIN plan node/ },
  { what: 'prose', input: 'this is not a plan\nnor is this', message: /no EXPLAIN plan node/ },
  { what: 'binary garbage', input: '\u0000\u0001\u00ff\ufffd\u0007garbage\u0000'.repeat(50), message: /no EXPLAIN plan node/ },
  { what: 'JSON cut in half', input: q4Json.slice(0, Math.floor(q4Json.length / 2)), message: /invalid EXPLAIN JSON/ },
  { what: 'JSON without a Plan', input: '[{"Query Text": "select 1"}]', message: /no "Plan" object/ },
  { what: 'JSON node without Node Type', input: '{"Plan": {"Plans": []}}', message: /no "Node Type"/ },
  { what: 'text cut inside the root line', input: 'Seq Scan on orders  (cost=0.00..32', message: /^line 1: plan node line is cut off/ },
  { what: 'framed text cut inside a node line', input: q4.slice(0, q4.indexOf('(cost=0.00..13.09') + 12), message: /^line 10: plan node line is cut off/ },
  { what: 'XML cut in half', input: q2Xml.slice(0, Math.floor(q2Xml.length / 2)), message: /EXPLAIN XML ends before/ },
  { what: 'YAML with a broken string', input: q2Yaml.replace('"Hash"', '"Hash'), message: /line \d+: invalid quoted string in EXPLAIN YAML/ },
  { what: 'child node with no parent line', input: '  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n->  Sort  (cost=0.00..1.00 rows=1 width=4)', message: /line 2: plan node "Sort/ },
];

for (const { what, input, message } of bad) {
  test(`rejects ${what} with a clear error`, () => {
    assert.throws(() => parsePlan(input), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, message);
      return true;
    });
  });
}

test('a 5 MB single line is rejected without hanging', () => {
  const line = `Filter: ${'(a = 1) AND  Foo: '.repeat(300_000)}`;
  assert.throws(() => parsePlan(line), /no EXPLAIN plan node/);
});

test('a 5 MB detail line under a real node is kept, not choked on', () => {
  const output = Array.from({ length: 400_000 }, (_, i) => `c${i}`).join(', ');
  const plan = parsePlan(`Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n  Output: ${output}\n  Sort Method: quicksort  Memory: 25kB`);
  assert.equal((plan.root.props['Output'] as string[]).length, 400_000);
  assert.equal(plan.root.props['Sort Space Used'], 25);
});
