/**
 * Each plan rule against plans from a real PostgreSQL: the rule tests build
 * small JSON plans by hand, this checks that real EXPLAIN (ANALYZE, FORMAT
 * JSON) output uses the keys and shapes the rules read. Everything runs in
 * one transaction that is rolled back, so the database is left as it was.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testDatabase } from '../../helpers/database.js';
import { buildPlan } from '../../../src/plan/build.js';
import { runPlanRules } from '../../../src/analyze/plan-rules.js';
import type { Finding } from '../../../src/analyze/types.js';

const db = await testDatabase();

interface Scenario {
  readonly rule: string;
  /** SET LOCAL statements before the EXPLAIN. */
  readonly settings: readonly string[];
  readonly query: string;
}

const scenarios: readonly Scenario[] = [
  { rule: 'seq-scan-filter', settings: [], query: "select * from wide where status = 'rare'" },
  { rule: 'index-filter', settings: ['enable_seqscan = off'], query: 'select * from wide where grp = 1 and flag' },
  { rule: 'row-misestimate', settings: [], query: 'select * from wide where a = 1 and b = 1' },
  {
    rule: 'nested-loop-inner-scan',
    settings: ['enable_hashjoin = off', 'enable_mergejoin = off', 'enable_material = off', 'enable_memoize = off'],
    query: 'select * from wide w join small s on s.k = w.grp where w.id <= 3000',
  },
  { rule: 'sort-spill', settings: ["work_mem = '64kB'"], query: 'select * from wide order by pad' },
  {
    rule: 'hash-spill',
    settings: ["work_mem = '64kB'", 'enable_mergejoin = off', 'enable_nestloop = off'],
    query: 'select count(*) from wide w1 join wide w2 on w2.id = w1.id',
  },
  { rule: 'aggregate-spill', settings: ["work_mem = '64kB'", 'enable_sort = off'], query: 'select pad, count(*) from wide group by pad' },
  {
    rule: 'lossy-bitmap',
    settings: ["work_mem = '64kB'", 'enable_seqscan = off', 'enable_indexscan = off', 'enable_indexonlyscan = off'],
    query: 'select count(pad) from wide where grp = 2',
  },
  {
    rule: 'index-only-heap-fetches',
    settings: ['enable_seqscan = off', 'enable_bitmapscan = off'],
    query: 'select id from wide where id <= 5000',
  },
  { rule: 'large-offset', settings: [], query: 'select * from wide order by id limit 10 offset 5000' },
  {
    rule: 'parallel-workers-not-launched',
    settings: [
      'max_parallel_workers = 0',
      'max_parallel_workers_per_gather = 2',
      'parallel_setup_cost = 0',
      'parallel_tuple_cost = 0',
      'min_parallel_table_scan_size = 0',
    ],
    query: 'select count(*) from wide',
  },
  { rule: 'slow-trigger', settings: [], query: 'delete from parent where id <= 300' },
];

describe('plan rules on real PostgreSQL plans', { skip: db.skip }, () => {
  let client: pg.Client;
  let jitAvailable = false;

  before(async () => {
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('begin');
    await client.query('create schema pgopt_plan_rules_test');
    await client.query('set local search_path = pgopt_plan_rules_test');
    await client.query("set local jit = off");
    await client.query(`
      create table wide with (autovacuum_enabled = false) as
      select i as id, i % 50 as grp, i % 50 as a, i % 50 as b, (i % 20000 = 0) as flag,
             case when i % 10000 = 0 then 'rare' else 'common' end as status,
             repeat(md5(i::text), 6) as pad
      from generate_series(1, 100000) as i`);
    await client.query('alter table wide add primary key (id)');
    await client.query('create index on wide (grp)');
    await client.query('create table small as select i as k, i as v from generate_series(1, 200) as i');
    await client.query('create table parent (id int primary key)');
    await client.query('insert into parent select generate_series(1, 1000)');
    await client.query('create table child (id int, parent_id int references parent (id) on delete cascade)');
    await client.query('insert into child select i, i % 1000 + 1 from generate_series(1, 50000) as i');
    await client.query('analyze wide, small, parent, child');
    jitAvailable = (await client.query<{ available: boolean }>('select pg_jit_available() as available')).rows[0]?.available === true;
  });

  after(async () => {
    await client.query('rollback');
    await client.end();
  });

  async function explain(settings: readonly string[], query: string): Promise<Finding[]> {
    await client.query('savepoint scenario');
    try {
      for (const setting of settings) await client.query(`set local ${setting}`);
      const result = await client.query<{ 'QUERY PLAN': unknown }>(`explain (analyze, buffers, format json) ${query}`);
      return runPlanRules(buildPlan(result.rows[0]?.['QUERY PLAN']), { fingerprint: 'live', calls: 1 });
    } finally {
      // Undo the SET LOCALs and the scenario's writes (the DELETE really runs).
      await client.query('rollback to savepoint scenario');
    }
  }

  for (const scenario of scenarios) {
    test(`${scenario.rule}: ${scenario.query}`, async () => {
      const findings = await explain(scenario.settings, scenario.query);
      const fired = findings.filter((finding) => finding.rule === scenario.rule);
      assert.ok(fired.length > 0, `${scenario.rule} did not fire; findings: ${JSON.stringify(findings.map((finding) => finding.rule))}`);
      for (const finding of fired) {
        assert.doesNotMatch(finding.message, /\{\{|NaN|undefined/);
        assert.ok(finding.timeAtStakeMs >= 0);
      }
    });
  }

  test('jit-dominates: a cheap query forced through JIT, or no JIT in this server', async () => {
    if (!jitAvailable) {
      // Without LLVM there is no JIT section, and the rule must stay silent.
      const findings = await explain(['jit = on', 'jit_above_cost = 0'], 'select count(*) from small');
      assert.equal(findings.filter((finding) => finding.rule === 'jit-dominates').length, 0);
      return;
    }
    const findings = await explain(
      ['jit = on', 'jit_above_cost = 0', 'jit_inline_above_cost = 0', 'jit_optimize_above_cost = 0'],
      'select sum(k * v + 1), avg(v - k) from small',
    );
    assert.ok(
      findings.some((finding) => finding.rule === 'jit-dominates'),
      `jit-dominates did not fire; findings: ${JSON.stringify(findings.map((finding) => finding.rule))}`,
    );
  });

  test('a healthy indexed lookup has no findings', async () => {
    const findings = await explain([], 'select * from wide where id = 42');
    assert.deepEqual(
      findings.map((finding) => finding.rule),
      [],
    );
  });
});
