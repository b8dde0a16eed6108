/**
 * The read-replica router: `createRouter` and its types.
 */
export { createRouter, Router } from './router.js';
export { RouterSession } from './router-session.js';
export { routerDefaults } from './router-options.js';
export type { PrimaryOptions, ReplicaOptions, RouterOptions } from './router-options.js';
export type {
  IsolationLevel,
  QueryRouteOptions,
  RouteTarget,
  RoutedConnection,
  RouterStats,
  RouterTransaction,
  TransactionOptions,
} from './router-types.js';
export type { NodeRole, NodeStats } from './router-node.js';
export type { NodePool, NodePoolFactory, NodePoolOptions } from './node-pool.js';
export type { BalanceStrategy } from './balancer.js';
export { formatLsn, parseLsn } from './lsn.js';
export type { Lsn } from './lsn.js';
export { isConnectionLevelError } from './connection-errors.js';
