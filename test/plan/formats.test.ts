import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPlanFormat, parsePlan, parsePlanJson } from '../../src/plan/parse.js';
import { planToJson } from '../../src/plan/to-json.js';
import { readFixture } from './fixture.js';

// The same statement as q2.json / q4.json, captured from PostgreSQL 15 in
// another format or inside psql's frame.
const twins: readonly { file: string; json: string; format: string }[] = [
  { file: 'q2-yaml.txt', json: 'q2.json', format: 'yaml' },
  { file: 'q2-xml.txt', json: 'q2.json', format: 'xml' },
  { file: 'q4-json-border2.txt', json: 'q4.json', format: 'json' },
  { file: 'q4-json-unicode.txt', json: 'q4.json', format: 'json' },
  { file: 'q4.json', json: 'q4.json', format: 'json' },
  { file: 'q4.text.txt', json: 'q4.json', format: 'text' },
];

for (const { file, format } of twins) {
  test(`${file} is detected as ${format}`, () => {
    assert.equal(detectPlanFormat(readFixture(file)).format, format);
  });
}

for (const { file, json, format } of twins.filter((twin) => twin.format !== 'text')) {
  test(`${file} (${format}) gives exactly the tree of ${json}`, () => {
    assert.deepEqual(planToJson(parsePlan(readFixture(file))), planToJson(parsePlanJson(readFixture(json))));
  });
}

test('YAML and XML keep types: numbers, booleans, lists, empty Triggers', () => {
  for (const file of ['q2-yaml.txt', 'q2-xml.txt']) {
    const plan = parsePlan(readFixture(file));
    assert.equal(plan.root.props['Startup Cost'], 498.57, file);
    assert.equal(plan.root.props['Parallel Aware'], false, file);
    assert.deepEqual(plan.root.children[0]!.props['Group Key'], ['orders.customer_id'], file);
    assert.deepEqual(plan.props['Triggers'], [], file);
    assert.equal(plan.analyzed, true, file);
  }
});

test('auto_explain JSON with Query Text sets queryText', () => {
  const plan = parsePlan('{"Query Text": "select 1", "Plan": {"Node Type": "Result", "Plan Rows": 1}}');
  assert.equal(plan.queryText, 'select 1');
  assert.equal(plan.analyzed, false);
});

test('a psql session transcript before the frame is skipped', () => {
  const text = ['db=# set work_mem to \'1MB\';', 'SET', 'db=# explain select 1;', readFixture('q4.text.txt')].join('\n');
  assert.equal(parsePlan(text).root.nodeType, 'Limit');
});

test("auto_explain's YAML and XML (no Query wrapper) give the plan and its query text", () => {
  const yaml = parsePlan(['Query Text: "select 1"', 'Plan: ', '  Node Type: "Result"', '  Startup Cost: 0.00', '  Plan Rows: 1'].join('\n'));
  const xml = parsePlan([
    '<explain xmlns="http://www.postgresql.org/2009/explain">',
    '  <Query-Text>select 1 &lt; 2</Query-Text>',
    '  <Plan>',
    '    <Node-Type>Result</Node-Type>',
    '    <Startup-Cost>0.00</Startup-Cost>',
    '    <Plan-Rows>1</Plan-Rows>',
    '  </Plan>',
    '</explain>',
  ].join('\n'));
  assert.deepEqual([yaml.queryText, yaml.root.nodeType, yaml.root.props['Plan Rows']], ['select 1', 'Result', 1]);
  assert.deepEqual([xml.queryText, xml.root.nodeType, xml.root.props['Plan Rows']], ['select 1 < 2', 'Result', 1]);
});
