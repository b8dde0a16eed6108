/**
 * Query cancellation through the Kysely dialect: the connection's cancelQuery (what Kysely 0.29's
 * `'cancel query'` abort strategy calls) stops the statement on the node that runs it, over the pool
 * and over the router (a routed read on the replica, a read-only transaction on the replica). With
 * Kysely 0.29 installed (CI's second pass), also through Kysely's own `execute({ signal })`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, Kysely, sql } from 'kysely';
import type { DatabaseConnection } from 'kysely';
import pg from 'pg';
import { PgoptDialect } from '../../src/kysely/index.js';
import { createPool } from '../../src/pool/index.js';
import type { Pool } from '../../src/pool/index.js';
import { createRouter } from '../../src/router/index.js';
import type { Router } from '../../src/router/index.js';
import { testReplica } from '../helpers/database.js';

const db = await testReplica();

/** Kysely 0.28 exports no package.json: read it from the installed package's folder. */
function kyselyVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('kysely'));
  while (!dir.endsWith(join('node_modules', 'kysely'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The connection as Kysely 0.29 sees it (0.28's types have neither the options nor cancelQuery). */
interface Cancellable extends DatabaseConnection {
  cancelQuery(): Promise<void>;
  executeQuery<R>(compiledQuery: CompiledQuery, options?: { signal?: AbortSignal }): ReturnType<DatabaseConnection['executeQuery']> & Promise<{ rows: R[] }>;
}

/** The error `running` rejects with; attached at once, so a rejection before anyone awaits is not unhandled. */
function failureOf(running: Promise<unknown>): Promise<{ code?: string }> {
  return running.then(
    () => assert.fail('the statement was not cancelled'),
    (error: unknown) => error as { code?: string },
  );
}

/** Waits until a statement containing `marker` runs on the server behind `url`; returns its port. */
async function runningOn(url: string, marker: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (let i = 0; i < 200; i++) {
      const { rows } = await admin.query<{ n: string }>(
        "select count(*)::text as n from pg_stat_activity where state = 'active' and query like $1 and pid <> pg_backend_pid()",
        [`%${marker}%`],
      );
      if (rows[0]?.n !== '0') return;
      await sleep(25);
    }
    throw new Error(`no statement with ${marker} started on ${new URL(url).port}`);
  } finally {
    await admin.end();
  }
}

async function cancelWhileRunning(plain: DatabaseConnection, text: string, url: string, marker: string): Promise<void> {
  const connection = plain as Cancellable;
  const started = performance.now();
  // Kysely 0.29 passes the caller's signal when there is one: the router then keeps a way to cancel.
  const failed = failureOf(connection.executeQuery(CompiledQuery.raw(text), { signal: new AbortController().signal }));
  await runningOn(url, marker);
  await connection.cancelQuery();
  assert.equal((await failed).code, '57014');
  assert.ok(performance.now() - started < 8_000, 'cancelled well before the 10 s sleep ended');
  // The statement failed, the session did not: the connection answers the next query.
  const { rows } = await connection.executeQuery<{ one: number }>(CompiledQuery.raw('select 1 as one'));
  assert.equal(rows[0]?.one, 1);
}

describe('cancelQuery through the Kysely dialect', { skip: db.skip }, () => {
  let pool: Pool;
  let router: Router;

  before(async () => {
    pool = createPool({ connectionString: db.url, max: 2, detectNestedAcquire: false });
    router = createRouter({
      primary: { connectionString: db.url, max: 2, detectNestedAcquire: false },
      replicas: [{ connectionString: db.replicaUrl ?? '', max: 2, detectNestedAcquire: false }],
      healthCheckIntervalMillis: 100,
    });
    await router.checkHealth();
  });

  after(async () => {
    await pool.end();
    await router.end();
  });

  it('over the pool: the running statement fails with 57014 and the connection stays usable', async () => {
    const driver = new PgoptDialect({ pool }).createDriver();
    await driver.init();
    const connection = await driver.acquireConnection();
    try {
      await cancelWhileRunning(connection, 'select pg_sleep(10) /* cancel-pool */', db.url, 'cancel-pool');
    } finally {
      await driver.releaseConnection(connection);
    }
    assert.equal(pool.stats().borrowed, 0);
  });

  it('over the router: a routed read is cancelled on the replica that runs it', async () => {
    const driver = new PgoptDialect({ router }).createDriver();
    const connection = await driver.acquireConnection();
    try {
      await cancelWhileRunning(connection, '/* pgopt:replica */ select pg_sleep(10) /* cancel-routed */', db.replicaUrl ?? '', 'cancel-routed');
    } finally {
      await driver.releaseConnection(connection);
    }
  });

  it('over the router: inside a read-only transaction, on the transaction node', async () => {
    const driver = new PgoptDialect({ router }).createDriver();
    const connection = await driver.acquireConnection();
    await driver.beginTransaction(connection, { accessMode: 'read only' });
    try {
      const failed = failureOf(connection.executeQuery(CompiledQuery.raw('select pg_sleep(10) /* cancel-tx */')));
      await runningOn(db.replicaUrl ?? '', 'cancel-tx');
      await (connection as Cancellable).cancelQuery();
      assert.equal((await failed).code, '57014');
    } finally {
      await driver.rollbackTransaction(connection);
      await driver.releaseConnection(connection);
    }
  });

  // Kysely 0.28 has no abort API; CI runs this file again with 0.29 installed.
  if (kyselyVersion().startsWith('0.29.')) {
    it("Kysely 0.29: execute({ signal, inflightQueryAbortStrategy: 'cancel query' }) stops the statement on the replica", async () => {
      const kysely = new Kysely<Record<string, never>>({ dialect: new PgoptDialect({ router }) });
      const controller = new AbortController();
      const query = kysely.selectNoFrom(sql<string>`pg_sleep(10)::text`.as('slept')).modifyEnd(sql.raw('/* cancel-kysely */'));
      const execute = query.execute as unknown as (options: { signal: AbortSignal; inflightQueryAbortStrategy: string }) => Promise<unknown>;
      const failed = failureOf(execute.call(query, { signal: controller.signal, inflightQueryAbortStrategy: 'cancel query' }));
      await runningOn(db.replicaUrl ?? '', 'cancel-kysely');
      controller.abort();
      await failed;
      // The cancel reached the replica: the statement is gone there well before its 10 s.
      const admin = new pg.Client({ connectionString: db.replicaUrl });
      await admin.connect();
      try {
        let active = '1';
        for (let i = 0; i < 100 && active !== '0'; i++) {
          await sleep(20);
          active = (await admin.query<{ n: string }>("select count(*)::text as n from pg_stat_activity where state = 'active' and query like '%cancel-kysely%' and pid <> pg_backend_pid()")).rows[0]?.n ?? '?';
        }
        assert.equal(active, '0');
      } finally {
        await admin.end();
      }
    });
  }
});
