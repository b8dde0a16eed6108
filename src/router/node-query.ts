/**
 * Running one statement on one node's connection, beyond what `pool.query`
 * does: leaving a replica the moment it is marked down, cancelling on the
 * caller's signal, and pipelining a write with the read of the WAL position.
 */
import type pg from 'pg';
import { sendCancelRequest } from './cancel-query.js';
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
  const down = isPrimary ? undefined : node.waitSignal;
  const waitSignal = down === undefined ? signal : signal === undefined ? down : AbortSignal.any([down, signal]);
  // The router holds this connection for one statement, like pool.query: not a hold the caller could nest in.
  const client = await node.pool.connect({ signal: waitSignal, trackNesting: false });
  return new Promise<pg.QueryResult<R>>((resolve, reject) => {
    let settled = false;
    const settle = (release: Error | undefined): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onCancel);
      down?.removeEventListener('abort', onDown);
      client.release(release);
      return true;
    };
    const onCancel = (): void => {
      // The query then fails with 57014 and the connection stays usable.
      sendCancelRequest(client).catch(() => {});
    };
    const onDown = (): void => {
      const reason = toError(down?.reason);
      if (settle(reason)) reject(reason);
    };
    signal?.addEventListener('abort', onCancel, { once: true });
    down?.addEventListener('abort', onDown, { once: true });
    if (down?.aborted === true) {
      onDown();
      return;
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
