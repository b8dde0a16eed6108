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

/** Told once when its node goes down (see {@link RouterNode.watch}). */
export interface DownListener {
  nodeDown(reason: Error): void;
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
  // Plain objects rather than AbortSignal listeners: the read hot path adds and removes one per query.
  readonly #downListeners = new Set<DownListener>();

  constructor(name: string, role: NodeRole, weight: number, pool: NodePool) {
    this.name = name;
    this.role = role;
    this.weight = weight;
    this.pool = pool;
  }

  /** Calls `listener` once if the node goes down; returns the unsubscribe function. */
  watchDown(listener: (reason: Error) => void): () => void {
    const entry: DownListener = { nodeDown: listener };
    this.#downListeners.add(entry);
    return () => this.#downListeners.delete(entry);
  }

  /** Tells `listener` (once) if the node goes down, until {@link unwatch}: no closure per watch. */
  watch(listener: DownListener): void {
    this.#downListeners.add(listener);
  }

  unwatch(listener: DownListener): void {
    this.#downListeners.delete(listener);
  }

  /** Rejects every caller waiting for a connection to this node and abandons the reads running on it. */
  cancelWaits(reason: string): void {
    const error = new ConnectionError(`${this.role} ${this.name} is down: ${reason}`);
    const listeners = [...this.#downListeners];
    this.#downListeners.clear();
    for (const listener of listeners) listener.nodeDown(error);
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

