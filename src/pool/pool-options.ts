/**
 * Options of `createPool`, their defaults (in one place) and their checks.
 */
import type pg from 'pg';
import { UsageError } from '../errors.js';

/**
 * Options of {@link createPool}: any `pg.ClientConfig` field plus the pool's own.
 *
 * @example
 * const pool = createPool({ connectionString: process.env.DATABASE_URL, max: 10, acquireTimeoutMillis: 5_000 });
 */
export interface PoolOptions extends pg.ClientConfig {
  /** Most connections open at once. Default 10. */
  readonly max?: number;
  /** Connections created eagerly and kept open (not idled out). Default 0. */
  readonly min?: number;
  /** How long `connect()`/`query()` wait for a connection before failing. Default 10_000. */
  readonly acquireTimeoutMillis?: number;
  /** Callers allowed to wait; beyond it `connect()` fails at once (load shedding). Default: unbounded. */
  readonly maxWaitingClients?: number;
  /** Idle connections above `min` are closed after this long. Default 60_000; 0 disables. */
  readonly idleTimeoutMillis?: number;
  /** Connections are retired after this age, minus up to 2.5% random jitter per connection. Default 1_800_000; 0 disables. */
  readonly maxLifetimeMillis?: number;
  /** Idle connections are pinged this often to stay below NAT/cloud idle cut-offs. Default 120_000; 0 disables. */
  readonly keepaliveMillis?: number;
  /** A connection idle longer than this is pinged before being handed out. Default 5_000; 0 validates every borrow. */
  readonly validateAfterIdleMillis?: number;
  /** How long a validation or keepalive ping may take before the connection counts as dead. Default 5_000. */
  readonly validationTimeoutMillis?: number;
  /** When > 0, a connection held longer than this raises a `warning` with the acquirer's stack. Default 0. */
  readonly leakDetectionMillis?: number;
  /** Sets `statement_timeout` for every session (no extra round trip: sent at startup). */
  readonly statementTimeoutMillis?: number;
  /** Sets `idle_in_transaction_session_timeout` for every session. */
  readonly idleInTransactionTimeoutMillis?: number;
  /** Sets `application_name` for every session. */
  readonly applicationName?: string;
  /** Connection attempts in flight at once; the others wait. Default 2. */
  readonly maxConcurrentCreates?: number;
  /** First delay after a failed connection attempt; doubles per failure, with jitter. Default 100. */
  readonly createBackoffInitialMillis?: number;
  /** Upper bound of that delay (and so of the time to notice a server that came back). Default 2_000. */
  readonly createBackoffMaxMillis?: number;
  /** How long `end()` waits for borrowed connections before closing them anyway. Default 30_000. */
  readonly endTimeoutMillis?: number;
  /**
   * Report an acquire made while the same async context already holds a connection of this pool
   * (a likely deadlock). Default: true unless `NODE_ENV` is `production`.
   */
  readonly detectNestedAcquire?: boolean;
  /** Session setup run once per new connection, before its first use. A throw fails that connection. */
  readonly onConnect?: (client: pg.Client) => Promise<void> | void;
}

/** Every option with its default applied. */
export interface ResolvedPoolOptions {
  readonly max: number;
  readonly min: number;
  readonly acquireTimeoutMillis: number;
  readonly maxWaitingClients: number;
  readonly idleTimeoutMillis: number;
  readonly maxLifetimeMillis: number;
  readonly keepaliveMillis: number;
  readonly validateAfterIdleMillis: number;
  readonly validationTimeoutMillis: number;
  readonly leakDetectionMillis: number;
  readonly maxConcurrentCreates: number;
  readonly createBackoffInitialMillis: number;
  readonly createBackoffMaxMillis: number;
  readonly endTimeoutMillis: number;
  readonly detectNestedAcquire: boolean;
  readonly onConnect: ((client: pg.Client) => Promise<void> | void) | undefined;
  /** What each new `pg.Client` is built from. */
  readonly clientConfig: pg.ClientConfig;
}

