import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type pg from 'pg';
import { UsageError } from '../../src/errors.js';
import { createPool, PoolClosedError, type Pool } from '../../src/pool/index.js';
import { testDatabase } from '../helpers/database.js';
import { countBackends, eventually, sleep, uniqueAppName } from './pool-helpers.js';

const db = await testDatabase();

describe('createPool options', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['max below 1', { max: 0 }, /max must be an integer >= 1/],
    ['min above max', { max: 2, min: 3 }, /min \(3\) must not exceed max \(2\)/],
    ['fractional timeout', { acquireTimeoutMillis: 1.5 }, /acquireTimeoutMillis must be an integer/],
    ['negative idle timeout', { idleTimeoutMillis: -1 }, /idleTimeoutMillis must be an integer >= 0/],
  ];
  for (const [name, options, message] of cases) {
    it(`rejects ${name}`, () => {
      assert.throws(() => createPool(options), (error: unknown) => error instanceof UsageError && message.test(error.message));
    });
  }
});

describe('pool basics', { skip: db.skip }, () => {
  const pools: Pool[] = [];
  const open = (options: Parameters<typeof createPool>[0]): Pool => {
    const pool = createPool({ connectionString: db.url, detectNestedAcquire: false, ...options });
    pools.push(pool);
    return pool;
  };
  after(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it('query() returns what pg returns and sets the session options', async () => {
    const appName = uniqueAppName('basics');
    const pool = open({ max: 2, applicationName: appName, statementTimeoutMillis: 1234, idleInTransactionTimeoutMillis: 4321 });
    const result = await pool.query<{ n: number }>('select $1::int as n', [7]);
    assert.deepEqual(result.rows, [{ n: 7 }]);
    assert.equal(result.rowCount, 1);
    const settings = await pool.query<{ app: string; st: string; iit: string }>(
      "select current_setting('application_name') as app, current_setting('statement_timeout') as st, current_setting('idle_in_transaction_session_timeout') as iit",
    );
    assert.deepEqual(settings.rows[0], { app: appName, st: '1234ms', iit: '4321ms' });
    assert.equal(pool.stats().borrowed, 0);
  });

  it('query() accepts a QueryConfig with its own values, and rowMode array', async () => {
    const pool = open({ max: 1 });
    const named = await pool.query<{ n: number }>({ text: 'select $1::int as n', values: [5] });
    assert.deepEqual(named.rows, [{ n: 5 }]);
    const arrays = await pool.query({ text: 'select 1 as a, 2 as b', rowMode: 'array' });
    assert.deepEqual(arrays.rows, [[1, 2]]);
  });

  it('a SQL error rejects the query but keeps the connection', async () => {
    const pool = open({ max: 1 });
    await pool.query('select 1');
    await assert.rejects(pool.query('select * from pool_no_such_table'), /pool_no_such_table/);
    await pool.query('select 1');
    const stats = pool.stats();
    assert.equal(stats.created, 1);
    assert.equal(stats.destroyed, 0);
    assert.equal(stats.borrowed, 0);
  });

  it('query() without a query text rejects and gives the connection back', async () => {
    const pool = open({ max: 1 });
    await assert.rejects(pool.query(null as unknown as string), /null or undefined query/);
    assert.equal(pool.stats().borrowed, 0);
    assert.equal((await pool.query('select 1')).rowCount, 1);
    assert.equal(pool.stats().destroyed, 0);
  });

  it("query() also takes pg.Pool's callback forms, and calls back on a later tick", async () => {
    const pool = open({ max: 1 });
    const call = (run: (done: (error: Error | undefined, result: pg.QueryResult | undefined) => void) => undefined) =>
      new Promise<{ error: Error | undefined; result: pg.QueryResult | undefined; sync: boolean }>((resolve) => {
        let returned = false;
        const value = run((error, result) => resolve({ error, result, sync: !returned }));
        returned = true;
        assert.equal(value, undefined);
      });
    const withValues = await call((done) => pool.query('select $1::int as n', [3], done));
    assert.deepEqual([withValues.error, withValues.result?.rows, withValues.sync], [undefined, [{ n: 3 }], false]);
    const withoutValues = await call((done) => pool.query('select 2 as n', done));
    assert.deepEqual(withoutValues.result?.rows, [{ n: 2 }]);
    const failed = await call((done) => pool.query('select * from pool_no_such_table', done));
    assert.match(failed.error?.message ?? '', /pool_no_such_table/);
    assert.equal(failed.result, undefined);
    assert.equal(pool.stats().borrowed, 0);
  });

  it('connect() lends a client; release() returns it; a second release() throws', async () => {
    const pool = open({ max: 2 });
    const events: string[] = [];
    pool.on('connect', () => events.push('connect'));
    pool.on('acquire', () => events.push('acquire'));
    pool.on('release', (error) => events.push(`release:${error === undefined ? 'ok' : error.message}`));
    const client = await pool.connect();
    assert.equal(pool.stats().borrowed, 1);
    const { rows } = await client.query<{ one: number }>('select 1 as one');
    assert.deepEqual(rows, [{ one: 1 }]);
    client.release();
    assert.throws(() => client.release(), /already released/);
    assert.deepEqual(events, ['connect', 'acquire', 'release:ok']);
    assert.deepEqual({ ...pool.stats(), waitMillis: undefined }, {
      total: 1,
      idle: 1,
      borrowed: 0,
      pending: 0,
      created: 1,
      destroyed: 0,
      acquireTimeouts: 0,
      createErrors: 0,
      leaksDetected: 0,
      waitMillis: undefined,
    });
  });

  it('release(err) and release(true) destroy the client', async () => {
    const pool = open({ max: 1 });
    const removed: number[] = [];
    pool.on('remove', () => removed.push(1));
    const first = await pool.connect();
    first.release(new Error('caller saw something odd'));
    const second = await pool.connect();
    assert.notEqual(second, first);
    second.release(true);
    await eventually('both clients removed', () => removed.length === 2);
    assert.equal(pool.stats().destroyed, 2);
    assert.equal(pool.stats().total, 0);
  });

  const transactionCases: Array<[string, string[]]> = [
    ['inside an open transaction', ['begin', 'select 1']],
    ['inside an aborted transaction', ['begin', 'select 1/0']],
  ];
  for (const [name, statements] of transactionCases) {
    it(`a client released ${name} is destroyed, not reused`, async () => {
      const pool = open({ max: 1 });
      const client = await pool.connect();
      const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
      for (const sql of statements) await client.query(sql).catch(() => undefined);
      client.release();
      const next = await pool.connect();
      const nextPid = (await next.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
      assert.notEqual(nextPid, pid);
      assert.equal((await next.query<{ x: string }>("select current_setting('transaction_isolation') as x")).rowCount, 1);
      next.release();
      assert.equal(pool.stats().destroyed, 1);
    });
  }

  it('never opens more than max connections under load', async () => {
    const appName = uniqueAppName('max');
    const pool = open({ max: 3, applicationName: appName });
    let peak = 0;
    pool.on('acquire', () => (peak = Math.max(peak, pool.stats().total)));
    await Promise.all(Array.from({ length: 60 }, (_, i) => pool.query('select pg_sleep(0.001), $1::int', [i])));
    assert.ok(peak <= 3, `peak ${peak}`);
    assert.ok((await countBackends(db.url, appName)) <= 3);
    assert.equal(pool.stats().borrowed, 0);
    assert.equal(pool.stats().pending, 0);
  });

  it('min connections are created eagerly and kept when idle', async () => {
    const appName = uniqueAppName('min');
    const pool = open({ max: 4, min: 2, applicationName: appName, idleTimeoutMillis: 50 });
    await eventually('2 connections open', () => pool.stats().total === 2);
    await Promise.all(Array.from({ length: 8 }, () => pool.query('select pg_sleep(0.02)')));
    await eventually('back to min after idle timeout', () => pool.stats().total === 2);
    assert.equal(await countBackends(db.url, appName), 2);
  });

  it('idle connections above min close after idleTimeoutMillis', async () => {
    const pool = open({ max: 3, idleTimeoutMillis: 100 });
    await Promise.all(Array.from({ length: 6 }, () => pool.query('select pg_sleep(0.02)')));
    assert.ok(pool.stats().total >= 2);
    await eventually('idle connections closed', () => pool.stats().total === 0);
    assert.equal(pool.stats().destroyed, pool.stats().created);
  });

  it('onConnect runs once per new connection before first use', async () => {
    let calls = 0;
    const pool = open({
      max: 1,
      onConnect: async (client) => {
        calls++;
        await client.query("set search_path to pg_catalog, public");
      },
    });
    const first = await pool.query<{ path: string }>("select current_setting('search_path') as path");
    await pool.query('select 1');
    assert.equal(first.rows[0]?.path, 'pg_catalog, public');
    assert.equal(calls, 1);
  });

  it('retires connections after maxLifetimeMillis (with jitter) and replaces them', async () => {
    const pool = open({ max: 1, maxLifetimeMillis: 200 });
    const pidOf = async (): Promise<number | undefined> => (await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    const before = await pidOf();
    await sleep(250);
    const afterLifetime = await pidOf();
    assert.notEqual(afterLifetime, before);
    assert.ok(pool.stats().destroyed >= 1);
  });

  it('end() waits for borrowed clients, then refuses new work', async () => {
    const pool = open({ max: 2 });
    const client = await pool.connect();
    let ended = false;
    const ending = pool.end().then(() => (ended = true));
    await assert.rejects(pool.query('select 1'), PoolClosedError);
    await sleep(50);
    assert.equal(ended, false);
    client.release();
    await ending;
    assert.equal(pool.stats().total, 0);
    assert.equal(pool.stats().borrowed, 0);
  });

  it('end() fails callers already queued with PoolClosedError once a connection frees up', async () => {
    const pool = open({ max: 1, acquireTimeoutMillis: 5_000 });
    const held = await pool.connect();
    const queued = pool.query('select 1');
    const ending = pool.end();
    const started = Date.now();
    setTimeout(() => held.release(), 50);
    await assert.rejects(queued, PoolClosedError);
    await ending;
    assert.ok(Date.now() - started < 4_000, 'settled by the released connection, not by the timeout');
    assert.equal(pool.stats().total, 0);
    assert.equal(pool.stats().pending, 0);
  });

  it('end() closes clients still borrowed after endTimeoutMillis', async () => {
    const pool = open({ max: 1, endTimeoutMillis: 100 });
    const client = await pool.connect();
    const started = Date.now();
    await pool.end();
    assert.ok(Date.now() - started < 5_000);
    assert.equal(pool.stats().total, 0);
    assert.equal(pool.stats().borrowed, 0);
    await assert.rejects(client.query('select 1'));
    assert.throws(() => client.release(), /already released/);
  });
});
