/**
 * Kysely `Driver` over anything that lends `pg` clients: pgopt's pool (with
 * nested-acquire tracking scoped to transactions) or a plain `pg.Pool`.
 */
import type { DatabaseConnection, Driver, TransactionSettings } from 'kysely';
import type pg from 'pg';
import { PgoptConnection } from './pgopt-connection.js';
import { SavepointDriver } from './savepoint-driver.js';
import { beginStatement } from './transaction-sql.js';

/**
 * What the driver needs from a pool. pgopt's `Pool` fits; so does `pg.Pool`
 * (without nested-acquire tracking).
 */
export interface ClientLender {
  connect(options?: { readonly trackNesting?: boolean }): Promise<pg.PoolClient>;
  end(): Promise<void>;
  /** pgopt's pool: marks a client as held by the current async flow (see Pool#markHeld). */
  markHeld?(client: pg.PoolClient): void;
}

/**
 * @example
 * const driver = new PgoptDriver(createPool({ connectionString }));
 */
export class PgoptDriver extends SavepointDriver<PgoptConnection> implements Driver {
  readonly #lender: ClientLender;
  // One connection object per client, so Kysely sets up its per-connection logging once per client.
  readonly #connections = new WeakMap<pg.PoolClient, PgoptConnection>();
  readonly #clients = new WeakMap<PgoptConnection, pg.PoolClient>();

  constructor(lender: ClientLender) {
    super();
    this.#lender = lender;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // Plain queries are not "held": only a transaction scope is (see beginTransaction).
    // Only pgopt's pool takes options: pg.Pool#connect would read them as a callback.
    const client = this.#lender.markHeld === undefined ? await this.#lender.connect() : await this.#lender.connect({ trackNesting: false });
    let connection = this.#connections.get(client);
    if (connection === undefined) {
      connection = new PgoptConnection(client);
      this.#connections.set(client, connection);
      this.#clients.set(connection, client);
    }
    connection.resetFailure();
    return connection;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const pgopt = this.own(connection);
    // Synchronously, in the flow that will run the transaction callback: from here on,
    // `db` used instead of `trx` inside the callback is reported as a nested acquire.
    const client = this.#clients.get(pgopt);
    if (client !== undefined) this.#lender.markHeld?.(client);
    return pgopt.control(beginStatement(settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.own(connection).control('commit');
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    releasePgoptConnection(this.own(connection));
  }

  async destroy(): Promise<void> {
    await this.#lender.end();
  }

  protected override own(connection: DatabaseConnection): PgoptConnection {
    if (!(connection instanceof PgoptConnection)) {
      throw new TypeError('PgoptDriver was handed a connection it did not create.');
    }
    return connection;
  }
}

/**
 * Gives a connection's client back to its pool, destroying it when a transaction-control
 * statement failed or the session is still inside a (possibly aborted) transaction.
 */
export function releasePgoptConnection(connection: PgoptConnection): void {
  const status = connection.client.getTransactionStatus();
  if (connection.failure !== undefined) {
    connection.client.release(connection.failure);
  } else if (status === 'T' || status === 'E') {
    connection.client.release(new Error('Connection released while still inside a transaction.'));
  } else {
    connection.client.release();
  }
}
