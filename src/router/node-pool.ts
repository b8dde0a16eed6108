/**
 * The seam between the router and the pools it runs queries on: one pool per
 * node. pgopt's `createPool` satisfies it, and so does a plain `pg.Pool`, so a
 * test or an application can inject either.
 */
import type pg from 'pg';
import type { PoolStats } from '../pool/index.js';
import type { PoolOptions } from '../pool/pool-options.js';

/** A pool of connections to one node: the part of `pg.Pool` the router uses. */
export interface NodePool {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string | pg.QueryConfig,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<R>>;
  /**
   * A dedicated connection; `release(error)` with an error destroys it instead of reusing it.
   * Aborting `signal` rejects a caller still waiting for one (with `signal.reason`). `trackNesting: false`
   * tells pgopt's pool the connection is not held by the caller's code (no nested-acquire report).
   */
  connect(options?: { readonly signal?: AbortSignal; readonly trackNesting?: boolean }): Promise<pg.PoolClient>;
  end(): Promise<void>;
  /** pgopt's pool counters, shown in `router.stats()` when the pool has them. */
  stats?(): PoolStats;
}

/** Connection and pool options of one node, as `createPool` takes them. */
export type NodePoolOptions = PoolOptions;

/** Builds the pool of one node. */
export type NodePoolFactory = (options: NodePoolOptions) => NodePool;
