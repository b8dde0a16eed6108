import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlanRule } from '../../src/analyze/types.js';
import type { Finding } from '../../src/analyze/types.js';
import { buildPlan } from '../../src/plan/build.js';
import { parsePlan } from '../../src/plan/parse.js';
import { createPlanRuleRunner, rankFindings, renderTemplate, resolveRuleOptions, runPlanRules } from '../../src/analyze/plan-rules.js';
import { UsageError } from '../../src/errors.js';
import { planRules } from '../../rules/plan/index.js';

/** Flags every node of the given type; the message carries the node's rows. */
function flagNodeType(id: string, nodeType: string, severity: 'info' | 'warning' | 'error'): PlanRule<{ minRows: number; enabled: boolean }> {
  return {
    meta: {
      id,
      severity,
      description: `flags ${nodeType}`,
      messages: { found: '{{type}} returned {{rows}} rows' },
      help: { found: 'look at {{type}}' },
      defaultOptions: { minRows: 0, enabled: true },
      optionDocs: { minRows: 'rows', enabled: 'on or off' },
    },
    create(context) {
      return {
        node(node) {
          const rows = node.props['Actual Rows'];
          if (!context.options.enabled || node.nodeType !== nodeType || typeof rows !== 'number' || rows < context.options.minRows) return;
          context.report({ node, messageId: 'found', data: { type: nodeType, rows } });
        },
      };
    },
  };
}

const analyzedPlan = buildPlan({
  Plan: {
    'Node Type': 'Hash Join',
    'Actual Total Time': 100,
    'Actual Rows': 5,
    'Actual Loops': 1,
    Plans: [
      { 'Node Type': 'Seq Scan', 'Relation Name': 'small', 'Actual Total Time': 10, 'Actual Rows': 1500, 'Actual Loops': 1 },
      {
        'Node Type': 'Hash',
        'Actual Total Time': 60,
        'Actual Rows': 40,
        'Actual Loops': 1,
        Plans: [{ 'Node Type': 'Index Scan', 'Relation Name': 'big', Schema: 'app', 'Index Name': 'big_pkey', 'Actual Total Time': 55, 'Actual Rows': 40, 'Actual Loops': 1 }],
      },
    ],
  },
});

const rules = [flagNodeType('seq', 'Seq Scan', 'error'), flagNodeType('idx', 'Index Scan', 'info'), flagNodeType('join', 'Hash Join', 'warning')];

