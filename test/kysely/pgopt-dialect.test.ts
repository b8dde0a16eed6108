import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Kysely, sql, type Generated } from 'kysely';
import pg from 'pg';
import { UsageError } from '../../src/errors.js';
import { PgoptDialect } from '../../src/kysely/index.js';
import { createPool, type Pool, type PoolOptions, type PoolWarning } from '../../src/pool/index.js';
import { testDatabase } from '../helpers/database.js';

const db = await testDatabase();
// Every run gets its own schema (set as search_path), so the tables have fixed names.
const schema = `pool_kysely_${randomUUID().slice(0, 8)}`;
const table = 'person';
const deferredTable = 'deferred';

interface Person {
  id: Generated<number>;
  name: string;
}
interface Deferred {
  id: number;
}
interface DB {
  person: Person;
  deferred: Deferred;
}

describe('PgoptDialect', () => {
  it('needs exactly one of pool or router', () => {
    assert.throws(() => new PgoptDialect({} as { pool: Pool }), UsageError);
  });

  it('refuses both pool and router at once', () => {
    const both = { pool: {}, router: {} } as unknown as ConstructorParameters<typeof PgoptDialect>[0];
    assert.throws(() => new PgoptDialect(both), /exactly one of \{ pool \} or \{ router \}/);
  });

  // Kysely's destroy() skips a driver it never initialised: the documented shutdown ends the pool too.
  it('destroy() before any query leaves the pool open; pool.end() after it (twice) closes it', async () => {
    const pool = createPool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', max: 1, detectNestedAcquire: false });
    const kysely = new Kysely<DB>({ dialect: new PgoptDialect({ pool }) });
    await kysely.destroy();
    assert.equal(pool.ending, false, 'Kysely did not end it');
    await pool.end();
    await pool.end();
    assert.equal(pool.ending, true);
    assert.equal(pool.stats().total, 0);
  });
});

