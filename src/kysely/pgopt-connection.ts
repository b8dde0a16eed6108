/**
 * A Kysely `DatabaseConnection` over one borrowed `pg` client: runs compiled
 * queries, streams with pg-cursor, and remembers a failed transaction-control
 * statement so the driver destroys the client instead of reusing it.
 */
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import Cursor from 'pg-cursor';
import type pg from 'pg';
import { UsageError } from '../errors.js';
import { sendCancelRequest } from '../router/cancel-query.js';

/** The part of a `pg.PoolClient` the dialect uses. */
export type DialectClient = Pick<pg.PoolClient, 'query' | 'release' | 'getTransactionStatus'>;

const countedCommands = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * One pooled connection as Kysely sees it. The router's driver can wrap the client
 * it picked in one of these to get the same query, stream and failure handling.
 *
 * @example
 * const connection = new PgoptConnection(await pool.connect());
 * const { rows } = await connection.executeQuery(CompiledQuery.raw('select 1 as one'));
 */
export class PgoptConnection implements DatabaseConnection {
  readonly client: DialectClient;
  /** The node-postgres client underneath, whose backend a cancel request names. */
  readonly #backend: pg.ClientBase | undefined;
  #failure: Error | undefined;

  constructor(client: DialectClient, backend?: pg.ClientBase) {
    this.client = client;
    this.#backend = backend ?? (isClientBase(client) ? client : undefined);
  }

  /**
   * Kysely 0.29's `'cancel query'` abort strategy (`execute({ signal, inflightQueryAbortStrategy })`): cancels
   * the statement this connection is running with a CancelRequest to the server it runs on, as psql's Ctrl-C
   * does; the statement fails with 57014 and the connection stays usable. Kysely 0.28 never calls it. Its
   * `'kill session'` strategy falls back to this one, since a session must not be killed through a control
   * connection that may be on another node.
   */
  async cancelQuery(): Promise<void> {
    if (this.#backend !== undefined) await sendCancelRequest(this.#backend);
  }

  /** Why this connection must not be reused (a BEGIN/COMMIT/ROLLBACK or cursor close failed), if so. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Forgets the previous borrower's failure; the driver calls it when lending the connection again. */
  resetFailure(): void {
    this.#failure = undefined;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query<pg.QueryResultRow>(compiledQuery.sql, [...compiledQuery.parameters]);
    const rows = (result.rows ?? []) as R[];
    if (countedCommands.has(result.command) && result.rowCount !== null) {
      const count = BigInt(result.rowCount);
      return { numAffectedRows: count, numChangedRows: count, rows };
    }
    return { rows };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0) {
      throw new UsageError(`chunkSize must be a positive integer, got ${String(chunkSize)}.`);
    }
    const cursor = this.client.query(new Cursor<pg.QueryResultRow>(compiledQuery.sql, [...compiledQuery.parameters]));
    try {
      for (;;) {
        const rows = await cursor.read(chunkSize);
        if (rows.length === 0) return;
        yield { rows: rows as R[] };
      }
    } finally {
      // A cursor that cannot be closed leaves the session in an unknown state.
      await cursor.close().catch((error: unknown) => this.#fail(error));
    }
  }

  /** Runs a transaction-control statement; if it fails the connection is destroyed on release. */
  async control(sql: string): Promise<void> {
    try {
      await this.client.query(sql);
    } catch (error) {
      this.#fail(error);
      throw error;
    }
  }

  #fail(error: unknown): void {
    this.#failure ??= error instanceof Error ? error : new Error(String(error));
  }
}

function isClientBase(client: DialectClient): client is DialectClient & pg.ClientBase {
  return typeof (client as { connect?: unknown }).connect === 'function' && 'processID' in client;
}