describe('runPlanRules', () => {
  test('renders wording, node, relation, severity and time at stake (exclusive time x calls)', () => {
    const findings = runPlanRules(analyzedPlan, { fingerprint: 'abc', calls: 10 }, undefined, rules);
    const seq = findings.find((finding) => finding.rule === 'seq');
    assert.deepEqual(seq, {
      rule: 'seq',
      severity: 'error',
      message: 'Seq Scan returned 1,500 rows',
      help: 'look at Seq Scan',
      fingerprint: 'abc',
      relation: 'small',
      node: 'Seq Scan on small (node 1)',
      timeAtStakeMs: 100,
    });
    const idx = findings.find((finding) => finding.rule === 'idx');
    assert.equal(idx?.relation, 'app.big');
    assert.equal(idx?.node, 'Index Scan using big_pkey on app.big (node 3)');
    assert.equal(idx?.timeAtStakeMs, 550);
  });

  test('ranks by time at stake, not by rule order or severity', () => {
    const findings = runPlanRules(analyzedPlan, { fingerprint: 'abc', calls: 2 }, undefined, rules);
    // exclusive: index scan 55, hash join 100 - 10 - 60 = 30, seq scan 10
    assert.deepEqual(
      findings.map((finding) => [finding.rule, finding.timeAtStakeMs]),
      [
        ['idx', 110],
        ['join', 60],
        ['seq', 20],
      ],
    );
  });

  test('a plan without actuals gets 0 ms at stake and ranks by severity', () => {
    const plain = buildPlan({
      Plan: { 'Node Type': 'Hash Join', 'Plan Rows': 5, Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 't', 'Plan Rows': 9 }] },
    });
    const rule: PlanRule = {
      meta: { id: 'any', severity: 'info', description: 'd', messages: { m: 'x' }, help: { m: 'y' }, defaultOptions: {}, optionDocs: {} },
      create: (context) => ({ node: (node) => context.report({ node, messageId: 'm' }) }),
    };
    const loud: PlanRule = { ...rule, meta: { ...rule.meta, id: 'loud', severity: 'error' } };
    const findings = runPlanRules(plain, { fingerprint: 'f', calls: 1000 }, undefined, [rule, loud]);
    assert.ok(findings.every((finding) => finding.timeAtStakeMs === 0));
    assert.deepEqual(
      findings.map((finding) => finding.rule),
      ['loud', 'loud', 'any', 'any'],
    );
  });

  test('a report can override the time at stake', () => {
    const rule: PlanRule = {
      meta: { id: 'root', severity: 'info', description: 'd', messages: { m: 'x' }, help: { m: 'y' }, defaultOptions: {}, optionDocs: {} },
      create: (context) => ({ plan: (plan) => context.report({ node: plan.root, messageId: 'm', timeAtStakeMs: 7.5 * context.calls }) }),
    };
    const [finding] = runPlanRules(analyzedPlan, { fingerprint: 'f', calls: 4 }, undefined, [rule]);
    assert.equal(finding?.timeAtStakeMs, 30);
    assert.equal(finding?.relation, null);
  });

  test('options override the defaults; disabled rules do not run', () => {
    const findings = runPlanRules(
      analyzedPlan,
      { fingerprint: 'f', calls: 1 },
      { disabled: ['join'], options: { seq: { minRows: 2000 }, idx: { enabled: false } } },
      rules,
    );
    assert.deepEqual(findings, []);
  });

  test('fractional calls scale the time at stake; nonsense calls count as one', () => {
    const timeOf = (calls: number) => runPlanRules(analyzedPlan, { fingerprint: 'f', calls }, undefined, rules).find((finding) => finding.rule === 'seq')?.timeAtStakeMs;
    assert.equal(timeOf(0.5), 5);
    assert.equal(timeOf(0), 0);
    assert.equal(timeOf(Number.NaN), 10);
    assert.equal(timeOf(-3), 10);
  });

  test('a runner validates its settings once, up front, and can be reused', () => {
    assert.throws(() => createPlanRuleRunner({ options: { nope: {} } }, rules), UsageError);
    const run = createPlanRuleRunner({ disabled: ['idx', 'join'] }, rules);
    assert.deepEqual(
      [run(analyzedPlan, { fingerprint: 'a', calls: 1 }), run(analyzedPlan, { fingerprint: 'b', calls: 2 })].map((findings) =>
        findings.map((finding) => [finding.fingerprint, finding.rule, finding.timeAtStakeMs]),
      ),
      [[['a', 'seq', 10]], [['b', 'seq', 20]]],
    );
  });

  test('a rule reporting an unknown messageId is a bug and throws', () => {
    const broken: PlanRule = {
      meta: { id: 'broken', severity: 'info', description: 'd', messages: { m: 'x' }, help: { m: 'y' }, defaultOptions: {}, optionDocs: {} },
      create: (context) => ({ plan: (plan) => context.report({ node: plan.root, messageId: 'nope' }) }),
    };
    assert.throws(() => runPlanRules(analyzedPlan, { fingerprint: 'f', calls: 1 }, undefined, [broken]), /unknown messageId "nope"/);
  });

  test('uses the registered plan rules by default', () => {
    const plan = buildPlan({
      Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 'orders', 'Actual Rows': 3, 'Rows Removed by Filter': 99997, 'Actual Loops': 1, 'Actual Total Time': 40 },
    });
    const findings = runPlanRules(plan, { fingerprint: 'f', calls: 1 });
    assert.deepEqual(
      findings.map((finding) => finding.rule),
      ['seq-scan-filter'],
    );
  });
});

describe('resolveRuleOptions', () => {
  const bad: readonly { name: string; settings: Parameters<typeof resolveRuleOptions>[1]; error: RegExp }[] = [
    { name: 'unknown rule in options', settings: { options: { nope: { minRows: 1 } } }, error: /unknown plan rule "nope"/ },
    { name: 'unknown rule in disabled', settings: { disabled: ['nope'] }, error: /unknown plan rule "nope"/ },
    { name: 'unknown option', settings: { options: { seq: { minRow: 1 } } }, error: /has no option "minRow"/ },
    { name: 'boolean for a number', settings: { options: { seq: { minRows: true } } }, error: /must be a number/ },
    { name: 'number for a boolean', settings: { options: { seq: { enabled: 1 } } }, error: /must be a boolean/ },
    { name: 'negative number', settings: { options: { seq: { minRows: -1 } } }, error: /at least 0/ },
    { name: 'NaN', settings: { options: { seq: { minRows: Number.NaN } } }, error: /finite/ },
  ];
  for (const item of bad) {
    test(`rejects ${item.name} with a UsageError`, () => {
      assert.throws(
        () => resolveRuleOptions(rules, item.settings),
        (error: unknown) => error instanceof UsageError && item.error.test(error.message),
      );
    });
  }

  test('the UsageError hints at the known names', () => {
    try {
      resolveRuleOptions(rules, { options: { seq: { minRow: 1 } } });
      assert.fail('expected a UsageError');
    } catch (error) {
      assert.ok(error instanceof UsageError);
      assert.equal(error.hint, 'its options: enabled, minRows');
    }
  });

  test('merges overrides over defaults and keeps the other rules as they are', () => {
    const resolved = resolveRuleOptions(rules, { options: { seq: { minRows: 5 } } });
    assert.deepEqual(
      resolved.map(({ rule, options }) => [rule.meta.id, options]),
      [
        ['seq', { minRows: 5, enabled: true }],
        ['idx', { minRows: 0, enabled: true }],
        ['join', { minRows: 0, enabled: true }],
      ],
    );
  });

  test('accepts every default of every registered rule as an override', () => {
    const options = Object.fromEntries(planRules.map((rule) => [rule.meta.id, rule.meta.defaultOptions]));
    assert.equal(resolveRuleOptions(planRules, { options }).length, planRules.length);
  });
});

