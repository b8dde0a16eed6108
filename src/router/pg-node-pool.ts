/**
 * A `NodePool` over `pg.Pool`, mapping the option names pgopt's pool uses to
 * `pg.Pool`'s. The router uses it until pgopt's own pool is wired in.
 */
import pg from 'pg';
import type { NodePool, NodePoolOptions } from './node-pool.js';

/**
 * @example
 * const pool = createPgNodePool({ connectionString: 'postgres://localhost/app', max: 5 })
 */
export function createPgNodePool(options: NodePoolOptions): NodePool {
  const { max, idleTimeoutMillis, acquireTimeoutMillis, applicationName, statementTimeoutMillis, ...rest } = options;
  const config: pg.PoolConfig = { ...(rest as pg.ClientConfig) };
  if (max !== undefined) config.max = max;
  if (idleTimeoutMillis !== undefined) config.idleTimeoutMillis = idleTimeoutMillis;
  config.connectionTimeoutMillis ??= acquireTimeoutMillis ?? 10_000;
  if (applicationName !== undefined) config.application_name = applicationName;
  if (statementTimeoutMillis !== undefined) config.statement_timeout = statementTimeoutMillis;
  const pool = new pg.Pool(config);
  // An idle client's error must not crash the process; the pool already discards that client.
  pool.on('error', () => {});
  return pool as unknown as NodePool;
}