describe('PgoptDialect with kysely against PostgreSQL', { skip: db.skip }, () => {
  const dbs: Array<Kysely<DB>> = [];
  const pools: Pool[] = [];
  const open = (options: PoolOptions = {}): { kysely: Kysely<DB>; pool: Pool } => {
    const pool = createPool({ connectionString: db.url, max: 2, detectNestedAcquire: false, options: `-c search_path=${schema}`, ...options });
    const kysely = new Kysely<DB>({ dialect: new PgoptDialect({ pool }) });
    pools.push(pool);
    dbs.push(kysely);
    return { kysely, pool };
  };
  const pidOf = async (kysely: Kysely<DB>): Promise<number> => {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(kysely);
    return rows[0]?.pid ?? -1;
  };

  before(async () => {
    const { kysely } = open();
    await sql`create schema ${sql.id(schema)}`.execute(kysely);
    await kysely.schema.createTable(table).addColumn('id', 'serial', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull()).execute();
    await sql`create table ${sql.table(deferredTable)} (id int, constraint ${sql.id(`${deferredTable}_u`)} unique (id) deferrable initially deferred)`.execute(kysely);
  });

  after(async () => {
    const { kysely } = open();
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(kysely);
    for (const pool of pools) assert.equal(pool.ending || pool.stats().borrowed === 0, true, 'a connection leaked');
    await Promise.all(dbs.map((kysely) => kysely.destroy()));
  });

  it('runs queries and reports affected rows', async () => {
    const { kysely, pool } = open();
    const inserted = await kysely.insertInto(table).values([{ name: 'ada' }, { name: 'grace' }]).executeTakeFirst();
    assert.equal(inserted.numInsertedOrUpdatedRows, 2n);
    const updated = await kysely.updateTable(table).set({ name: 'ada l.' }).where('name', '=', 'ada').executeTakeFirst();
    assert.equal(updated.numUpdatedRows, 1n);
    const rows = await kysely.selectFrom(table).select('name').where('name', 'in', ['ada l.', 'grace']).orderBy('name').execute();
    assert.deepEqual(rows, [{ name: 'ada l.' }, { name: 'grace' }]);
    const deleted = await kysely.deleteFrom(table).where('name', '=', 'grace').executeTakeFirst();
    assert.equal(deleted.numDeletedRows, 1n);
    assert.equal(pool.stats().borrowed, 0);
  });

  it('commits a transaction, and rolls it back when the callback throws', async () => {
    const { kysely } = open();
    await kysely.transaction().execute(async (trx) => {
      await trx.insertInto(table).values({ name: 'committed' }).execute();
    });
    await assert.rejects(
      kysely.transaction().execute(async (trx) => {
        await trx.insertInto(table).values({ name: 'rolled back' }).execute();
        throw new Error('change of plan');
      }),
      /change of plan/,
    );
    const names = await kysely.selectFrom(table).select('name').where('name', 'in', ['committed', 'rolled back']).execute();
    assert.deepEqual(names, [{ name: 'committed' }]);
  });

  it('applies isolation level and access mode', async () => {
    const { kysely } = open();
    const seen = await kysely
      .transaction()
      .setIsolationLevel('serializable')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const { rows } = await sql<{ iso: string; ro: string }>`select current_setting('transaction_isolation') as iso, current_setting('transaction_read_only') as ro`.execute(trx);
        return rows[0];
      });
    assert.deepEqual(seen, { iso: 'serializable', ro: 'on' });
  });

  it('supports savepoints in a controlled transaction', async () => {
    const { kysely } = open();
    const trx = await kysely.startTransaction().execute();
    await trx.insertInto(table).values({ name: 'before savepoint' }).execute();
    const afterSavepoint = await trx.savepoint('sp one').execute();
    await afterSavepoint.insertInto(table).values({ name: 'after savepoint' }).execute();
    const rolledBack = await afterSavepoint.rollbackToSavepoint('sp one').execute();
    const released = await rolledBack.savepoint('sp two').execute();
    await released.insertInto(table).values({ name: 'kept' }).execute();
    await (await released.releaseSavepoint('sp two').execute()).commit().execute();
    const names = await kysely.selectFrom(table).select('name').where('name', 'in', ['before savepoint', 'after savepoint', 'kept']).orderBy('name').execute();
    assert.deepEqual(names, [{ name: 'before savepoint' }, { name: 'kept' }]);
  });

  it('streams rows in chunks with pg-cursor and releases the connection when the loop stops early', async () => {
    const { kysely, pool } = open();
    const all: number[] = [];
    for await (const row of kysely.selectFrom(sql<{ n: number }>`(select generate_series(1, 25) as n)`.as('s')).select('n').stream(4)) {
      all.push(row.n);
    }
    assert.deepEqual(all, Array.from({ length: 25 }, (_, i) => i + 1));
    let seen = 0;
    for await (const row of kysely.selectFrom(sql<{ n: number }>`(select generate_series(1, 1000) as n)`.as('s')).select('n').stream(10)) {
      seen = row.n;
      if (seen === 15) break;
    }
    assert.equal(seen, 15);
    assert.equal(pool.stats().borrowed, 0);
    assert.equal((await kysely.selectFrom(table).select('id').limit(1).execute()).length >= 0, true);
  });

  it('destroys the connection when COMMIT fails', async () => {
    const { kysely, pool } = open({ max: 1 });
    const pid = await pidOf(kysely);
    await assert.rejects(
      kysely.transaction().execute(async (trx) => {
        await trx.insertInto(deferredTable).values([{ id: 1 }, { id: 1 }]).execute();
      }),
      /duplicate key/,
    );
    assert.notEqual(await pidOf(kysely), pid);
    assert.equal(pool.stats().destroyed, 1);
  });

  it('destroys the connection when BEGIN fails (inside an aborted transaction)', async () => {
    const { kysely, pool } = open({ max: 1 });
    const pid = await pidOf(kysely);
    await assert.rejects(
      kysely.connection().execute(async (conn) => {
        await sql`begin`.execute(conn);
        await sql`select 1/0`.execute(conn).catch(() => undefined);
        await conn.transaction().execute(async () => undefined);
      }),
      /current transaction is aborted/,
    );
    assert.notEqual(await pidOf(kysely), pid);
    assert.ok(pool.stats().destroyed >= 1);
  });

  it('destroys the connection when ROLLBACK fails (backend terminated inside the transaction)', async () => {
    const { kysely, pool } = open({ max: 1 });
    // Kysely reports the failed ROLLBACK rather than the callback's error.
    await assert.rejects(
      kysely.transaction().execute(async (trx) => {
        await sql`select pg_terminate_backend(pg_backend_pid())`.execute(trx).catch(() => undefined);
        throw new Error('give up');
      }),
      /terminated|give up/,
    );
    assert.equal((await kysely.selectFrom(table).select('id').limit(1).execute()).length >= 0, true);
    assert.equal(pool.stats().destroyed, 1);
    assert.equal(pool.stats().borrowed, 0);
  });

  it('destroys a connection released while still inside a transaction', async () => {
    const { kysely, pool } = open({ max: 1 });
    const pid = await pidOf(kysely);
    await kysely.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await conn.insertInto(table).values({ name: 'never committed' }).execute();
    });
    assert.notEqual(await pidOf(kysely), pid);
    assert.equal(pool.stats().destroyed, 1);
    const left = await kysely.selectFrom(table).select('name').where('name', '=', 'never committed').execute();
    assert.deepEqual(left, []);
  });

  it('reports `db` used instead of `trx` inside a transaction, but not concurrent plain queries', async () => {
    const { kysely, pool } = open({ max: 3, detectNestedAcquire: true });
    const warnings: PoolWarning[] = [];
    pool.on('warning', (warning) => warnings.push(warning));
    await Promise.all([kysely.selectFrom(table).select('id').execute(), kysely.selectFrom(table).select('name').execute()]);
    assert.equal(warnings.length, 0);
    await kysely.transaction().execute(async (trx) => {
      await trx.insertInto(table).values({ name: 'inside' }).execute();
      await kysely.selectFrom(table).select('id').execute(); // the bug
    });
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.code, 'PGOPT_POOL_NESTED_ACQUIRE');
    assert.match(warnings[0]?.nestedStack ?? '', /pgopt-dialect\.test\.ts/);
    await kysely.selectFrom(table).select('id').execute();
    assert.equal(warnings.length, 1);
  });

  it('also runs over a plain pg.Pool, destroying a client after a failed COMMIT', async () => {
    const pgPool = new pg.Pool({ connectionString: db.url, max: 1, options: `-c search_path=${schema}` });
    const kysely = new Kysely<DB>({ dialect: new PgoptDialect({ pool: pgPool }) });
    dbs.push(kysely);
    const pid = await pidOf(kysely);
    await assert.rejects(
      kysely.transaction().execute(async (trx) => {
        await trx.insertInto(deferredTable).values([{ id: 2 }, { id: 2 }]).execute();
      }),
      /duplicate key/,
    );
    assert.notEqual(await pidOf(kysely), pid);
  });
});
