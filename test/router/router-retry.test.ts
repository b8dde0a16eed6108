/**
 * Retry rules, with faults injected through the NodePool seam over real pools:
 * a read failing on a replica at the connection level (or by a recovery
 * conflict) runs once more elsewhere; a statement error is not retried; a
 * write is never retried.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { testReplica } from '../helpers/database.js';
import { lockReplica } from './replica-lock.js';
import type { ReplicaLock } from './replica-lock.js';
import { createPool } from '../../src/pool/index.js';
import { createRouter } from '../../src/router/index.js';
import type { NodePool, NodePoolOptions } from '../../src/router/index.js';

const db = await testReplica();

/** Wraps a real pool; `fail(text)` returns an error to throw instead of running that statement, or undefined. */
function faultyPool(options: NodePoolOptions, fail: (text: string) => Error | undefined, attempts: string[]): NodePool {
  const pool = createPool({ ...options, detectNestedAcquire: false });
  const run = async <R extends pg.QueryResultRow>(client: { query: pg.PoolClient['query'] }, text: string | pg.QueryConfig, values?: readonly unknown[]) => {
    const sql = typeof text === 'string' ? text : text.text;
    attempts.push(sql);
    const error = fail(sql);
    if (error !== undefined) throw error;
    return client.query<R>(sql, values as unknown[] | undefined);
  };
  return {
    query: async (text, values) => {
      const client = await pool.connect({ trackNesting: false });
      try {
        return await run(client, text, values);
      } finally {
        client.release();
      }
    },
    connect: async (connectOptions) => {
      const client = await pool.connect(connectOptions);
      const query = client.query.bind(client);
      return Object.assign(client, {
        query: ((text: string | pg.QueryConfig, values?: unknown[]) =>
          typeof text === 'string' && !text.startsWith('begin') ? run({ query }, text, values) : query(text as string, values)) as pg.PoolClient['query'],
      });
    },
    end: () => pool.end(),
  };
}

const withCode = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('router retry rules', { skip: db.skip }, () => {
  let replicaLock: ReplicaLock | undefined;
  before(async () => {
    replicaLock = await lockReplica(db.url, db.replicaUrl ?? '');
  });
  after(async () => {
    await replicaLock?.release();
  });

  it('retries a read once on another node after a connection-level error or a recovery conflict', async () => {
    for (const error of [
      withCode('ECONNRESET', 'read ECONNRESET'),
      withCode('40001', 'canceling statement due to conflict with recovery'),
    ]) {
      const attempts: Record<string, string[]> = { primary: [], replica: [] };
      const router = createRouter({
        primary: { connectionString: db.url, max: 1 },
        replicas: [{ connectionString: db.replicaUrl, name: 'replica', max: 1 }],
        createPool: (options) =>
          options.connectionString === db.url
            ? faultyPool(options, () => undefined, attempts['primary'] as string[])
            : faultyPool(options, (sql) => (sql.includes('inet_server_port') ? error : undefined), attempts['replica'] as string[]),
      });
      try {
        await router.checkHealth();
        const { rows } = await router.query<{ port: number }>('select inet_server_port() as port');
        assert.equal(rows[0]?.port, 5432, error.message);
        assert.deepEqual([attempts['replica']?.length, attempts['primary']?.length], [1, 1]);
      } finally {
        await router.end();
      }
    }
  });

  it('does not retry a read that failed as a statement', async () => {
    const attempts: string[] = [];
    const router = createRouter({
      primary: { connectionString: db.url, max: 1 },
      replicas: [{ connectionString: db.replicaUrl, max: 1 }],
      createPool: (options) =>
        faultyPool(options, (sql) => (sql.includes('boom') ? withCode('22012', 'division by zero') : undefined), attempts),
    });
    try {
      await router.checkHealth();
      await assert.rejects(router.query('select 1 as boom'), /division by zero/);
      assert.equal(attempts.filter((sql) => sql.includes('boom')).length, 1);
    } finally {
      await router.end();
    }
  });

  it('never retries a write, even after a connection-level error', async () => {
    const attempts: string[] = [];
    const router = createRouter({
      primary: { connectionString: db.url, max: 1 },
      replicas: [{ connectionString: db.replicaUrl, max: 1 }],
      createPool: (options) => faultyPool(options, (sql) => (sql.startsWith('insert') ? withCode('ECONNRESET', 'read ECONNRESET') : undefined), attempts),
    });
    try {
      await router.checkHealth();
      await assert.rejects(router.query('insert into router_never_created values (1)'), /ECONNRESET/);
      await assert.rejects(router.session().query('insert into router_never_created values (1)'), /ECONNRESET/);
      assert.equal(attempts.filter((sql) => sql.startsWith('insert')).length, 2, 'one attempt per call');
    } finally {
      await router.end();
    }
  });
});