export const poolDefaults = {
  max: 10,
  min: 0,
  acquireTimeoutMillis: 10_000,
  maxWaitingClients: Number.POSITIVE_INFINITY,
  idleTimeoutMillis: 60_000,
  maxLifetimeMillis: 30 * 60_000,
  keepaliveMillis: 120_000,
  validateAfterIdleMillis: 5_000,
  validationTimeoutMillis: 5_000,
  leakDetectionMillis: 0,
  maxConcurrentCreates: 2,
  createBackoffInitialMillis: 100,
  createBackoffMaxMillis: 2_000,
  endTimeoutMillis: 30_000,
} as const;

const poolOnlyKeys = new Set<string>([
  'max',
  'min',
  'acquireTimeoutMillis',
  'maxWaitingClients',
  'idleTimeoutMillis',
  'maxLifetimeMillis',
  'keepaliveMillis',
  'validateAfterIdleMillis',
  'validationTimeoutMillis',
  'leakDetectionMillis',
  'statementTimeoutMillis',
  'idleInTransactionTimeoutMillis',
  'applicationName',
  'maxConcurrentCreates',
  'createBackoffInitialMillis',
  'createBackoffMaxMillis',
  'endTimeoutMillis',
  'detectNestedAcquire',
  'onConnect',
]);

/** Applies defaults and rejects impossible values with a one-sentence UsageError. */
export function resolvePoolOptions(options: PoolOptions): ResolvedPoolOptions {
  const max = integer(options, 'max', poolDefaults.max, 1);
  const min = integer(options, 'min', poolDefaults.min, 0);
  if (min > max) throw new UsageError(`min (${min}) must not exceed max (${max}).`);
  const acquireTimeoutMillis = integer(options, 'acquireTimeoutMillis', poolDefaults.acquireTimeoutMillis, 1);
  const maxWaitingClients =
    options.maxWaitingClients === undefined
      ? poolDefaults.maxWaitingClients
      : integer(options, 'maxWaitingClients', 0, 0);

  const clientConfig: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!poolOnlyKeys.has(key) && value !== undefined) clientConfig[key] = value;
  }
  const config = clientConfig as pg.ClientConfig;
  if (options.statementTimeoutMillis !== undefined) config.statement_timeout = integer(options, 'statementTimeoutMillis', 0, 0);
  if (options.idleInTransactionTimeoutMillis !== undefined) {
    config.idle_in_transaction_session_timeout = integer(options, 'idleInTransactionTimeoutMillis', 0, 0);
  }
  if (options.applicationName !== undefined) config.application_name = options.applicationName;
  // A connection attempt to a host that never answers must not outlive the caller waiting for it.
  config.connectionTimeoutMillis ??= acquireTimeoutMillis;
  const keepaliveMillis = integer(options, 'keepaliveMillis', poolDefaults.keepaliveMillis, 0);
  config.keepAlive ??= true;

  return {
    max,
    min,
    acquireTimeoutMillis,
    maxWaitingClients,
    idleTimeoutMillis: integer(options, 'idleTimeoutMillis', poolDefaults.idleTimeoutMillis, 0),
    maxLifetimeMillis: integer(options, 'maxLifetimeMillis', poolDefaults.maxLifetimeMillis, 0),
    keepaliveMillis,
    validateAfterIdleMillis: integer(options, 'validateAfterIdleMillis', poolDefaults.validateAfterIdleMillis, 0),
    validationTimeoutMillis: integer(options, 'validationTimeoutMillis', poolDefaults.validationTimeoutMillis, 1),
    leakDetectionMillis: integer(options, 'leakDetectionMillis', poolDefaults.leakDetectionMillis, 0),
    maxConcurrentCreates: integer(options, 'maxConcurrentCreates', poolDefaults.maxConcurrentCreates, 1),
    createBackoffInitialMillis: integer(options, 'createBackoffInitialMillis', poolDefaults.createBackoffInitialMillis, 1),
    createBackoffMaxMillis: integer(options, 'createBackoffMaxMillis', poolDefaults.createBackoffMaxMillis, 1),
    endTimeoutMillis: integer(options, 'endTimeoutMillis', poolDefaults.endTimeoutMillis, 0),
    detectNestedAcquire: options.detectNestedAcquire ?? process.env['NODE_ENV'] !== 'production',
    onConnect: options.onConnect,
    clientConfig: config,
  };
}

function integer(options: PoolOptions, key: keyof PoolOptions, fallback: number, least: number): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least) {
    throw new UsageError(`Pool option ${String(key)} must be an integer >= ${least}, got ${String(value)}.`);
  }
  return value;
}
