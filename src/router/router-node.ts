/**
 * One database node as the router sees it: its pool, what the prober last
 * learned about it (health, replay position, lag) and its traffic counters.
 */
import { ConnectionError } from '../errors.js';
import { formatLsn } from './lsn.js';
import type { Lsn } from './lsn.js';
import type { NodePool } from './node-pool.js';
import type { PoolStats } from '../pool/index.js';

export type NodeRole = 'primary' | 'replica';

/**
 * Told once when its node goes down (see {@link RouterNode.watch}). The links make the node's watch
 * list intrusive: the read hot path adds and removes one watch per query, and a linked list does that
 * without the hashing and table upkeep a Set costs per entry (measured: several microseconds a read
 * under 32 concurrent callers).
 */
export abstract class DownWatch {
  prevWatch: DownWatch | undefined = undefined;
  nextWatch: DownWatch | undefined = undefined;
  watching = false;
  abstract nodeDown(reason: Error): void;
}

class CallbackWatch extends DownWatch {
  readonly #listener: (reason: Error) => void;

  constructor(listener: (reason: Error) => void) {
    super();
    this.#listener = listener;
  }

  nodeDown(reason: Error): void {
    this.#listener(reason);
  }
}

/** A node's state in `router.stats()`. */
export interface NodeStats {
  readonly name: string;
  readonly role: NodeRole;
  /** Usable: its last probe succeeded and no connection failed since. */
  readonly healthy: boolean;
  /** Bytes of WAL the node has not replayed yet (0 for the primary). */
  readonly lagBytes: number;
  /** How long ago the primary passed the node's replay position (0 for the primary). */
  readonly lagMillis: number;
  /** Queries and transactions running on the node now. */
  readonly inFlight: number;
  /** Queries and transactions the node completed or failed. */
  readonly served: number;
  /** Of those, how many failed (any error). */
  readonly errors: number;
  /** Last replayed position of a replica, or current position of the primary, as PostgreSQL prints it. */
  readonly walPosition: string | undefined;
  /** The node says `transaction_read_only` is on: a primary that did this was demoted by a failover. */
  readonly readOnly: boolean;
  /** Why the node is unhealthy, if it is. */
  readonly lastError: string | undefined;
  /** The node's pool counters (pgopt's pool), if its pool reports them. */
  readonly pool: PoolStats | undefined;
}

export class RouterNode {
  readonly name: string;
  readonly role: NodeRole;
  readonly weight: number;
  readonly pool: NodePool;

  healthy = true;
  /** Replay position (replica) or current position (primary) from the last probe. */
  walLsn: Lsn | undefined;
  lagBytes = 0;
  lagMillis = 0;
  readOnly = false;
  /** A replica that left recovery (promoted): it no longer follows the primary. */
  promoted = false;
  lastError: string | undefined;
  inFlight = 0;
  served = 0;
  errors = 0;
  /** Consecutive failed probes or connections, for the backoff. */
  failures = 0;
  /** When the next probe may run (backoff after failures). */
  nextProbeAtMillis = 0;
  // A linked list of watches rather than AbortSignal listeners or a Set: see DownWatch.
  #firstWatch: DownWatch | undefined;

  constructor(name: string, role: NodeRole, weight: number, pool: NodePool) {
    this.name = name;
    this.role = role;
    this.weight = weight;
    this.pool = pool;
  }

  /** Calls `listener` once if the node goes down; returns the unsubscribe function. */
  watchDown(listener: (reason: Error) => void): () => void {
    const watch = new CallbackWatch(listener);
    this.watch(watch);
    return () => this.unwatch(watch);
  }

  /** Tells `watch` (once) if the node goes down, until {@link unwatch}. A watch is on one node at a time. */
  watch(watch: DownWatch): void {
    if (watch.watching) return;
    watch.watching = true;
    watch.prevWatch = undefined;
    watch.nextWatch = this.#firstWatch;
    if (this.#firstWatch !== undefined) this.#firstWatch.prevWatch = watch;
    this.#firstWatch = watch;
  }

  unwatch(watch: DownWatch): void {
    if (!watch.watching) return;
    watch.watching = false;
    if (watch.prevWatch === undefined) this.#firstWatch = watch.nextWatch;
    else watch.prevWatch.nextWatch = watch.nextWatch;
    if (watch.nextWatch !== undefined) watch.nextWatch.prevWatch = watch.prevWatch;
    watch.prevWatch = undefined;
    watch.nextWatch = undefined;
  }

  /** Rejects every caller waiting for a connection to this node and abandons the reads running on it. */
  cancelWaits(reason: string): void {
    const error = new ConnectionError(`${this.role} ${this.name} is down: ${reason}`);
    const watches: DownWatch[] = [];
    for (let watch = this.#firstWatch; watch !== undefined; watch = watch.nextWatch) watches.push(watch);
    for (const watch of watches) this.unwatch(watch);
    for (const watch of watches) watch.nodeDown(error);
  }

  stats(): NodeStats {
    return {
      name: this.name,
      role: this.role,
      healthy: this.healthy,
      lagBytes: this.lagBytes,
      lagMillis: this.lagMillis,
      inFlight: this.inFlight,
      served: this.served,
      errors: this.errors,
      walPosition: this.walLsn === undefined ? undefined : formatLsn(this.walLsn),
      readOnly: this.readOnly,
      lastError: this.lastError,
      pool: this.pool.stats?.(),
    };
  }
}

