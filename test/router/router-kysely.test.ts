/**
 * `new PgoptDialect({ router })` against the real primary and replica.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, sql } from 'kysely';
import type { Generated } from 'kysely';
import pg from 'pg';
import { testReplica } from '../helpers/database.js';
import { lockReplica } from './replica-lock.js';
import type { ReplicaLock } from './replica-lock.js';
import { createRouter } from '../../src/router/index.js';
import type { Router } from '../../src/router/index.js';
import { PgoptDialect } from '../../src/kysely/index.js';

const db = await testReplica();
const PRIMARY_PORT = 5432;
const REPLICA_PORT = 5433;

interface DB {
  router_kysely_people: { id: Generated<number>; name: string };
}

const port = sql<number>`inet_server_port()`;

describe('PgoptDialect({ router }) routes Kysely queries', { skip: db.skip }, () => {
  let router: Router;
  let kysely: Kysely<DB>;
  let replicaAdmin: pg.Client;
  let replica: ReplicaLock;

  before(async () => {
    replicaAdmin = new pg.Client({ connectionString: db.replicaUrl });
    await replicaAdmin.connect();
    replica = await lockReplica(db.url, db.replicaUrl ?? '');
    router = createRouter({
      primary: { connectionString: db.url, max: 2, detectNestedAcquire: false },
      replicas: [{ connectionString: db.replicaUrl ?? '', max: 2, detectNestedAcquire: false }],
      healthCheckIntervalMillis: 100,
    });
    kysely = new Kysely<DB>({ dialect: new PgoptDialect({ router }) });
    await router.query('drop table if exists router_kysely_people');
    await router.query('create table router_kysely_people (id serial primary key, name text not null)');
    await router.query("insert into router_kysely_people (name) select 'p' || g from generate_series(1, 250) g");
    await replicaCaughtUp(250);
    await router.checkHealth();
  });

  /** Waits until the replica shows `rows` rows: earlier tests' writes reach it asynchronously. */
  async function replicaCaughtUp(rows: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      // Two statements: a statement naming a table the replica has not replayed yet fails as a whole.
      const exists = await replicaAdmin.query<{ ok: boolean }>("select to_regclass('router_kysely_people') is not null as ok");
      if (exists.rows[0]?.ok === true) {
        const result = await replicaAdmin.query<{ n: string }>('select count(*)::text as n from router_kysely_people');
        if (result.rows[0]?.n === String(rows)) return;
      }
      if (Date.now() > deadline) throw new Error('the replica did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  after(async () => {
    await replica.release();
    await replicaAdmin.end();
    await router.query('drop table if exists router_kysely_people').catch(() => {});
    await kysely.destroy(); // ends the router, but only if Kysely ran a query: a failed `before` leaves it unused
    await router.end();
  });

  it('sends a select to a replica and writes to the primary', async () => {
    const read = await kysely.selectFrom('router_kysely_people').select(port.as('port')).limit(1).executeTakeFirstOrThrow();
    assert.equal(read.port, REPLICA_PORT);
    const inserted = await kysely.insertInto('router_kysely_people').values({ name: 'new' }).returning(port.as('port')).executeTakeFirstOrThrow();
    assert.equal(inserted.port, PRIMARY_PORT);
    const updated = await kysely.updateTable('router_kysely_people').set({ name: 'newer' }).where('name', '=', 'new').executeTakeFirstOrThrow();
    assert.equal(updated.numUpdatedRows, 1n);
    const deleted = await kysely.deleteFrom('router_kysely_people').where('name', '=', 'newer').executeTakeFirstOrThrow();
    assert.equal(deleted.numDeletedRows, 1n);
  });

  it('sends a select with a row lock or a data-modifying CTE to the primary', async () => {
    const locked = await kysely.selectFrom('router_kysely_people').select(port.as('port')).limit(1).forUpdate().executeTakeFirstOrThrow();
    assert.equal(locked.port, PRIMARY_PORT);
    const cte = await kysely
      .with('gone', (db) => db.deleteFrom('router_kysely_people').where('name', '=', 'nobody').returning('id'))
      .selectFrom('gone')
      .select((eb) => [eb.fn.countAll<string>().as('n'), port.as('port')])
      .executeTakeFirstOrThrow();
    assert.equal(cte.port, PRIMARY_PORT);
  });

  it('sends raw sql to the primary unless hinted', async () => {
    const raw = await sql<{ port: number }>`select inet_server_port() as port`.execute(kysely);
    assert.equal(raw.rows[0]?.port, PRIMARY_PORT);
    const hinted = await sql<{ port: number }>`/* pgopt:replica */ select inet_server_port() as port`.execute(kysely);
    assert.equal(hinted.rows[0]?.port, REPLICA_PORT);
  });

  it('runs a read-only transaction on one replica and a read-write one on the primary, with savepoints', async () => {
    const ports = await kysely
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        const a = await trx.selectFrom('router_kysely_people').select(port.as('port')).limit(1).executeTakeFirstOrThrow();
        const b = await sql<{ ro: string }>`select current_setting('transaction_read_only') as ro`.execute(trx);
        return [a.port, b.rows[0]?.ro];
      });
    assert.deepEqual(ports, [REPLICA_PORT, 'on']);

    const trx = await kysely.startTransaction().execute();
    try {
      await trx.insertInto('router_kysely_people').values({ name: 'kept' }).execute();
      const sp = await trx.savepoint('sp').execute();
      await sp.insertInto('router_kysely_people').values({ name: 'undone' }).execute();
      const here = await sp.selectFrom('router_kysely_people').select(port.as('port')).limit(1).executeTakeFirstOrThrow();
      assert.equal(here.port, PRIMARY_PORT, 'a read inside a read-write transaction stays on its node');
      await sp.rollbackToSavepoint('sp').execute();
      await trx.commit().execute();
    } catch (error) {
      await trx.rollback().execute();
      throw error;
    }
    const names = await kysely.selectFrom('router_kysely_people').select('name').where('name', 'in', ['kept', 'undone']).execute();
    // Read from wherever the router sends it; the primary has both rows' fate settled.
    const { rows } = await router.query<{ name: string }>("select name from router_kysely_people where name in ('kept', 'undone')", [], {
      target: 'primary',
    });
    assert.deepEqual(rows.map((r) => r.name), ['kept']);
    assert.ok(names.every((r) => r.name === 'kept'));
    await kysely.deleteFrom('router_kysely_people').where('name', '=', 'kept').execute();
    assert.deepEqual(router.stats().nodes.map((n) => n.inFlight), [0, 0]);
  });

  it('streams a select from a replica', async () => {
    await replicaCaughtUp(250);
    const seen: number[] = [];
    for await (const row of kysely.selectFrom('router_kysely_people').select(['id', port.as('port')]).orderBy('id').stream(50)) {
      seen.push(row.port);
    }
    assert.equal(seen.length, 250);
    assert.ok(seen.every((p) => p === REPLICA_PORT));
    assert.deepEqual(router.stats().nodes.map((n) => n.inFlight), [0, 0]);
  });

  it('reads its own writes inside runInSession while replay is paused', async () => {
    const session = router.session();
    await replica.pauseReplay();
    try {
      await router.runInSession(session, async () => {
        await kysely.insertInto('router_kysely_people').values({ name: 'mine' }).execute();
        const mine = await kysely.selectFrom('router_kysely_people').select(port.as('port')).where('name', '=', 'mine').executeTakeFirst();
        assert.equal(mine?.port, PRIMARY_PORT);
        const tx = await kysely
          .transaction()
          .execute((trx) => trx.updateTable('router_kysely_people').set({ name: 'mine2' }).where('name', '=', 'mine').execute());
        assert.equal(tx[0]?.numUpdatedRows, 1n);
      });
      assert.notEqual(session.token, '');
      // Outside the session, reads still go to the (paused) replica and do not see the row.
      const other = await kysely.selectFrom('router_kysely_people').select(port.as('port')).where('name', 'like', 'mine%').executeTakeFirst();
      assert.equal(other, undefined);
    } finally {
      await replica.resumeReplay();
    }
    await kysely.deleteFrom('router_kysely_people').where('name', 'like', 'mine%').execute();
  });
});
