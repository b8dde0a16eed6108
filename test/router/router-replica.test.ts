/**
 * The router against a real primary (5432) and a real streaming replica (5433).
 * Tests that pause replay resume it in `finally`: the replica is shared.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testReplica } from '../helpers/database.js';
import { lockReplica } from './replica-lock.js';
import type { ReplicaLock } from './replica-lock.js';
import { createRouter, parseLsn } from '../../src/router/index.js';
import type { Router, RouterOptions } from '../../src/router/index.js';

const db = await testReplica();
const PRIMARY_PORT = 5432;
const REPLICA_PORT = 5433;

function routerFor(overrides: Partial<RouterOptions> = {}): Router {
  return createRouter({
    primary: { connectionString: db.url, max: 2 },
    replicas: [{ connectionString: db.replicaUrl ?? '', name: 'replica', max: 2 }],
    healthCheckIntervalMillis: 100,
    ...overrides,
  });
}

async function port(run: () => Promise<pg.QueryResult<{ port: number }>>): Promise<number> {
  const { rows } = await run();
  return Number(rows[0]?.port);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMillis = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('router against a primary and a streaming replica', { skip: db.skip }, () => {
  let admin: pg.Client;
  let replicaAdmin: pg.Client;
  let replica: ReplicaLock;

  const pauseReplay = (): Promise<void> => replica.pauseReplay();
  const resumeReplay = (): Promise<void> => replica.resumeReplay();

  before(async () => {
    admin = new pg.Client({ connectionString: db.url });
    replicaAdmin = new pg.Client({ connectionString: db.replicaUrl });
    await admin.connect();
    await replicaAdmin.connect();
    replica = await lockReplica(db.url, db.replicaUrl ?? '');
    await admin.query('drop table if exists router_items');
    await admin.query('create table router_items (id serial primary key, note text not null)');
    await waitFor('the replica to see router_items', async () => {
      const { rows } = await replicaAdmin.query<{ found: boolean }>("select to_regclass('router_items') is not null as found");
      return rows[0]?.found === true;
    });
  });

  after(async () => {
    await replica.release();
    await admin.query('drop table if exists router_items').catch(() => {});
    await admin.end();
    await replicaAdmin.end();
  });

  it('sends reads to the replica once it is probed healthy, and writes to the primary', async () => {
    const router = routerFor();
    try {
      await router.checkHealth();
      assert.equal(await port(() => router.query('select inet_server_port() as port')), REPLICA_PORT);
      assert.equal(await port(() => router.query('select inet_server_port() as port, (select count(*) from router_items) as n')), REPLICA_PORT);
      const inserted = await router.query<{ port: number }>(
        "insert into router_items (note) values ('w') returning inet_server_port() as port",
      );
      assert.equal(inserted.rows[0]?.port, PRIMARY_PORT);
      assert.equal(await port(() => router.query('select inet_server_port() as port for update')), PRIMARY_PORT);
      assert.equal(await port(() => router.query("select inet_server_port() as port, nextval('router_items_id_seq')")), PRIMARY_PORT);
      const [primary, replica] = router.stats().nodes;
      assert.deepEqual([primary?.role, primary?.name, replica?.role, replica?.name], ['primary', 'primary', 'replica', 'replica']);
      assert.equal(replica?.healthy, true);
      assert.match(replica?.walPosition ?? '', /^[0-9A-F]+\/[0-9A-F]+$/);
      assert.equal(primary?.served, 3);
      assert.equal(replica?.served, 2);
      assert.equal(replica?.inFlight, 0);
    } finally {
      await router.end();
    }
  });

  it('sends reads to the primary before the first probe, and honours explicit targets', async () => {
    const router = routerFor({ healthCheckIntervalMillis: 60_000 });
    try {
      // The constructor's first probe has not answered yet on this same tick.
      assert.equal(await port(() => router.query('select inet_server_port() as port')), PRIMARY_PORT);
      await router.checkHealth();
      assert.equal(await port(() => router.query('select inet_server_port() as port', [], { target: 'primary' })), PRIMARY_PORT);
      // An unknown function would send this to the primary; the override says it only reads.
      await admin.query('create or replace function router_port() returns int language sql stable as $$ select inet_server_port() $$');
      await waitFor('router_port on the replica', async () => {
        const { rows } = await replicaAdmin.query<{ found: boolean }>("select to_regproc('router_port') is not null as found");
        return rows[0]?.found === true;
      });
      assert.equal(await port(() => router.query('select router_port() as port')), PRIMARY_PORT);
      assert.equal(await port(() => router.query('select router_port() as port', [], { target: 'replica' })), REPLICA_PORT);
    } finally {
      await router.end();
      await admin.query('drop function if exists router_port()');
    }
  });

  it('treats configured read-only functions as reads', async () => {
    await admin.query('create or replace function router_port2() returns int language sql stable as $$ select inet_server_port() $$');
    const router = routerFor({ readOnlyFunctions: ['router_port2'] });
    try {
      await waitFor('router_port2 on the replica', async () => {
        const { rows } = await replicaAdmin.query<{ found: boolean }>("select to_regproc('router_port2') is not null as found");
        return rows[0]?.found === true;
      });
      await router.checkHealth();
      assert.equal(await port(() => router.query('select router_port2() as port')), REPLICA_PORT);
    } finally {
      await router.end();
      await admin.query('drop function if exists router_port2()');
    }
  });

  it('read-your-writes: a writing session reads its row from the primary while replay is paused, then returns to the replica', async () => {
    const router = routerFor();
    try {
      await router.checkHealth();
      const writer = router.session();
      const bystander = router.session();
      assert.equal(writer.token, '');
      await pauseReplay();
      try {
        const { rows } = await writer.query<{ id: number }>("insert into router_items (note) values ('ryw') returning id");
        const id = rows[0]?.id;
        assert.match(writer.token, /^[0-9A-F]+\/[0-9A-F]+$/);
        for (let i = 0; i < 20; i++) {
          const read = await writer.query<{ note: string; port: number }>(
            'select note, inet_server_port() as port from router_items where id = $1',
            [id],
          );
          assert.deepEqual(read.rows, [{ note: 'ryw', port: PRIMARY_PORT }], `read ${i}`);
        }
        // The replica is paused, so it does not have the row: the bystander reads there and does not see it.
        const elsewhere = await bystander.query<{ port: number; n: string }>(
          'select inet_server_port() as port, count(*) as n from router_items where id = $1',
          [id],
        );
        assert.deepEqual(elsewhere.rows, [{ port: REPLICA_PORT, n: '0' }]);
        // A parameterized write (extended protocol) records its position too.
        const second = await writer.query<{ id: number }>('insert into router_items (note) values ($1) returning id', ['ryw-2']);
        const again = await writer.query<{ note: string; port: number }>(
          'select note, inet_server_port() as port from router_items where id = $1',
          [second.rows[0]?.id],
        );
        assert.deepEqual(again.rows, [{ note: 'ryw-2', port: PRIMARY_PORT }]);
        // A failed write leaves the connection usable and the session as it was.
        const before = writer.token;
        await assert.rejects(writer.query('insert into router_items (id, note) values ($1, $2)', [id, 'dup']), { code: '23505' });
        assert.ok(parseLsn(writer.token) >= parseLsn(before));
        // A token carried to another session (another process) restores the guarantee.
        const restored = router.session(writer.token);
        assert.equal(await port(() => restored.query('select inet_server_port() as port')), PRIMARY_PORT);
        // So does runInSession for plain router.query calls.
        const ambient = await router.runInSession(writer, () => router.query<{ port: number }>('select inet_server_port() as port'));
        assert.equal(ambient.rows[0]?.port, PRIMARY_PORT);
      } finally {
        await resumeReplay();
      }
      await waitFor('the writing session to read from the caught-up replica', async () => {
        return (await port(() => writer.query('select inet_server_port() as port'))) === REPLICA_PORT;
      });
      const seen = await writer.query<{ port: number; n: string }>(
        "select inet_server_port() as port, count(*) as n from router_items where note = 'ryw'",
      );
      assert.deepEqual(seen.rows, [{ port: REPLICA_PORT, n: '1' }]);
    } finally {
      await resumeReplay();
      await router.end();
    }
  });

  it('read-your-writes across a committed session transaction, in one round trip for the position', async () => {
    const router = routerFor();
    try {
      await router.checkHealth();
      const session = router.session();
      await pauseReplay();
      try {
        const id = await session.transaction(async (tx) => {
          assert.equal(tx.node, 'primary');
          const { rows } = await tx.query<{ id: number }>("insert into router_items (note) values ('tx') returning id");
          return rows[0]?.id;
        });
        assert.notEqual(session.token, '');
        const read = await session.query<{ port: number; n: string }>(
          'select inet_server_port() as port, count(*) as n from router_items where id = $1',
          [id],
        );
        assert.deepEqual(read.rows, [{ port: PRIMARY_PORT, n: '1' }]);
        // A read-only transaction in that session must see the write too: the replica cannot, so the primary.
        const inTx = await session.transaction((tx) => tx.query<{ port: number }>('select inet_server_port() as port'), { readOnly: true });
        assert.equal(inTx.rows[0]?.port, PRIMARY_PORT);
        // A session that wrote nothing in a rolled-back transaction keeps no position.
        const other = router.session();
        await assert.rejects(
          other.transaction(async (tx) => {
            await tx.query("insert into router_items (note) values ('rolled back')");
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.equal(other.token, '');
      } finally {
        await resumeReplay();
      }
      const { rows } = await admin.query<{ n: string }>("select count(*) as n from router_items where note = 'rolled back'");
      assert.equal(rows[0]?.n, '0');
    } finally {
      await resumeReplay();
      await router.end();
    }
  });

  it('runs transactions on one node: read-only ones on the replica, others on the primary', async () => {
    const router = routerFor();
    try {
      await router.checkHealth();
      const readOnly = await router.transaction(
        async (tx) => {
          const a = await tx.query<{ port: number; ro: string }>("select inet_server_port() as port, current_setting('transaction_read_only') as ro");
          const b = await tx.query<{ iso: string }>("select current_setting('transaction_isolation') as iso");
          return { node: tx.node, ...a.rows[0], ...b.rows[0] };
        },
        { readOnly: true, isolationLevel: 'repeatable read' },
      );
      assert.deepEqual(readOnly, { node: 'replica', port: REPLICA_PORT, ro: 'on', iso: 'repeatable read' });
      const serializable = await router.transaction((tx) => tx.query<{ port: number }>('select inet_server_port() as port'), {
        readOnly: true,
        isolationLevel: 'serializable',
      });
      assert.equal(serializable.rows[0]?.port, PRIMARY_PORT, 'standbys refuse serializable');
      const write = await router.transaction(async (tx) => {
        await tx.query("insert into router_items (note) values ('in tx')");
        return tx.query<{ port: number }>('select inet_server_port() as port');
      });
      assert.equal(write.rows[0]?.port, PRIMARY_PORT);
      await assert.rejects(
        router.transaction(async (tx) => {
          await tx.query("insert into router_items (note) values ('never')");
          await tx.query('select 1/0');
        }),
        /division by zero/,
      );
      const { rows } = await admin.query<{ n: string }>("select count(*) as n from router_items where note = 'never'");
      assert.equal(rows[0]?.n, '0');
      assert.deepEqual(
        router.stats().nodes.map((node) => node.inFlight),
        [0, 0],
      );
    } finally {
      await router.end();
    }
  });

  it('gives no reads to a replica lagging past maxLagBytes, and takes it back once caught up', async () => {
    const router = routerFor({ maxLagBytes: 1024 });
    try {
      await router.checkHealth();
      assert.equal(await port(() => router.query('select inet_server_port() as port')), REPLICA_PORT);
      await pauseReplay();
      try {
        await admin.query("insert into router_items (note) select repeat('x', 100) from generate_series(1, 200)");
        await router.checkHealth();
        const replica = router.stats().nodes[1];
        assert.ok((replica?.lagBytes ?? 0) > 1024, `lagBytes ${replica?.lagBytes}`);
        assert.equal(replica?.healthy, true, 'lagging is not unhealthy');
        for (let i = 0; i < 10; i++) {
          assert.equal(await port(() => router.query('select inet_server_port() as port')), PRIMARY_PORT);
        }
      } finally {
        await resumeReplay();
      }
      await waitFor('the replica to catch up and take reads again', async () => {
        await router.checkHealth();
        return (await port(() => router.query('select inet_server_port() as port'))) === REPLICA_PORT;
      });
      assert.ok((router.stats().nodes[1]?.lagBytes ?? Infinity) <= 1024);
    } finally {
      await resumeReplay();
      await router.end();
    }
  });

  it('measures time lag from positions: a paused replica falls behind in time only while the primary writes', async () => {
    const router = routerFor({ maxLagMillis: 300 });
    try {
      await router.checkHealth();
      await pauseReplay();
      try {
        await admin.query("insert into router_items (note) values ('lag')");
        await router.checkHealth();
        await new Promise((resolve) => setTimeout(resolve, 500));
        await router.checkHealth();
        const replica = router.stats().nodes[1];
        assert.ok((replica?.lagMillis ?? 0) >= 300, `lagMillis ${replica?.lagMillis}`);
        assert.equal(await port(() => router.query('select inet_server_port() as port')), PRIMARY_PORT);
      } finally {
        await resumeReplay();
      }
      await waitFor('time lag to return to zero', async () => {
        await router.checkHealth();
        return router.stats().nodes[1]?.lagMillis === 0;
      });
      assert.equal(await port(() => router.query('select inet_server_port() as port')), REPLICA_PORT);
    } finally {
      await resumeReplay();
      await router.end();
    }
  });

  it('notices a "primary" that is read-only (a failover demoted it) and reports it', async () => {
    const router = createRouter({ primary: { connectionString: db.replicaUrl, max: 1 }, replicas: [{ connectionString: db.replicaUrl, max: 1 }] });
    const messages: string[] = [];
    router.on('failover', (_node, message: string) => messages.push(message));
    try {
      await router.checkHealth();
      assert.equal(router.stats().nodes[0]?.readOnly, true);
      assert.equal(messages.length, 1);
      assert.match(messages[0] ?? '', /primary primary is read-only/);
    } finally {
      await router.end();
    }
  });

  it('notices a "replica" that is not in recovery and gives it no reads', async () => {
    const router = createRouter({ primary: { connectionString: db.url, max: 1 }, replicas: [{ connectionString: db.url, name: 'not-a-replica', max: 1 }] });
    const messages: string[] = [];
    router.on('failover', (_node, message: string) => messages.push(message));
    try {
      await router.checkHealth();
      const node = router.stats().nodes[1];
      assert.equal(node?.healthy, false);
      assert.match(node?.lastError ?? '', /promoted/);
      assert.match(messages[0] ?? '', /not-a-replica is no longer in recovery/);
      assert.equal(router.stats().nodes[0]?.served, 0);
      await router.query('select 1');
      assert.equal(router.stats().nodes[0]?.served, 1);
    } finally {
      await router.end();
    }
  });
});
