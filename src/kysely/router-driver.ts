/**
 * Kysely `Driver` over the read-replica router. Kysely asks for a connection
 * before it says what it will run, so the connection handed out is lazy: a
 * query outside a transaction is routed when it arrives, by its operation node
 * and its SQL; a transaction picks its node at BEGIN (a replica for
 * `setAccessMode('read only')`) and keeps it until COMMIT or ROLLBACK.
 *
 * Routing of a query outside a transaction:
 * - a `SelectQueryNode` whose SQL the router classifies as a read (no
 *   data-modifying CTE, no row lock, only read-only functions) → a replica;
 * - a raw `sql` query → the primary, unless its text begins with the hint
 *   comment `/* pgopt:replica *\/`;
 * - everything else → the primary.
 */
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';
import type pg from 'pg';
import type { Router } from '../router/router.js';
import type { RoutedConnection, RouteTarget } from '../router/router-types.js';
import { PgoptConnection } from './pgopt-connection.js';
import type { DialectClient } from './pgopt-connection.js';
import { releasePgoptConnection } from './pgopt-driver.js';
import { SavepointDriver } from './savepoint-driver.js';
import { beginStatement } from './transaction-sql.js';

/** What `new PgoptDialect({ router })` accepts: a router from `createRouter`. */
export type RouterDriverSource = Router;

/** Put at the start of a raw `sql` query that only reads, to let it run on a replica. */
export const REPLICA_HINT = '/* pgopt:replica */';

const countedCommands = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * @example
 * const db = new Kysely<DB>({ dialect: new PgoptDialect({ router }) })
 * await db.selectFrom('person').selectAll().execute()                  // a replica
 * await db.transaction().setAccessMode('read only').execute(...)       // one replica, BEGIN to COMMIT
 * await sql`/* pgopt:replica *\/ select count(*) from person`.execute(db) // a replica, by hint
 */
export function createRouterDriver(router: RouterDriverSource): Driver {
  return new RouterDriver(router);
}

/** Where a compiled query outside a transaction should run. */
export function routeCompiledQuery(router: RouterDriverSource, compiledQuery: CompiledQuery): RouteTarget {
  const kind = compiledQuery.query.kind;
  if (kind === 'RawNode') return compiledQuery.sql.trimStart().startsWith(REPLICA_HINT) ? 'replica' : 'primary';
  if (kind !== 'SelectQueryNode') return 'primary';
  return router.classify(compiledQuery.sql).kind === 'read' ? 'replica' : 'primary';
}

class RouterDriver extends SavepointDriver<RouterConnection> implements Driver {
  readonly #router: RouterDriverSource;

  constructor(router: RouterDriverSource) {
    super();
    this.#router = router;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RouterConnection(this.#router);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const own = this.own(connection);
    // Standbys refuse serializable transactions: those run on the primary even when read-only.
    const onReplica = settings.accessMode === 'read only' && settings.isolationLevel !== 'serializable';
    await own.begin(onReplica ? 'replica' : 'primary', beginStatement(settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.own(connection).commit();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.own(connection).release();
  }

  async destroy(): Promise<void> {
    await this.#router.end();
  }

  protected override own(connection: DatabaseConnection): RouterConnection {
    if (!(connection instanceof RouterConnection)) throw new TypeError('The router driver was handed a connection it did not create.');
    return connection;
  }
}

/** A connection that holds a real one only inside a transaction or while streaming. */
class RouterConnection implements DatabaseConnection {
  readonly #router: RouterDriverSource;
  #routed: RoutedConnection | undefined;
  #pgopt: PgoptConnection | undefined;
  #canceller: AbortController | undefined;
  #wrote = false;

  constructor(router: RouterDriverSource) {
    this.#router = router;
  }

  /** `options.signal` is Kysely 0.29's: present when the caller may abort, so cancelQuery may follow. */
  async executeQuery<R>(compiledQuery: CompiledQuery, options?: { readonly signal?: AbortSignal | undefined }): Promise<QueryResult<R>> {
    if (this.#pgopt !== undefined) {
      if (!this.#wrote && this.#router.classify(compiledQuery.sql).kind === 'write') this.#wrote = true;
      return this.#pgopt.executeQuery<R>(compiledQuery);
    }
    const target = routeCompiledQuery(this.#router, compiledQuery);
    if (options?.signal === undefined) {
      return toKyselyResult<R>(await this.#router.query(compiledQuery.sql, [...compiledQuery.parameters], { target }));
    }
    // The router holds the connection only while the query runs; cancelQuery reaches it through this signal.
    const canceller = new AbortController();
    this.#canceller = canceller;
    try {
      const result = await this.#router.query(compiledQuery.sql, [...compiledQuery.parameters], { target, signal: canceller.signal });
      return toKyselyResult<R>(result);
    } finally {
      if (this.#canceller === canceller) this.#canceller = undefined;
    }
  }

  /**
   * Kysely 0.29's `'cancel query'` strategy: a cancel request to the node running the statement (the
   * replica for a routed read, the primary otherwise, the transaction's node inside one).
   */
  async cancelQuery(): Promise<void> {
    if (this.#pgopt !== undefined) {
      await this.#pgopt.cancelQuery();
      return;
    }
    this.#canceller?.abort(new Error('query cancelled through Kysely'));
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.#pgopt !== undefined) {
      yield* this.#pgopt.streamQuery<R>(compiledQuery, chunkSize);
      return;
    }
    const routed = await this.#router.connect({ target: routeCompiledQuery(this.#router, compiledQuery) });
    const connection = new PgoptConnection(dialectClient(routed), routed.client);
    try {
      yield* connection.streamQuery<R>(compiledQuery, chunkSize);
      if (this.#router.classify(compiledQuery.sql).kind === 'write') await routed.recordWrite();
    } finally {
      releasePgoptConnection(connection);
    }
  }

  async begin(target: RouteTarget, sql: string): Promise<void> {
    this.#routed = await this.#router.connect({ target });
    this.#pgopt = new PgoptConnection(dialectClient(this.#routed), this.#routed.client);
    this.#wrote = false;
    await this.#pgopt.control(sql);
  }

  async commit(): Promise<void> {
    await this.control('commit');
    if (this.#wrote) await this.#routed?.recordWrite();
  }

  async control(sql: string): Promise<void> {
    if (this.#pgopt === undefined) throw new TypeError(`'${sql}' outside a transaction the driver began.`);
    await this.#pgopt.control(sql);
  }

  release(): void {
    const pgopt = this.#pgopt;
    this.#routed = undefined;
    this.#pgopt = undefined;
    // Same rules as the pool driver: a failed BEGIN/COMMIT/ROLLBACK or an open transaction destroys the connection.
    if (pgopt !== undefined) releasePgoptConnection(pgopt);
  }
}

/** The routed connection as the dialect's connection class expects a client; release goes through the router. */
function dialectClient(routed: RoutedConnection): DialectClient {
  const client = routed.client;
  return {
    query: client.query.bind(client) as pg.PoolClient['query'],
    getTransactionStatus: () => client.getTransactionStatus(),
    release: (error?: Error | boolean) => routed.release(error instanceof Error ? error : error === true ? new Error('released as broken') : undefined),
  };
}

function toKyselyResult<R>(result: pg.QueryResult): QueryResult<R> {
  const rows = (result.rows ?? []) as R[];
  if (countedCommands.has(result.command) && result.rowCount !== null) {
    const count = BigInt(result.rowCount);
    return { numAffectedRows: count, numChangedRows: count, rows };
  }
  return { rows };
}
