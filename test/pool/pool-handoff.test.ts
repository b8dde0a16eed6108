/**
 * The pool's own queue of waiting callers: a connection released healthy goes
 * straight to the first waiter, and every other way a connection or a slot
 * frees up still reaches the waiters (nobody is stranded until their timeout).
 */
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import {
  AcquireTimeoutError,
  createPool,
  PoolClosedError,
  type Pool,
  type PoolClient,
  type PoolOptions,
} from '../../src/pool/index.js';
import { testDatabase } from '../helpers/database.js';
import { assertPoolsSettled, eventually, sleep } from './pool-helpers.js';

const db = await testDatabase();

async function pidOf(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  return rows[0]?.pid ?? -1;
}

/** Settles a promise into what it gave, so a test can look at many at once. */
function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

describe('pool hand-off queue', { skip: db.skip }, () => {
  const pools: Pool[] = [];
  const open = (options: PoolOptions): Pool => {
    const pool = createPool({ connectionString: db.url, detectNestedAcquire: false, ...options });
    pools.push(pool);
    return pool;
  };
  afterEach(() => assertPoolsSettled(pools));
  after(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it('hands a released connection straight to the first waiter, with both events', async () => {
    const pool = open({ max: 1, acquireTimeoutMillis: 5_000 });
    const held = await pool.connect();
    const pid = await pidOf(held);
    const events: string[] = [];
    pool.on('release', (error) => events.push(`release:${error === undefined ? 'ok' : error.message}`));
    pool.on('acquire', () => events.push('acquire'));
    const waiting = pool.connect();
    assert.equal(pool.stats().pending, 1);
    await sleep(50);
    held.release();
    // Synchronously: the waiter holds the connection before release() returns.
    assert.deepEqual(events, ['release:ok', 'acquire']);
    assert.equal(pool.stats().borrowed, 1);
    assert.equal(pool.stats().pending, 0);
    assert.equal(pool.stats().idle, 0);
    const next = await waiting;
    assert.equal(next, held, 'the same connection');
    assert.equal(await pidOf(next), pid);
    assert.ok(pool.stats().waitMillis.max >= 40, `wait recorded: ${pool.stats().waitMillis.max} ms`);
    next.release();
    assert.throws(() => held.release(), /already released/, "a stale release() cannot give back the next borrower's lease");
    assert.equal(pool.stats().created, 1);
    assert.equal(pool.stats().destroyed, 0);
  });

  it('serves waiters first come, first served, signal or not', async () => {
    const pool = open({ max: 1, acquireTimeoutMillis: 5_000 });
    const held = await pool.connect();
    const order: string[] = [];
    const controller = new AbortController();
    const waiters = ['a', 'b', 'c', 'd'].map((name, i) =>
      pool.connect(i % 2 === 1 ? { signal: controller.signal } : undefined).then(async (client) => {
        order.push(name);
        await sleep(5);
        client.release();
      }),
    );
    assert.equal(pool.stats().pending, 4);
    held.release();
    await Promise.all(waiters);
    assert.deepEqual(order, ['a', 'b', 'c', 'd']);
  });

  it('a caller with a signal is not starved by a steady stream of callers without one', async () => {
    const pool = open({ max: 1, acquireTimeoutMillis: 3_000 });
    let stop = false;
    const load = Array.from({ length: 8 }, async () => {
      while (!stop) await pool.query('select 1');
    });
    await sleep(30);
    const client = await pool.connect({ signal: AbortSignal.timeout(2_500) });
    client.release();
    stop = true;
    await Promise.all(load);
  });

  it('times out a queued waiter with the queued-timeout error, and counts it', async () => {
    const pool = open({ max: 1, acquireTimeoutMillis: 150 });
    const held = await pool.connect();
    const first = settle(pool.query('select 1'));
    await sleep(40);
    const second = settle(pool.connect());
    assert.equal(pool.stats().pending, 2);
    const results = await Promise.all([first, second]);
    for (const result of results) {
      assert.equal(result.ok, false);
      const error = result.ok ? undefined : result.error;
      assert.ok(error instanceof AcquireTimeoutError, String(error));
      assert.equal(error.reason, 'queued');
      assert.equal(error.code, 'PGOPT_ACQUIRE_TIMEOUT');
      assert.match(error.message, /^No connection within \d+ ms: waited in the queue while all 1 of max 1 connections stayed borrowed/);
    }
    assert.equal(pool.stats().acquireTimeouts, 2);
    assert.equal(pool.stats().pending, 0);
    // The queue empties and fills again: a later waiter still times out.
    await assert.rejects(pool.query('select 1'), AcquireTimeoutError);
    assert.equal(pool.stats().acquireTimeouts, 3);
    held.release();
    assert.equal((await pool.query('select 1')).rowCount, 1);
    assert.equal(pool.stats().borrowed, 0);
  });

  it('an aborted waiter leaves the queue; the connection goes to the next one', async () => {
    const pool = open({ max: 1, acquireTimeoutMillis: 5_000 });
    const held = await pool.connect();
    const controller = new AbortController();
    const aborted = settle(pool.connect({ signal: controller.signal }));
    const next = pool.query<{ n: number }>('select 2 as n');
    controller.abort(new Error('gone'));
    const result = await aborted;
    assert.equal(result.ok, false);
    assert.match(String(result.ok ? '' : result.error), /gone/);
    assert.equal(pool.stats().pending, 1);
    held.release();
    assert.deepEqual((await next).rows, [{ n: 2 }]);
  });

  it('waiters are not stranded when the connections they wait for are destroyed instead', async () => {
    // acquireTimeoutMillis is below the housekeeping tick: only the freed slots can serve them.
    const pool = open({ max: 2, acquireTimeoutMillis: 800 });
    const first = await pool.connect();
    const second = await pool.connect();
    const pids = [await pidOf(first), await pidOf(second)];
    const waiters = Array.from({ length: 3 }, () => pool.query<{ pid: number }>('select pg_backend_pid() as pid'));
    assert.equal(pool.stats().pending, 3);
    first.release(new Error('the caller saw something odd'));
    await second.query('begin');
    second.release(); // inside a transaction: destroyed, not handed over
    const results = await Promise.all(waiters);
    for (const result of results) assert.ok(!pids.includes(result.rows[0]?.pid ?? -1), 'served by a new connection');
    const stats = pool.stats();
    assert.equal(stats.destroyed, 2);
    assert.equal(stats.acquireTimeouts, 0);
    assert.equal(stats.created - stats.destroyed, stats.total);
  });

  it('an expired connection is retired at release, and the waiter gets a new one', async () => {
    const pool = open({ max: 1, maxLifetimeMillis: 200, acquireTimeoutMillis: 800 });
    const held = await pool.connect();
    const pid = await pidOf(held);
    const waiting = pool.query<{ pid: number }>('select pg_backend_pid() as pid');
    await sleep(250);
    held.release();
    assert.equal(pool.stats().borrowed, 0, 'not handed over');
    assert.notEqual((await waiting).rows[0]?.pid, pid);
    assert.equal(pool.stats().destroyed, 1);
  });

  it('a connection opened for a caller who gave up goes to the next waiter', async () => {
    const pool = open({ max: 1, acquireTimeoutMillis: 500 });
    const controller = new AbortController();
    const gaveUp = settle(pool.connect({ signal: controller.signal }));
    controller.abort(new Error('not needed'));
    assert.equal((await gaveUp).ok, false);
    const result = await pool.query<{ n: number }>('select 3 as n');
    assert.deepEqual(result.rows, [{ n: 3 }]);
    assert.equal(pool.stats().created, 1);
  });

  it('callers queued while min connections are being opened get them', async () => {
    // acquireTimeoutMillis is below the housekeeping tick: only the new connections can serve them.
    const pool = open({ max: 2, min: 2, acquireTimeoutMillis: 600 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.query<{ n: number }>('select $1::int as n', [i])));
    assert.deepEqual(
      results.map((result) => result.rows[0]?.n),
      [0, 1, 2, 3, 4, 5],
    );
    assert.equal(pool.stats().acquireTimeouts, 0);
    await eventually('both min connections open', () => pool.stats().total === 2);
    assert.equal(pool.stats().created, 2);
  });

  it('stats stay consistent through a burst of 200 callers on 3 connections, some releasing with errors', async () => {
    const pool = open({ max: 3, acquireTimeoutMillis: 10_000 });
    let overMax = 0;
    const check = (): void => {
      const stats = pool.stats();
      if (stats.total > 3 || stats.borrowed > stats.total || stats.idle < 0 || stats.pending < 0) overMax++;
    };
    pool.on('acquire', check);
    pool.on('release', check);
    pool.on('connect', check);
    const jobs = Array.from({ length: 200 }, async (_, i) => {
      if (i % 5 === 0) {
        const client = await pool.connect();
        await client.query('select 1');
        if (i % 10 === 0) client.release(new Error(`job ${i} gives up its connection`));
        else client.release();
        return;
      }
      if (i % 7 === 0) {
        const client = await pool.connect();
        await client.query('begin');
        client.release(); // left in a transaction: destroyed
        return;
      }
      if (i % 11 === 0) {
        await assert.rejects(pool.query('select * from pool_handoff_no_such_table'), /pool_handoff_no_such_table/);
        return;
      }
      await pool.query('select $1::int', [i]);
    });
    assert.ok(pool.stats().pending > 100, `${pool.stats().pending} callers queued`);
    await Promise.all(jobs);
    assert.equal(overMax, 0, 'an event saw total > max or inconsistent counts');
    const stats = pool.stats();
    assert.equal(stats.borrowed, 0);
    assert.equal(stats.pending, 0);
    assert.equal(stats.idle, stats.total);
    assert.ok(stats.total >= 1 && stats.total <= 3, `total ${stats.total}`);
    assert.equal(stats.created - stats.destroyed, stats.total);
    const releasedWithError = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 10 === 0).length;
    const leftInTransaction = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 7 === 0 && i % 5 !== 0).length;
    assert.equal(stats.destroyed, releasedWithError + leftInTransaction);
    assert.equal(stats.acquireTimeouts, 0);
  });
});

