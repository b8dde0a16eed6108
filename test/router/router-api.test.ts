/**
 * Router API edges and balancing across several replicas (two names for the one test replica).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testReplica } from '../helpers/database.js';
import { lockReplica } from './replica-lock.js';
import type { ReplicaLock } from './replica-lock.js';
import { createRouter } from '../../src/router/index.js';
import { UsageError } from '../../src/errors.js';

const db = await testReplica();

describe('router API', { skip: db.skip }, () => {
  let replicaLock: ReplicaLock | undefined;
  before(async () => {
    replicaLock = await lockReplica(db.url, db.replicaUrl ?? '');
  });
  after(async () => {
    await replicaLock?.release();
  });

  it('spreads reads over replicas by weight (round-robin) and counts them', async () => {
    const router = createRouter({
      primary: { connectionString: db.url, max: 1 },
      replicas: [
        { connectionString: db.replicaUrl, name: 'a', weight: 3, max: 2 },
        { connectionString: db.replicaUrl, name: 'b', weight: 1, max: 2 },
      ],
      balance: 'round-robin',
    });
    try {
      await router.checkHealth();
      for (let i = 0; i < 40; i++) await router.query('select 1');
      const served = Object.fromEntries(router.stats().nodes.map((node) => [node.name, node.served]));
      assert.deepEqual(served, { primary: 0, a: 30, b: 10 });
      const pool = router.stats().nodes[1]?.pool;
      assert.equal(pool?.borrowed, 0);
      assert.ok((pool?.total ?? 0) >= 1 && (pool?.total ?? 0) <= 2, 'pool stats of the node, within its max');
    } finally {
      await router.end();
    }
  });

  it('lets the primary take a share of reads with primaryReadWeight', async () => {
    const router = createRouter({
      primary: { connectionString: db.url, max: 1 },
      replicas: [{ connectionString: db.replicaUrl, name: 'r', max: 1 }],
      balance: 'round-robin',
      primaryReadWeight: 1,
    });
    try {
      await router.checkHealth();
      const ports: number[] = [];
      for (let i = 0; i < 20; i++) ports.push((await router.query<{ port: number }>('select inet_server_port() as port')).rows[0]?.port ?? 0);
      assert.deepEqual([ports.filter((p) => p === 5432).length, ports.filter((p) => p === 5433).length], [10, 10]);
    } finally {
      await router.end();
    }
  });

  it('keeps least-busy reads off a replica that is busy', async () => {
    const router = createRouter({
      primary: { connectionString: db.url, max: 1 },
      replicas: [
        { connectionString: db.replicaUrl, name: 'a', max: 2 },
        { connectionString: db.replicaUrl, name: 'b', max: 2 },
      ],
    });
    try {
      await router.checkHealth();
      // Hold one query on whichever replica gets it; every short read meanwhile must go to the other.
      const slow = router.query('select pg_sleep(0.5)');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const busy = router.stats().nodes.find((node) => node.inFlight === 1)?.name;
      assert.ok(busy === 'a' || busy === 'b');
      for (let i = 0; i < 10; i++) await router.query('select 1');
      await slow;
      const served = Object.fromEntries(router.stats().nodes.map((node) => [node.name, node.served]));
      assert.equal(served[busy === 'a' ? 'b' : 'a'], 10);
      assert.equal(served[busy], 1);
    } finally {
      await router.end();
    }
  });

  it('sends everything to the primary when there are no replicas', async () => {
    const router = createRouter({ primary: { connectionString: db.url, max: 1 } });
    try {
      const { rows } = await router.query<{ port: number }>('select inet_server_port() as port');
      assert.equal(rows[0]?.port, 5432);
      const ro = await router.transaction((tx) => tx.query<{ ro: string }>("select current_setting('transaction_read_only') as ro"), { readOnly: true });
      assert.equal(ro.rows[0]?.ro, 'on');
      assert.equal(router.stats().nodes.length, 1);
    } finally {
      await router.end();
    }
  });

  it('rejects misuse with UsageErrors and passes query errors through untouched', async () => {
    const router = createRouter({ primary: { connectionString: db.url, max: 1 } });
    const other = createRouter({ primary: { connectionString: db.url, max: 1 } });
    try {
      assert.throws(() => router.session('not-a-token'), UsageError);
      assert.throws(() => router.runInSession(other.session(), () => 1), /made by this router/);
      await assert.rejects(router.query('select 1', [], { target: 'nowhere' as 'primary' }), /target must be/);
      await assert.rejects(router.transaction(async () => 1, { isolationLevel: 'snapshot' as 'serializable' }), /isolationLevel must be/);
      await assert.rejects(router.query('select * from router_no_such_table'), (error: { code?: string }) => error.code === '42P01');
      assert.equal(router.stats().nodes[0]?.errors, 1);
      assert.equal(router.stats().nodes[0]?.healthy, true, 'a query error is not a node failure');
      const session = router.session('0/10');
      assert.equal(session.token, '0/10');
      session.observe('0/5');
      assert.equal(session.token, '0/10', 'a token never moves a session back');
      session.observe('1/0');
      assert.equal(session.token, '1/0');
    } finally {
      await router.end();
      await other.end();
    }
    await assert.rejects(router.query('select 1'), /router has ended/);
  });

  it('cancels a query on the node that runs it when its signal aborts', async () => {
    const router = createRouter({
      primary: { connectionString: db.url, max: 1 },
      replicas: [{ connectionString: db.replicaUrl, name: 'r', max: 1 }],
    });
    try {
      await router.checkHealth();
      for (const target of ['replica', 'primary'] as const) {
        const controller = new AbortController();
        const pending = router.query('select pg_sleep(30)', [], { target, signal: controller.signal });
        // Abort once the statement runs on that node, not while it still waits for a connection.
        const admin = new pg.Client({ connectionString: target === 'replica' ? db.replicaUrl : db.url });
        await admin.connect();
        try {
          for (;;) {
            const { rows } = await admin.query("select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(30)' and state = 'active'");
            if (rows[0]?.n === 1) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        } finally {
          await admin.end();
        }
        controller.abort();
        await assert.rejects(pending, (error: { code?: string }) => error.code === '57014', target);
      }
      // The connections survived the cancel: each pool has one, and it still works.
      const { rows } = await router.query<{ port: number }>('select inet_server_port() as port');
      assert.equal(rows[0]?.port, 5433);
      assert.deepEqual(router.stats().nodes.map((node) => [node.name, node.healthy, node.inFlight]), [['primary', true, 0], ['r', true, 0]]);
      const aborted = AbortSignal.abort();
      await assert.rejects(router.query('select 1', [], { signal: aborted }), { name: 'AbortError' });
    } finally {
      await router.end();
    }
  });

  it('end() closes every socket it opened, pools and probes alike, and a second end() does nothing', async () => {
    const sockets = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
    // An earlier test's cancel request (pg sends it on a connection of its own) may still be closing:
    // count from a steady state, or that socket going away mid-test looks like one too few here.
    let before = sockets();
    for (let waited = 0; waited < 2000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = sockets();
      if (now === before) break;
      before = now;
    }
    const router = createRouter({ primary: { connectionString: db.url, max: 1 }, replicas: [{ connectionString: db.replicaUrl, name: 'r', max: 1 }] });
    await router.checkHealth();
    await router.query('select 1');
    await router.query('select 1', [], { target: 'primary' });
    assert.equal(sockets(), before + 4, 'a probe connection and a pool connection per node');
    await router.end();
    await router.end();
    assert.equal(sockets(), before);
    await assert.rejects(router.query('select 1'), /ended/);
  });

  it('caches classification per distinct text', async () => {
    const router = createRouter({ primary: { connectionString: db.url, max: 1 } });
    try {
      for (let i = 0; i < 5; i++) await router.query('select $1::int as n', [i]);
      assert.deepEqual(router.stats().classification, { hits: 4, misses: 1, size: 1 });
      assert.equal(router.classify('select 1 for update').reason, 'row-lock');
    } finally {
      await router.end();
    }
  });
});
