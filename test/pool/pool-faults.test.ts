import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import {
  AcquireTimeoutError,
  createPool,
  PoolOverloadedError,
  PoolWarning,
  type Pool,
  type PoolOptions,
} from '../../src/pool/index.js';
import { testDatabase } from '../helpers/database.js';
import { startSilentServer, startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { assertPoolsSettled, eventually, sleep, terminateBackends, uniqueAppName } from './pool-helpers.js';

const db = await testDatabase();

describe('pool under faults', { skip: db.skip }, () => {
  const pools: Pool[] = [];
  const proxies: TcpProxy[] = [];
  const open = (options: PoolOptions): Pool => {
    const pool = createPool({ connectionString: db.url, detectNestedAcquire: false, ...options });
    pools.push(pool);
    return pool;
  };
  const proxy = async (): Promise<TcpProxy> => {
    const started = await startTcpProxy({ targetUrl: db.url });
    proxies.push(started);
    return started;
  };
  // No failure path may leak a connection, strand a caller, or overshoot max.
  afterEach(() => assertPoolsSettled(pools));
  after(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await Promise.all(proxies.map((started) => started.close()));
  });

  it('an idle connection whose backend is terminated is evicted without crashing', async () => {
    const appName = uniqueAppName('idle_kill');
    const pool = open({ max: 2, applicationName: appName });
    const errors: Error[] = [];
    pool.on('error', (error) => errors.push(error));
    await pool.query('select 1');
    assert.equal(await terminateBackends(db.url, appName), 1);
    await eventually('the idle error is reported', () => errors.length === 1);
    await eventually('the dead connection is evicted', () => pool.stats().total === 0);
    assert.deepEqual((await pool.query<{ ok: boolean }>('select true as ok')).rows, [{ ok: true }]);
  });

  it('an idle error with no listener on the pool does not crash the process', async () => {
    const appName = uniqueAppName('idle_nolistener');
    const pool = open({ max: 1, applicationName: appName });
    await pool.query('select 1');
    assert.equal(pool.listenerCount('error'), 0);
    assert.equal(await terminateBackends(db.url, appName), 1);
    await eventually('the dead connection is evicted', () => pool.stats().destroyed === 1);
    assert.equal((await pool.query('select 1')).rowCount, 1);
  });

  it('a borrowed connection killed mid-transaction fails its queries and is destroyed on release', async () => {
    const appName = uniqueAppName('borrowed_kill');
    const pool = open({ max: 1, applicationName: appName });
    const client = await pool.connect();
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    await client.query('begin');
    await terminateBackends(db.url, appName);
    await assert.rejects(client.query('select 1'));
    await assert.rejects(client.query('rollback'));
    client.release();
    const next = (await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    assert.notEqual(next, pid);
    assert.equal(pool.stats().destroyed, 1);
  });

  it('a query killed by pg_terminate_backend fails alone: the next caller gets a new connection at once', async () => {
    const appName = uniqueAppName('query_kill');
    const pool = open({ max: 1, applicationName: appName });
    const pid = (await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    const running = pool.query('select pg_sleep(30)');
    const next = running.then(
      () => assert.fail('the killed query should fail'),
      // Asked for the moment the failure is seen, before the socket has closed.
      () => pool.query<{ pid: number }>('select pg_backend_pid() as pid'),
    );
    await eventually('the query is running', async () => (await terminateBackends(db.url, appName)) === 1);
    const nextPid = (await next).rows[0]?.pid;
    assert.notEqual(nextPid, pid);
    assert.equal(pool.stats().destroyed, 1);
  });

  it('a connection dropped by the network is replaced at the next borrow', async () => {
    const tcp = await proxy();
    const pool = open({ connectionString: tcp.url, max: 1 });
    await pool.query('select 1');
    tcp.dropAll();
    await eventually('the drop is noticed', () => pool.stats().total === 0 || pool.stats().destroyed === 1);
    assert.equal((await pool.query('select 1')).rowCount, 1);
  });

  it('a connection that silently died is caught by validation after idle; the caller gets a working one', async () => {
    const tcp = await proxy();
    const pool = open({ connectionString: tcp.url, max: 2, validateAfterIdleMillis: 50, validationTimeoutMillis: 300, keepaliveMillis: 0 });
    await pool.query('select 1');
    tcp.pause({ newConnections: true });
    await sleep(80);
    const started = Date.now();
    assert.equal((await pool.query('select 1')).rowCount, 1);
    assert.ok(Date.now() - started < 300 + 2_000, 'validation bounded by validationTimeoutMillis');
    assert.equal(pool.stats().destroyed, 1);
    tcp.resume();
  });

  it('keepalive pings find a silently dead idle connection without any borrow', async () => {
    const tcp = await proxy();
    const pool = open({ connectionString: tcp.url, max: 1, keepaliveMillis: 60, validationTimeoutMillis: 100, validateAfterIdleMillis: 60_000 });
    const removed: unknown[] = [];
    pool.on('remove', (client) => removed.push(client));
    await pool.query('select 1');
    tcp.pause({ newConnections: true });
    await eventually('keepalive removed the dead connection', () => removed.length === 1, 3_000);
    tcp.resume();
    assert.equal((await pool.query('select 1')).rowCount, 1);
  });

  it('times out with reason "connect" and the cause when PostgreSQL refuses, without a busy loop', async () => {
    const tcp = await proxy();
    await tcp.refuse();
    const pool = open({ connectionString: tcp.url, max: 4, acquireTimeoutMillis: 700, createBackoffInitialMillis: 50 });
    const started = Date.now();
    const error = await pool.query('select 1').then(
      () => assert.fail('query should fail'),
      (e: unknown) => e,
    );
    const waited = Date.now() - started;
    assert.ok(error instanceof AcquireTimeoutError, String(error));
    assert.equal(error.reason, 'connect');
    assert.match(error.message, /could not connect to PostgreSQL at 127\.0\.0\.1:\d+ \(connect ECONNREFUSED/);
    assert.ok(waited >= 650 && waited < 700 + 1_500, `waited ${waited} ms`);
    // 50, 100, 200, 400 ms of backoff fit in 700 ms: a busy loop would make hundreds of attempts.
    const attempts = pool.stats().createErrors;
    assert.ok(attempts >= 2 && attempts <= 12, `${attempts} attempts`);
    assert.equal(pool.stats().acquireTimeouts, 1);
  });

  it('recovers by itself when the server comes back', async () => {
    const tcp = await proxy();
    await tcp.refuse();
    const pool = open({ connectionString: tcp.url, max: 2, min: 1, acquireTimeoutMillis: 300, createBackoffInitialMillis: 20, createBackoffMaxMillis: 100 });
    await assert.rejects(pool.query('select 1'), AcquireTimeoutError);
    await tcp.accept();
    // min: 1 keeps a connection attempt going with nobody waiting.
    await eventually('the pool reconnected on its own', () => pool.stats().total === 1, 3_000);
    assert.equal((await pool.query('select 1')).rowCount, 1);
  });

  it('times out with reason "connect" when the server accepts and never answers', async () => {
    const silent = await startSilentServer();
    try {
      const pool = open({ connectionString: silent.url, max: 2, acquireTimeoutMillis: 300 });
      const started = Date.now();
      const error = await pool.connect().then(
        () => assert.fail('connect should fail'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof AcquireTimeoutError);
      assert.equal(error.reason, 'connect');
      assert.match(error.message, /could not connect to PostgreSQL at 127\.0\.0\.1:\d+ \((no answer to a connection attempt|timeout)/);
      assert.ok(Date.now() - started < 300 + 1_500);
      assert.ok(silent.acceptedConnections >= 1);
      await pool.end();
    } finally {
      await silent.close();
    }
  });

  it('times out with reason "queued" when every connection stays borrowed', async () => {
    const pool = open({ max: 1, acquireTimeoutMillis: 200 });
    const held = await pool.connect();
    const error = await pool.query('select 1').then(
      () => assert.fail('query should fail'),
      (e: unknown) => e,
    );
    held.release();
    assert.ok(error instanceof AcquireTimeoutError);
    assert.equal(error.reason, 'queued');
    assert.match(error.message, /waited in the queue while all 1 of max 1 connections stayed borrowed/);
    assert.equal(pool.stats().acquireTimeouts, 1);
  });

  it('a failing onConnect counts as a failed attempt and is named in the timeout', async () => {
    const pool = open({
      max: 1,
      acquireTimeoutMillis: 300,
      onConnect: () => {
        throw new Error('session setup refused');
      },
    });
    await assert.rejects(pool.query('select 1'), (error: unknown) => error instanceof AcquireTimeoutError && /session setup refused/.test(error.message));
    assert.ok(pool.stats().createErrors >= 1);
    assert.equal(pool.stats().total, 0);
  });

  it('sheds load beyond maxWaitingClients at once', async () => {
    const pool = open({ max: 1, maxWaitingClients: 1, acquireTimeoutMillis: 2_000 });
    const held = await pool.connect();
    const waiting = pool.query('select 1');
    const started = Date.now();
    await assert.rejects(pool.query('select 1'), PoolOverloadedError);
    assert.ok(Date.now() - started < 1_000);
    assert.equal(pool.stats().pending, 1);
    held.release();
    assert.equal((await waiting).rowCount, 1);
  });

  it('honours an AbortSignal while waiting, and the connection still goes to the next caller', async () => {
    const pool = open({ max: 1, acquireTimeoutMillis: 1_000 });
    const held = await pool.connect();
    const controller = new AbortController();
    const aborted = pool.connect({ signal: controller.signal });
    const next = pool.query('select 1');
    setTimeout(() => controller.abort(new Error('caller went away')), 30);
    await assert.rejects(aborted, /caller went away/);
    assert.equal(pool.stats().pending, 1);
    held.release();
    assert.equal((await next).rowCount, 1);
    await assert.rejects(pool.connect({ signal: AbortSignal.abort(new Error('already gone')) }), /already gone/);
    await eventually('nothing borrowed', () => pool.stats().borrowed === 0);
  });

  it('warns with the acquirer stack when a connection is held past leakDetectionMillis', async () => {
    const pool = open({ max: 1, leakDetectionMillis: 50 });
    const warnings: PoolWarning[] = [];
    pool.on('warning', (warning) => warnings.push(warning));
    const client = await pool.connect();
    await eventually('a leak warning', () => warnings.length === 1);
    client.release();
    const [warning] = warnings;
    assert.ok(warning instanceof PoolWarning);
    assert.equal(warning.code, 'PGOPT_POOL_LEAK');
    assert.match(warning.acquirerStack, /pool-faults\.test\.ts/);
    assert.equal(pool.stats().leaksDetected, 1);
  });

  it('reports a nested acquire inside a held connection with both stacks', async () => {
    const pool = open({ max: 2, detectNestedAcquire: true });
    const warnings: PoolWarning[] = [];
    pool.on('warning', (warning) => warnings.push(warning));
    const outer = await pool.connect();
    await outer.query('begin');
    await pool.query('select 1'); // the bug: `db` instead of the transaction's client
    await outer.query('commit');
    outer.release();
    assert.equal(warnings.length, 1);
    const [warning] = warnings;
    assert.equal(warning?.code, 'PGOPT_POOL_NESTED_ACQUIRE');
    assert.match(warning?.acquirerStack ?? '', /pool-faults\.test\.ts/);
    assert.match(warning?.nestedStack ?? '', /pool-faults\.test\.ts/);
    assert.notEqual(warning?.acquirerStack, warning?.nestedStack);
    // After release the flow holds nothing: no more warnings.
    await pool.query('select 1');
    assert.equal(warnings.length, 1);
  });

  it('does not mistake concurrent acquires from one frame for nesting', async () => {
    const pool = open({ max: 3, detectNestedAcquire: true });
    const warnings: PoolWarning[] = [];
    pool.on('warning', (warning) => warnings.push(warning));
    const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    for (const client of clients) client.release();
    await Promise.all([pool.query('select 1'), pool.query('select 2')]);
    assert.equal(warnings.length, 0);
  });
});

describe('ending a pool that cannot connect', { skip: db.skip }, () => {
  it('settles queued callers with PoolClosedError by their acquire timeout and closes', async () => {
    const tcp = await startTcpProxy({ targetUrl: db.url });
    await tcp.refuse();
    const pool = createPool({ connectionString: tcp.url, max: 2, acquireTimeoutMillis: 300, detectNestedAcquire: false });
    try {
      const queued = pool.query('select 1');
      await sleep(50);
      const started = Date.now();
      await Promise.all([assert.rejects(queued, (error: unknown) => error instanceof Error && /ended|ending/.test(error.message)), pool.end()]);
      assert.ok(Date.now() - started < 300 + 2_000, 'bounded by acquireTimeoutMillis');
      assert.equal(pool.stats().total, 0);
      assert.equal(pool.stats().pending, 0);
    } finally {
      await tcp.close();
    }
  });
});

describe('ending a pool whose server never answers', () => {
  it('cuts the hung connection attempt short', async () => {
    const silent = await startSilentServer();
    const pool = createPool({ connectionString: silent.url, max: 1, min: 1, acquireTimeoutMillis: 10_000, detectNestedAcquire: false });
    try {
      await eventually('a connection attempt is in flight', () => silent.acceptedConnections >= 1);
      const started = Date.now();
      await pool.end();
      assert.ok(Date.now() - started < 5_000, `end() took ${Date.now() - started} ms`);
      assert.equal(pool.stats().total, 0);
    } finally {
      await silent.close();
    }
  });
});
