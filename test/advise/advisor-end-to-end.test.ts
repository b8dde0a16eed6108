/**
 * The proof: a shop schema with realistic volumes and only primary
 * keys, a workload of fourteen query shapes run with the server's logging on
 * for the session (log_min_duration_statement = 0, auto_explain JSON plans),
 * that log fed to `analyze` (what `pgopt analyze --database` runs), the
 * suggested DDL applied, and the same workload measurably faster by the
 * logged durations. Shapes that need no index get none, with a reason.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { testDatabase } from '../helpers/database.js';
import { adviseIndexes } from '../../src/advise/index.js';
import type { AdviseResult } from '../../src/advise/index.js';
import { analyze } from '../../src/analyze/analyze.js';
import type { QueryStats } from '../../src/analyze/types.js';
import { fingerprintWithLibpg, normalizeWithLibpg } from '../../src/sql/libpg.js';
import { loadShop, runPlain, runWorkload, shopSchemaSql, shopShapes } from '../fixtures/advise/shop-workload.js';
import type { Shape } from '../fixtures/advise/shop-workload.js';
import { captureSessionLog } from '../fixtures/advise/server-log.js';

const db = await testDatabase();

describe('index advisor end to end', { skip: db.skip }, () => {
  const schema = `advise_test_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  let admin: pg.Client;
  let shapes: Shape[];
  let stats: QueryStats[];
  let beforeMs: number;
  let live: AdviseResult;
  const warnings: string[] = [];

  const statsOf = (name: string): QueryStats => {
    const shape = shapes.find((s) => s.name === name)!;
    const found =
      stats.find((q) => q.fingerprint === fingerprintWithLibpg(shape.sql)) ?? stats.find((q) => q.query === normalizeWithLibpg(shape.sql));
    assert.ok(found !== undefined, `the log has "${name}"`);
    return found;
  };

  before(async () => {
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('CREATE EXTENSION IF NOT EXISTS hypopg');
    await loadShop(admin, schema);
    shapes = shopShapes(schema);
    const log = await captureSessionLog(admin, 'advise-before', () => runPlain(admin, shapes));
    const result = await analyze([log], { advise: { database: { connectionString: db.url }, onWarning: (m) => warnings.push(m) } });
    await rm(log, { force: true });
    beforeMs = result.summary.totalDurationMs;
    stats = [...result.queries];
    live = { indexes: [...result.indexes], verdicts: [...result.verdicts] };
  });

  after(async () => {
    await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin?.end();
  });

  it('suggests validated indexes with complete DDL for the shapes that need one', () => {
    assert.deepEqual(warnings, []);
    assert.ok(live.indexes.length >= 5, `expected at least 5 suggestions, got ${live.indexes.length}`);
    const needing = shapes.filter((s) => !s.needsNoIndex).length;
    assert.ok(live.indexes.length <= needing, 'fewer indexes than query shapes that need one');
    for (const index of live.indexes) {
      assert.match(index.ddl, new RegExp(`^CREATE INDEX CONCURRENTLY IF NOT EXISTS \\S+ ON ${schema}\\.\\w+ `));
      assert.ok(index.fingerprints.length > 0, `${index.ddl} serves a query`);
      assert.ok(index.reason.length > 0);
      if (index.using === 'btree') {
        assert.equal(index.validated, true, `${index.ddl} is validated`);
        assert.ok(index.estimatedCostAfter! < index.estimatedCostBefore!, `${index.ddl} lowers the estimated cost`);
      } else {
        assert.equal(index.validated, false, 'GIN cannot be simulated');
        assert.equal(index.estimatedCostBefore, null);
      }
    }
    const served = (name: string): string | null => live.verdicts.find((v) => v.fingerprint === statsOf(name).fingerprint)!.index;
    assert.match(served('recent orders of a customer') ?? '', /orders \(customer_id(, created_at( DESC)?)?\)/);
    // One index, by prefix, serves both customer-order shapes.
    assert.equal(served('orders of a customer since a date'), served('recent orders of a customer'));
    assert.match(served('customer by email, case-insensitive') ?? '', /\(\(lower\(email\)\)\)/);
    assert.match(served('campaign events (jsonb containment)') ?? '', /USING gin \(payload( jsonb_path_ops)?\)/);
  });

  it('reads every shape, with its plans, from the server log', () => {
    for (const shape of shapes) {
      const q = statsOf(shape.name);
      assert.equal(q.calls, shape.calls, shape.name);
      assert.ok(q.plans.length > 0, `${shape.name} has its auto_explain plan`);
    }
  });

  it('gives every query a verdict, and none to the shapes that need no index', () => {
    for (const shape of shapes) {
      assert.ok(live.verdicts.some((v) => v.fingerprint === statsOf(shape.name).fingerprint), `${shape.name} has a verdict`);
    }
    for (const shape of shapes.filter((s) => s.needsNoIndex)) {
      const fp = statsOf(shape.name).fingerprint;
      const verdict = live.verdicts.find((v) => v.fingerprint === fp)!;
      assert.equal(verdict.index, null, `${shape.name}: ${verdict.reason}`);
      assert.ok(verdict.reason.length > 0);
      assert.ok(!live.indexes.some((i) => i.fingerprints.includes(fp)), `no suggestion claims ${shape.name}`);
    }
    const reason = (name: string): string => live.verdicts.find((v) => v.fingerprint === statsOf(name).fingerprint)!.reason;
    assert.match(reason('customer by primary key'), /already served by existing index .*customers_pkey/);
    assert.match(reason('country by name (tiny table)'), /table has 200 rows/);
    assert.match(reason('customers of a country (unselective)'), /(matches \d+% of rows|under the 30% threshold)/);
    assert.match(reason('record an event'), /no table to index|no indexable predicate/);
  });

  it('leaves no advisor session behind and creates no real index', async () => {
    const sessions = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'pgopt-advisor'");
    assert.equal(sessions.rows[0].n, 0);
    // Only the five primary keys: the advisor plans with hypothetical indexes, never real ones.
    const indexes = await admin.query('SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = $1', [schema]);
    assert.equal(indexes.rows[0].n, 5);
  });

  it('suggests offline from the schema SQL and the plans, labelled unvalidated', async () => {
    const offline = await adviseIndexes(stats, { schemaSql: [{ path: 'schema.sql', sql: shopSchemaSql(schema) }] });
    assert.ok(offline.indexes.length >= 4);
    for (const index of offline.indexes) {
      assert.equal(index.validated, false);
      assert.match(index.reason, /unvalidated/);
    }
    for (const shape of shapes.filter((s) => s.needsNoIndex)) {
      const fp = statsOf(shape.name).fingerprint;
      assert.equal(offline.verdicts.find((v) => v.fingerprint === fp)!.index, null, shape.name);
    }
    assert.match(offline.verdicts.find((v) => v.fingerprint === statsOf('customer by primary key').fingerprint)!.reason, /customers_pkey/);
  });

  it('makes the same workload measurably faster once the DDL is applied', async () => {
    if (live.indexes.some((i) => i.columns.some((c) => c.endsWith('gin_trgm_ops')))) {
      await admin.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    }
    // Without CONCURRENTLY here: on a shared test server it would wait for every other session's transactions.
    for (const index of live.indexes) await admin.query(index.ddl.replace('CONCURRENTLY ', ''));
    await admin.query(`VACUUM ANALYZE "${schema}".orders, "${schema}".customers, "${schema}".events, "${schema}".products`);
    const log = await captureSessionLog(admin, 'advise-after', () => runPlain(admin, shapes));
    const afterResult = await analyze([log], { advise: false });
    await rm(log, { force: true });
    const afterMs = afterResult.summary.totalDurationMs;
    // Sequential scans of 40k-250k rows against index lookups: a 2x margin is far inside the real gap.
    assert.ok(afterMs * 2 < beforeMs, `workload ${beforeMs.toFixed(1)} ms before, ${afterMs.toFixed(1)} ms after`);
    const afterRuns = await runWorkload(admin, shapes);
    for (const shape of shapes.filter((s) => !s.needsNoIndex)) {
      const run = afterRuns.find((r) => r.shape === shape)!;
      const usesIndex = run.plans.some((plan) => JSON.stringify(plan.root).includes('"Index Name"'));
      if (live.verdicts.find((v) => v.fingerprint === statsOf(shape.name).fingerprint)!.index !== null) {
        assert.ok(usesIndex, `${shape.name} uses an index after the DDL`);
      }
    }
  });
});
