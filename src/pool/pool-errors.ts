/**
 * What the pool throws and warns about. Every thrown error is a
 * `ConnectionError`, so the CLI prints it as one line.
 */
import { ConnectionError } from '../errors.js';

/** Why an acquire timed out: it waited behind busy connections, or the pool could not open one. */
export type AcquireTimeoutReason = 'queued' | 'connect';

/**
 * `connect()`/`query()` waited `acquireTimeoutMillis` without getting a connection.
 *
 * @example
 * try { await pool.query('select 1') } catch (e) { if (e instanceof AcquireTimeoutError && e.reason === 'connect') alertDbDown(e.cause) }
 */
export class AcquireTimeoutError extends ConnectionError {
  // `name` stays 'ConnectionError' (the base class fixes it); `code` tells the kinds apart.
  readonly code = 'PGOPT_ACQUIRE_TIMEOUT';
  readonly reason: AcquireTimeoutReason;
  readonly waitedMillis: number;
  constructor(message: string, options: { reason: AcquireTimeoutReason; waitedMillis: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = options.reason;
    this.waitedMillis = options.waitedMillis;
  }
}

/** `maxWaitingClients` callers were already waiting: the request is shed at once. */
export class PoolOverloadedError extends ConnectionError {
  readonly code = 'PGOPT_POOL_OVERLOADED';
}

/** The pool is ending or has ended. */
export class PoolClosedError extends ConnectionError {
  readonly code = 'PGOPT_POOL_CLOSED';
}

/** What a warning is about. */
export type PoolWarningCode = 'PGOPT_POOL_LEAK' | 'PGOPT_POOL_NESTED_ACQUIRE';

/**
 * Emitted on the pool's `warning` event (or `process.emitWarning` when nobody listens):
 * a connection held too long, or an acquire nested inside a held connection's context.
 *
 * @example
 * pool.on('warning', (w) => logger.warn({ code: w.code, acquiredAt: w.acquirerStack }, w.message))
 */
export class PoolWarning extends Error {
  override readonly name = 'PoolWarning';
  readonly code: PoolWarningCode;
  /** Where the connection in question was acquired. */
  readonly acquirerStack: string;
  /** For a nested acquire: where the second acquire was made. */
  readonly nestedStack: string | undefined;
  constructor(code: PoolWarningCode, message: string, acquirerStack: string, nestedStack?: string) {
    super(message);
    this.code = code;
    this.acquirerStack = acquirerStack;
    this.nestedStack = nestedStack;
  }
}
