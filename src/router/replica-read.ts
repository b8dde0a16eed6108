/**
 * A replica read without a caller's signal: the router's hot path. One object
 * and one promise per read do what runOnNode's chain of promises does, plus
 * the router's bookkeeping and the one retry elsewhere, so the router costs
 * little more than the pool it routes to.
 */
import pg from 'pg';
import { ConnectionError } from '../errors.js';
import { isConnectionLevelError, isRecoveryConflict } from './connection-errors.js';
import type { Lsn } from './lsn.js';
import { toError } from './node-query.js';
import { DownWatch } from './router-node.js';
import type { RouterNode } from './router-node.js';

// eslint-disable-next-line @typescript-eslint/unbound-method -- compared, never called unbound
const clientQuery = pg.Client.prototype.query;

/** What a read needs from the router around it. */
export interface ReplicaReadHost {
  /** The read on `node` ended, failed with `error` if defined: counters and failure reports. */
  readEnded(node: RouterNode, error: unknown): void;
  /** The one more try, on another node, after a failure on `failedOn` that a read may retry. */
  retryRead<R extends pg.QueryResultRow>(
    failedOn: RouterNode,
    requiredLsn: Lsn | undefined,
    text: string | pg.QueryConfig,
    values: readonly unknown[] | undefined,
  ): Promise<pg.QueryResult<R>>;
}

/**
 * Runs a read on replica `node`. The read, waiting for a connection or running, is abandoned the
 * moment the node is marked down (its connection destroyed), so a read stuck on a black-holed
 * replica moves to another node; that and a connection-level error or a recovery conflict are
 * retried once elsewhere (nothing reached the caller yet, and a read has no effect).
 */
export function readOnReplica<R extends pg.QueryResultRow>(
  host: ReplicaReadHost,
  node: RouterNode,
  requiredLsn: Lsn | undefined,
  text: string | pg.QueryConfig,
  values: readonly unknown[] | undefined,
): Promise<pg.QueryResult<R>> {
  return new Promise<pg.QueryResult<R>>((resolve, reject) => {
    new ReplicaRead<R>(host, node, requiredLsn, text, values, resolve, reject).start();
  });
}

class ReplicaRead<R extends pg.QueryResultRow> extends DownWatch {
  readonly #host: ReplicaReadHost;
  readonly #node: RouterNode;
  readonly #requiredLsn: Lsn | undefined;
  readonly #text: string | pg.QueryConfig;
  readonly #values: readonly unknown[] | undefined;
  readonly #resolve: (result: pg.QueryResult<R> | Promise<pg.QueryResult<R>>) => void;
  readonly #reject: (error: unknown) => void;
  #client: pg.PoolClient | undefined;
  #settled = false;

  constructor(
    host: ReplicaReadHost,
    node: RouterNode,
    requiredLsn: Lsn | undefined,
    text: string | pg.QueryConfig,
    values: readonly unknown[] | undefined,
    resolve: (result: pg.QueryResult<R> | Promise<pg.QueryResult<R>>) => void,
    reject: (error: unknown) => void,
  ) {
    super();
    this.#host = host;
    this.#node = node;
    this.#requiredLsn = requiredLsn;
    this.#text = text;
    this.#values = values;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  start(): void {
    const node = this.#node;
    node.inFlight++;
    if (!node.healthy) {
      this.#fail(new ConnectionError(`replica ${node.name} is down: ${node.lastError ?? 'unknown'}`), undefined);
      return;
    }
    node.watch(this);
    // Held for one statement, like pool.query: not a hold the caller could nest in.
    let acquiring: Promise<pg.PoolClient>;
    try {
      acquiring = node.pool.connect({ trackNesting: false });
    } catch (error) {
      acquiring = Promise.reject(error);
    }
    acquiring.then(
      (client) => this.#run(client),
      (error: unknown) => this.#fail(error, undefined),
    );
  }

  override nodeDown(reason: Error): void {
    // A connection held now is destroyed with the reason: its query may never answer.
    this.#fail(reason, reason);
  }

  #run(client: pg.PoolClient): void {
    if (this.#settled) {
      // Abandoned while waiting: the connection was never used and goes straight back.
      client.release();
      return;
    }
    this.#client = client;
    try {
      if (client.query === clientQuery) {
        // pg's own query in its callback form: one promise fewer per read.
        client.query(this.#text as string, this.#values as unknown[], (error: Error | null, result: pg.QueryResult<R>) => {
          if (error) this.#failed(error);
          else this.#succeeded(result);
        });
        return;
      }
      // A pool injected through createPool may wrap its clients (instrumentation, tests) with a
      // promise-only query.
      client.query<R>(this.#text, this.#values as unknown[] | undefined).then(
        (result) => this.#succeeded(result),
        (error: unknown) => this.#failed(error),
      );
    } catch (error) {
      // pg throws at once on a query it cannot send (no text): the read fails, the connection is fine.
      this.#failed(error);
    }
  }

  #succeeded(result: pg.QueryResult<R>): void {
    if (this.#settled) return;
    this.#end(undefined, undefined);
    this.#resolve(result);
  }

  #failed(error: unknown): void {
    // After nodeDown the connection is gone and this error is the expected echo of that.
    this.#fail(error, isConnectionLevelError(error) ? toError(error) : undefined);
  }

  #fail(error: unknown, releaseWith: Error | undefined): void {
    if (this.#settled) return;
    this.#end(error, releaseWith);
    if (isConnectionLevelError(error) || isRecoveryConflict(error)) {
      this.#resolve(this.#host.retryRead<R>(this.#node, this.#requiredLsn, this.#text, this.#values));
    } else {
      this.#reject(error);
    }
  }

  #end(error: unknown, releaseWith: Error | undefined): void {
    this.#settled = true;
    this.#node.unwatch(this);
    this.#client?.release(releaseWith);
    this.#client = undefined;
    this.#host.readEnded(this.#node, error);
  }
}
