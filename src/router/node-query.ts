/**
 * Running one statement on one node's connection, beyond what `pool.query`
 * does: leaving a replica the moment it is marked down, cancelling on the
 * caller's signal, and pipelining a write with the read of the WAL position.
 */
import type pg from 'pg';
import { sendCancelRequest } from './cancel-query.js';
import { ConnectionError } from '../errors.js';
import { isConnectionLevelError } from './connection-errors.js';
import type { RouterNode } from './router-node.js';

/**
 * Like `pool.query`, plus two ways out. On a replica, the query is abandoned (and its connection
 * destroyed) the moment the node is marked down, so a read stuck on a black-holed replica moves to
 * another node. With a caller's `signal`, aborting sends a cancel request to the node running it.
 */
export async function runOnNode<R extends pg.QueryResultRow>(
  node: RouterNode,
  isPrimary: boolean,
  text: string | pg.QueryConfig,
  values: readonly unknown[] | undefined,
  signal: AbortSignal | undefined,
): Promise<pg.QueryResult<R>> {
  const watched = isPrimary ? undefined : node;
  // The router holds this connection for one statement, like pool.query: not a hold the caller could nest in.
  // Waiting is guarded here rather than with connect({ signal }), which keeps pgopt's pool on its fast path.
  const acquiring = node.pool.connect({ trackNesting: false });
  const client = watched === undefined && signal === undefined ? await acquiring : await guardAcquire(acquiring, watched, signal);
  return new Promise<pg.QueryResult<R>>((resolve, reject) => {
    let settled = false;
    let unwatch: (() => void) | undefined;
    const settle = (release: Error | undefined): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onCancel);
      unwatch?.();
      client.release(release);
      return true;
    };
    const onCancel = (): void => {
      // The query then fails with 57014 and the connection stays usable.
      sendCancelRequest(client).catch(() => {});
    };
    const onDown = (reason: Error): void => {
      if (settle(reason)) reject(reason);
    };
    signal?.addEventListener('abort', onCancel, { once: true });
    if (watched !== undefined) {
      if (!watched.healthy) {
        onDown(new ConnectionError(`replica ${watched.name} is down: ${watched.lastError ?? 'unknown'}`));
        return;
      }
      unwatch = watched.watchDown(onDown);
    }
    client.query<R>(text, values as unknown[] | undefined).then(
      (result) => {
        if (settle(undefined)) resolve(result);
      },
      (error: unknown) => {
        // After onDown the connection is gone and this rejection is the expected echo of that.
        if (settle(isConnectionLevelError(error) ? toError(error) : undefined)) reject(error);
      },
    );
  });
}

/**
 * Settles with `acquiring`, or rejects as soon as `node` goes down or `signal` aborts; a connection
 * granted after that goes straight back to its pool.
 */
export function guardAcquire(
  acquiring: Promise<pg.PoolClient>,
  node: RouterNode | undefined,
  signal: AbortSignal | undefined,
): Promise<pg.PoolClient> {
  if (signal?.aborted === true) {
    acquiring.then((client) => client.release(), () => {});
    return Promise.reject(toError(signal.reason));
  }
  return new Promise<pg.PoolClient>((resolve, reject) => {
    let abandoned = false;
    const giveUp = (reason: Error): void => {
      if (abandoned) return;
      abandoned = true;
      reject(reason);
    };
    const onAbort = (): void => giveUp(toError(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    const unwatch = node?.watchDown(giveUp);
    const done = (): void => {
      signal?.removeEventListener('abort', onAbort);
      unwatch?.();
    };
    acquiring.then(
      (client) => {
        done();
        if (abandoned) client.release();
        else resolve(client);
      },
      (error: unknown) => {
        done();
        if (!abandoned) reject(error);
        abandoned = true;
      },
    );
  });
}

/** node-postgres 8.2x clients have a pipeline mode; a query holding a portal open (`rows`) cannot use it. */
export function canPipeline(client: pg.PoolClient, text: string | pg.QueryConfig): boolean {
  if (typeof (client as unknown as { pipeline?: unknown }).pipeline !== 'boolean') return false;
  return typeof text === 'string' || (text as { rows?: unknown }).rows === undefined;
}

/**
 * Sends a write and `positionSql` together in pipeline mode: the write commits at its own Sync and
 * the position is read after it, in one round trip. `lsn` is undefined if the read failed.
 */
export async function writeAndReadPosition<R extends pg.QueryResultRow>(
  client: pg.PoolClient,
  text: string | pg.QueryConfig,
  values: readonly unknown[] | undefined,
  positionSql: string,
): Promise<{ readonly result: pg.QueryResult<R>; readonly lsn: string | undefined }> {
  const pipelined = client as unknown as { pipeline: boolean };
  pipelined.pipeline = true;
  try {
    const writing = client.query<R>(text, values as unknown[] | undefined);
    const position = client.query<{ lsn: string }>(positionSql);
    const [written, read] = await Promise.allSettled([writing, position]);
    if (written.status === 'rejected') throw written.reason;
    return { result: written.value, lsn: read.status === 'fulfilled' ? read.value.rows[0]?.lsn : undefined };
  } finally {
    // Every query sent in pipeline mode has completed: the client is idle and can leave the mode.
    pipelined.pipeline = false;
  }
}

export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
