/**
 * Options of `createRouter`, their defaults (in one place) and their checks.
 */
import { UsageError } from '../errors.js';
import type { BalanceStrategy } from './balancer.js';
import type { NodePoolFactory, NodePoolOptions } from './node-pool.js';

/** The primary: connection and pool options (any `createPool` option), plus a display name. */
export interface PrimaryOptions extends NodePoolOptions {
  /** Name in `stats()` and events. Default 'primary'. */
  readonly name?: string;
}

/** A replica: connection and pool options, a display name and a share of the reads. */
export interface ReplicaOptions extends NodePoolOptions {
  /** Name in `stats()` and events. Default `replica-<index>` (from 0). */
  readonly name?: string;
  /** Relative share of reads. Default 1. */
  readonly weight?: number;
}

/**
 * @example
 * const router = createRouter({
 *   primary: { connectionString: process.env.DATABASE_URL, max: 10 },
 *   replicas: [{ connectionString: process.env.REPLICA_URL, name: 'replica-a', max: 10 }],
 *   maxLagMillis: 5_000,
 * })
 */
export interface RouterOptions {
  readonly primary: PrimaryOptions;
  /** Streaming replicas of the primary. May be empty: every query then goes to the primary. */
  readonly replicas?: readonly ReplicaOptions[];
  /** A replica further behind than this (time since the primary passed its replay position) gets no reads. Default 5_000. */
  readonly maxLagMillis?: number;
  /** A replica further behind than this many bytes of WAL gets no reads. Default: no byte limit. */
  readonly maxLagBytes?: number;
  /** How often each node is probed for health and lag. Default 1_000. */
  readonly healthCheckIntervalMillis?: number;
  /** A probe (connect + query) slower than this fails. Default 2_000. */
  readonly healthCheckTimeoutMillis?: number;
  /** Upper bound of the probe backoff for a failing node. Default 30_000. */
  readonly healthCheckMaxBackoffMillis?: number;
  /**
   * The primary's share of reads next to usable replicas, as a weight like a replica's (pgpool-II's
   * backend weight). Default 0: reads go to the primary only when no replica is usable.
   */
  readonly primaryReadWeight?: number;
  /** How reads pick among usable replicas. Default 'least-busy' (least outstanding queries, by weight). */
  readonly balance?: BalanceStrategy;
  /** Functions known not to write (`name` or `schema.name`): a select calling one may go to a replica. */
  readonly readOnlyFunctions?: readonly string[];
  /** Functions that always send a statement to the primary. */
  readonly writeFunctions?: readonly string[];
  /** Distinct SQL texts whose classification is cached. Default 2048. */
  readonly classificationCacheSize?: number;
  /** Builds each node's pool. Default: pgopt's pool. */
  readonly createPool?: NodePoolFactory;
}

export const routerDefaults = {
  maxLagMillis: 5_000,
  maxLagBytes: Number.POSITIVE_INFINITY,
  healthCheckIntervalMillis: 1_000,
  healthCheckTimeoutMillis: 2_000,
  healthCheckMaxBackoffMillis: 30_000,
  balance: 'least-busy',
  classificationCacheSize: 2048,
  primaryReadWeight: 0,
} as const;

export interface ResolvedRouterOptions {
  readonly maxLagMillis: number;
  readonly maxLagBytes: number;
  readonly healthCheckIntervalMillis: number;
  readonly healthCheckTimeoutMillis: number;
  readonly healthCheckMaxBackoffMillis: number;
  readonly balance: BalanceStrategy;
  readonly classificationCacheSize: number;
  readonly primaryReadWeight: number;
}

const strategies: readonly BalanceStrategy[] = ['least-busy', 'round-robin', 'random'];

/** Applies defaults and rejects impossible values with a one-sentence UsageError. */
export function resolveRouterOptions(options: RouterOptions): ResolvedRouterOptions {
  if (options === null || typeof options !== 'object' || typeof options.primary !== 'object' || options.primary === null) {
    throw new UsageError('createRouter needs a primary: createRouter({ primary: { connectionString } }).');
  }
  const balance = options.balance ?? routerDefaults.balance;
  if (!strategies.includes(balance)) {
    throw new UsageError(`balance must be one of ${strategies.join(', ')}, not '${String(balance)}'.`);
  }
  const names = new Set<string>();
  for (const [index, replica] of (options.replicas ?? []).entries()) {
    const weight = replica.weight ?? 1;
    if (!(weight > 0) || !Number.isFinite(weight)) throw new UsageError(`replica ${index} weight must be a positive number, not ${weight}.`);
    const name = replica.name ?? `replica-${index}`;
    if (names.has(name) || name === (options.primary.name ?? 'primary')) throw new UsageError(`node name '${name}' is used twice.`);
    names.add(name);
  }
  return {
    maxLagMillis: positive(options.maxLagMillis, 'maxLagMillis', routerDefaults.maxLagMillis, 0),
    maxLagBytes: positive(options.maxLagBytes, 'maxLagBytes', routerDefaults.maxLagBytes, 0),
    healthCheckIntervalMillis: positive(options.healthCheckIntervalMillis, 'healthCheckIntervalMillis', routerDefaults.healthCheckIntervalMillis, 1),
    healthCheckTimeoutMillis: positive(options.healthCheckTimeoutMillis, 'healthCheckTimeoutMillis', routerDefaults.healthCheckTimeoutMillis, 1),
    healthCheckMaxBackoffMillis: positive(
      options.healthCheckMaxBackoffMillis,
      'healthCheckMaxBackoffMillis',
      routerDefaults.healthCheckMaxBackoffMillis,
      1,
    ),
    balance,
    classificationCacheSize: positive(options.classificationCacheSize, 'classificationCacheSize', routerDefaults.classificationCacheSize, 0),
    primaryReadWeight: positive(options.primaryReadWeight, 'primaryReadWeight', routerDefaults.primaryReadWeight, 0),
  };
}

function positive(value: number | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < min) {
    throw new UsageError(`${name} must be a number >= ${min}, not ${String(value)}.`);
  }
  return value;
}
