/**
 * pgopt's connection pool: `createPool` and its types.
 *
 * @example
 * import { createPool } from 'pgopt';
 * const pool = createPool({ connectionString: process.env.DATABASE_URL });
 */
export { createPool, Pool } from './pool.js';
export type { ConnectOptions, PoolClient, PoolEvents, PoolStats, QueryCallback } from './pool.js';
export type { PoolOptions, ResolvedPoolOptions } from './pool-options.js';
export { poolDefaults } from './pool-options.js';
export { AcquireTimeoutError, PoolClosedError, PoolOverloadedError, PoolWarning } from './pool-errors.js';
export type { AcquireTimeoutReason, PoolWarningCode } from './pool-errors.js';
export type { WaitPercentiles } from './wait-histogram.js';
export { computePoolSize, measurePoolSizeInputs, recommendPoolSize } from './pool-size.js';
export type { MeasureOptions, PoolSizeInputs, PoolSizeRecommendation } from './pool-size.js';