describe('ending a pool with callers queued', { skip: db.skip }, () => {
  const openOne = (options: PoolOptions): Pool => createPool({ connectionString: db.url, max: 1, detectNestedAcquire: false, ...options });
  const assertClosed = (results: ReadonlyArray<{ ok: true } | { ok: false; error: unknown }>): void => {
    for (const result of results) {
      const error = result.ok ? undefined : result.error;
      assert.ok(error instanceof PoolClosedError, String(error));
      assert.match(error.message, /The pool ended while waiting for a connection/);
    }
  };
  const assertEmpty = (pool: Pool): void => {
    assert.deepEqual([pool.stats().total, pool.stats().borrowed, pool.stats().pending], [0, 0, 0]);
  };

  it('fails every queued caller with PoolClosedError when a connection comes back', async () => {
    const pool = openOne({ acquireTimeoutMillis: 10_000 });
    const held = await pool.connect();
    const controller = new AbortController();
    const queued = [settle(pool.query('select 1')), settle(pool.connect()), settle(pool.connect({ signal: controller.signal }))];
    assert.equal(pool.stats().pending, 3);
    const ending = pool.end();
    await assert.rejects(pool.query('select 1'), PoolClosedError);
    assert.equal(pool.stats().pending, 3, 'still queued until a connection frees up');
    held.release();
    assertClosed(await Promise.all(queued));
    await ending;
    assertEmpty(pool);
  });

  it('fails queued callers when end() closes the connections nobody gave back', async () => {
    const pool = openOne({ acquireTimeoutMillis: 10_000, endTimeoutMillis: 100 });
    const held = await pool.connect();
    const queued = [settle(pool.query('select 1')), settle(pool.connect())];
    const started = Date.now();
    await pool.end();
    assertClosed(await Promise.all(queued));
    assert.ok(Date.now() - started < 5_000, 'settled by end(), not by the acquire timeout');
    assertEmpty(pool);
    assert.throws(() => held.release(), /already released/);
  });

  it('times out queued callers as PoolClosedError once ending', async () => {
    const pool = openOne({ acquireTimeoutMillis: 150, endTimeoutMillis: 2_000 });
    const held = await pool.connect();
    const queued = settle(pool.query('select 1'));
    const ending = pool.end();
    assertClosed([await queued]);
    assert.equal(pool.stats().acquireTimeouts, 0);
    held.release();
    await ending;
    assertEmpty(pool);
  });
});
