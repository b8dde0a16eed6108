/**
 * The Kysely dialect: PostgreSQL's adapter, compiler and introspector from
 * Kysely, with pgopt's pool (or router) underneath.
 */
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import { UsageError } from '../errors.js';
import { PgoptDriver, type ClientLender } from './pgopt-driver.js';
import { createRouterDriver, type RouterDriverSource } from './router-driver.js';

/** Either a pool (pgopt's `createPool`, or a `pg.Pool`) or a read-replica router. */
export type PgoptDialectConfig =
  | { readonly pool: ClientLender; readonly router?: undefined }
  | { readonly router: RouterDriverSource; readonly pool?: undefined };

/**
 * Kysely dialect for pgopt. `db.destroy()` ends the pool (as Kysely's own dialects do).
 *
 * @example
 * import { Kysely } from 'kysely';
 * import { createPool } from 'pgopt';
 * import { PgoptDialect } from 'pgopt/kysely';
 * const db = new Kysely<DB>({ dialect: new PgoptDialect({ pool: createPool({ connectionString }) }) });
 * await db.transaction().execute(async (trx) => trx.insertInto('person').values({ name: 'Ada' }).execute());
 */
export class PgoptDialect implements Dialect {
  readonly #config: PgoptDialectConfig;

  constructor(config: PgoptDialectConfig) {
    if ((config.pool === undefined) === (config.router === undefined)) {
      throw new UsageError('PgoptDialect needs exactly one of { pool } or { router }.');
    }
    this.#config = config;
  }

  createDriver(): Driver {
    if (this.#config.pool !== undefined) return new PgoptDriver(this.#config.pool);
    return createRouterDriver(this.#config.router);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
