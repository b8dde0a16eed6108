/**
 * Small types shared by the router, its sessions and its transactions.
 */
import type pg from 'pg';
import type { NodeStats } from './router-node.js';
import type { ClassifierStats } from '../sql/classify-cache.js';

/** Where a query should run, overriding classification. */
export type RouteTarget = 'primary' | 'replica';

export interface QueryRouteOptions {
  /**
   * 'primary' runs the query on the primary whatever it is. 'replica' runs it on a usable replica even if
   * classification says write (you know the function is read-only), still honouring health, lag and the
   * session's read-your-writes position; with no usable replica it runs on the primary.
   */
  readonly target?: RouteTarget;
  /**
   * Aborting cancels the query: while it waits for a connection it stops waiting; once it runs, a cancel
   * request goes to the node running it and the query fails with SQLSTATE 57014. A cancelled read is not retried.
   */
  readonly signal?: AbortSignal;
}

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** Run as `READ ONLY`, on a usable replica when there is one. Default false (primary). */
  readonly readOnly?: boolean;
  /** Default: the server's (normally read committed). Serializable always runs on the primary: standbys refuse it. */
  readonly isolationLevel?: IsolationLevel;
}

/** The connection a transaction runs on, from BEGIN to COMMIT or ROLLBACK. */
export interface RouterTransaction {
  /** The node running this transaction. */
  readonly node: string;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string | pg.QueryConfig,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<R>>;
}

export interface RouterStats {
  readonly nodes: readonly NodeStats[];
  readonly classification: ClassifierStats;
}

/** A connection lent by `router.connect()`, for drivers that manage transactions themselves. */
export interface RoutedConnection {
  /** The node the connection is on. */
  readonly node: string;
  /** True when that node is the primary. */
  readonly onPrimary: boolean;
  readonly client: pg.PoolClient;
  /**
   * Call after a write committed on this connection (outside a transaction block): the session that was
   * ambient at `connect()` then reads only from replicas that replayed it. A no-op without a session or on a replica.
   */
  recordWrite(): Promise<void>;
  /** Gives the connection back; with an error it is destroyed instead of reused. */
  release(error?: Error): void;
}