describe('rankFindings', () => {
  const finding = (rule: string, severity: Finding['severity'], timeAtStakeMs: number): Finding => ({
    rule,
    severity,
    message: '',
    help: '',
    fingerprint: 'f',
    relation: null,
    node: 'n',
    timeAtStakeMs,
  });
  test('orders by time at stake, then severity, then input order', () => {
    const ranked = rankFindings([
      finding('a', 'info', 5),
      finding('b', 'error', 5),
      finding('c', 'warning', 50),
      finding('d', 'info', 5),
      finding('e', 'error', 0),
    ]);
    assert.deepEqual(
      ranked.map((item) => item.rule),
      ['c', 'b', 'a', 'd', 'e'],
    );
  });
});

describe('renderTemplate', () => {
  const cases: readonly [string, Record<string, string | number>, string][] = [
    ['{{a}} and {{ b }}', { a: 'x', b: 2 }, 'x and 2'],
    ['{{n}} rows', { n: 1234567.891 }, '1,234,567.9 rows'],
    ['{{missing}} stays', {}, '{{missing}} stays'],
    ['no placeholders', { a: 1 }, 'no placeholders'],
  ];
  for (const [template, data, expected] of cases) {
    test(`renders ${JSON.stringify(template)}`, () => assert.equal(renderTemplate(template, data), expected));
  }
});

describe('the registered rules on whole plans', () => {
  test('an EXPLAIN ANALYZE text plan yields one ranked finding per problem', () => {
    const text = [
      'Limit  (cost=0.00..9.00 rows=20 width=8) (actual time=150.000..160.000 rows=20 loops=1)',
      '  ->  Sort  (cost=0.00..9.00 rows=100 width=8) (actual time=150.000..158.000 rows=50020 loops=1)',
      '        Sort Key: created_at',
      '        Sort Method: external merge  Disk: 14000kB',
      '        ->  Seq Scan on posts  (cost=0.00..5.00 rows=100 width=8) (actual time=0.010..100.000 rows=60000 loops=1)',
      "              Filter: (author = 'alice'::text)",
      '              Rows Removed by Filter: 940000',
      'Planning Time: 0.100 ms',
      'Execution Time: 160.000 ms',
    ].join('\n');
    const findings = runPlanRules(parsePlan(text), { fingerprint: 'f', calls: 1 });
    assert.deepEqual(
      findings.map((finding) => [finding.rule, finding.node, finding.timeAtStakeMs]),
      [
        // The misestimate at the scan puts the Sort above it at stake (158 ms).
        ['row-misestimate', 'Seq Scan on posts (node 2)', 158],
        // 50,000 of 50,020 rows skipped: 158 ms x 50000/50020.
        ['large-offset', 'Limit (node 0)', 157.937],
        ['seq-scan-filter', 'Seq Scan on posts (node 2)', 100],
        ['sort-spill', 'Sort (node 1)', 58],
      ],
    );
    assert.ok(findings.every((finding) => !finding.message.includes('alice') && !finding.help.includes('alice')), 'literals leak into findings');
  });

  const hostileValues: readonly unknown[] = ['12', -5, null, true, [], {}, Number.MAX_SAFE_INTEGER, 0];
  for (const value of hostileValues) {
    test(`survives every numeric key set to ${JSON.stringify(value)}`, () => {
      const keys = [
        'Actual Rows', 'Actual Loops', 'Actual Total Time', 'Plan Rows', 'Rows Removed by Filter', 'Rows Removed by Join Filter',
        'Rows Removed by Index Recheck', 'Heap Fetches', 'Lossy Heap Blocks', 'Exact Heap Blocks', 'Hash Batches',
        'Original Hash Batches', 'Disk Usage', 'HashAgg Batches', 'Sort Space Used', 'Workers Planned', 'Workers Launched',
        'Sort Method', 'Sort Space Type', 'Strategy', 'Workers', 'Full-sort Groups', 'Filter', 'Relation Name', 'Index Name',
      ];
      const node = (nodeType: string, children: unknown[] = []) => ({
        'Node Type': nodeType,
        ...Object.fromEntries(keys.map((key) => [key, value])),
        Plans: children,
      });
      const plan = buildPlan({
        Plan: node('Limit', [
          node('Nested Loop', [
            node('Gather', [node('Seq Scan')]),
            node('Hash', [node('Aggregate', [node('Sort', [node('Bitmap Heap Scan', [node('Bitmap Index Scan')]), node('Index Only Scan')])])]),
          ]),
        ]),
        'Execution Time': value,
        JIT: { Functions: value, Timing: { Generation: value, Total: value } },
        'Query Text': 'select 1 offset 99999',
      });
      const findings = runPlanRules(plan, { fingerprint: 'f', calls: 1 });
      for (const finding of findings) {
        assert.ok(Number.isFinite(finding.timeAtStakeMs) && finding.timeAtStakeMs >= 0, `${finding.rule}: bad time at stake`);
        assert.doesNotMatch(finding.message, /\{\{|NaN|undefined/, finding.rule);
      }
    });
  }
});
