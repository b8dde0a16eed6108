/**
 * The background prober: every `intervalMillis` it asks the primary for its WAL
 * position and each replica for its replay position, derives each replica's lag
 * in bytes and time, and marks nodes healthy or not. A node that fails is
 * probed again after an exponential backoff with jitter, and put back in use by
 * its first successful probe. Probes run on one dedicated connection per node,
 * so a full pool neither delays nor hides a dead node.
 */
import pg from 'pg';
import { LagHistory } from './lag-history.js';
import { lsnBytesBehind, parseLsn } from './lsn.js';
import type { RouterNode } from './router-node.js';

export interface HealthProberOptions {
  readonly intervalMillis: number;
  /** A probe slower than this counts as failed. */
  readonly timeoutMillis: number;
  /** Upper bound of the delay between probes of a failing node. */
  readonly maxBackoffMillis: number;
  /** Shortest gap between two probe rounds asked for early (read-your-writes catching up). */
  readonly minEarlyProbeGapMillis: number;
  readonly now?: () => number;
}

/** What the prober tells its owner; the router turns these into events. */
export interface HealthListener {
  nodeDown(node: RouterNode, reason: string): void;
  nodeUp(node: RouterNode): void;
  /** A node's role no longer matches its configuration (a failover happened). */
  roleMismatch(node: RouterNode, message: string): void;
}

interface ProbeRow {
  readonly in_recovery: boolean;
  readonly lsn: string | null;
  readonly read_only: string;
}

// One round trip that works on both roles: pg_current_wal_lsn() fails during recovery, so it is only
// evaluated (CASE is lazy for volatile functions) when the node is not in recovery.
const PROBE_SQL = `select pg_is_in_recovery() as in_recovery,
  (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end)::text as lsn,
  current_setting('transaction_read_only') as read_only`;

export class HealthProber {
  readonly #primary: RouterNode;
  readonly #replicas: readonly RouterNode[];
  readonly #configs: ReadonlyMap<RouterNode, pg.ClientConfig>;
  readonly #options: HealthProberOptions;
  readonly #listener: HealthListener;
  readonly #now: () => number;
  readonly #history = new LagHistory();
  readonly #clients = new Map<RouterNode, pg.Client>();
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;
  #lastRoundStartMillis = Number.NEGATIVE_INFINITY;
  #stopped = false;

  constructor(
    primary: RouterNode,
    replicas: readonly RouterNode[],
    configs: ReadonlyMap<RouterNode, pg.ClientConfig>,
    options: HealthProberOptions,
    listener: HealthListener,
  ) {
    this.#primary = primary;
    this.#replicas = replicas;
    this.#configs = configs;
    this.#options = options;
    this.#listener = listener;
    this.#now = options.now ?? Date.now;
  }

  /** Probes at once, then every interval. */
  start(): void {
    void this.probe().finally(() => this.#schedule());
  }

  /** Runs a probe round now, or joins the one in flight. Never rejects: failures mark nodes. */
  probe(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#round ??= this.#runRound().finally(() => {
      this.#round = undefined;
    });
    return this.#round;
  }

  /** Asks for a round soon, at most once per `minEarlyProbeGapMillis`; for reads waiting on a replica to catch up. */
  probeSoon(): void {
    if (this.#round !== undefined) return;
    if (this.#now() - this.#lastRoundStartMillis < this.#options.minEarlyProbeGapMillis) return;
    void this.probe();
  }

  /**
   * A query on `node` failed at the connection level: stop using it until a probe succeeds. Only the
   * first report of a down period counts; the reads that were in flight when it went down failing one
   * after another must not push its backoff to the cap.
   */
  reportFailure(node: RouterNode, error: unknown): void {
    if (!node.healthy) return;
    this.#markDown(node, error instanceof Error ? error.message : String(error));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#round;
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.probe().finally(() => this.#schedule());
    }, this.#options.intervalMillis);
    // The prober alone must not keep a process alive.
    this.#timer.unref();
  }

  async #runRound(): Promise<void> {
    this.#lastRoundStartMillis = this.#now();
    // The primary first: the replicas' lag is measured against the position it reports.
    await this.#probeNode(this.#primary);
    await Promise.all(this.#replicas.map((replica) => this.#probeNode(replica)));
  }

  async #probeNode(node: RouterNode): Promise<void> {
    if (this.#now() < node.nextProbeAtMillis) return;
    let row: ProbeRow;
    try {
      row = await this.#query(node);
    } catch (error) {
      await this.#dropClient(node);
      this.#markDown(node, error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.#stopped) return;
    const now = this.#now();
    const readOnly = row.read_only === 'on';
    if (node.role === 'primary') {
      if (row.lsn !== null && !row.in_recovery) {
        node.walLsn = parseLsn(row.lsn);
        this.#history.record(now, node.walLsn);
      }
      if (readOnly && !node.readOnly) {
        this.#listener.roleMismatch(node, `primary ${node.name} is read-only${row.in_recovery ? ' (in recovery)' : ''}: a failover may have demoted it`);
      }
      node.readOnly = readOnly;
      this.#markUp(node);
      return;
    }
    node.readOnly = readOnly;
    if (!row.in_recovery) {
      if (!node.promoted) this.#listener.roleMismatch(node, `replica ${node.name} is no longer in recovery: it was promoted and stopped following the primary`);
      node.promoted = true;
      this.#markDown(node, 'promoted: no longer a replica of the primary');
      return;
    }
    node.promoted = false;
    if (row.lsn === null) {
      this.#markDown(node, 'in recovery but has replayed nothing yet');
      return;
    }
    node.walLsn = parseLsn(row.lsn);
    const latest = this.#history.latest;
    node.lagBytes = latest === undefined ? 0 : lsnBytesBehind(latest, node.walLsn);
    node.lagMillis = this.#history.lagMillis(node.walLsn, now);
    this.#markUp(node);
  }

  async #query(node: RouterNode): Promise<ProbeRow> {
    let client = this.#clients.get(node);
    if (client === undefined) {
      const config = this.#configs.get(node) ?? {};
      client = new pg.Client({
        ...config,
        connectionTimeoutMillis: this.#options.timeoutMillis,
        query_timeout: this.#options.timeoutMillis,
        application_name: 'pgopt-router-probe',
      });
      // An error on an idle probe connection surfaces in the next probe; it must not crash the process.
      client.on('error', () => {});
      this.#clients.set(node, client);
      await client.connect();
    }
    const result = await client.query<ProbeRow>(PROBE_SQL);
    const row = result.rows[0];
    if (row === undefined) throw new Error('the probe returned no row');
    return row;
  }

  async #dropClient(node: RouterNode): Promise<void> {
    const client = this.#clients.get(node);
    this.#clients.delete(node);
    await client?.end().catch(() => {});
  }

  #markDown(node: RouterNode, reason: string): void {
    node.failures++;
    const base = Math.min(this.#options.maxBackoffMillis, this.#options.intervalMillis * 2 ** (node.failures - 1));
    // Jitter keeps many routers from probing a recovering node in lockstep.
    node.nextProbeAtMillis = this.#now() + base * (0.75 + Math.random() * 0.5) - this.#options.intervalMillis;
    node.lastError = reason;
    if (node.healthy) {
      node.healthy = false;
      node.cancelWaits(reason);
      this.#listener.nodeDown(node, reason);
    }
  }

  #markUp(node: RouterNode): void {
    node.failures = 0;
    node.nextProbeAtMillis = 0;
    node.lastError = undefined;
    if (!node.healthy) {
      node.healthy = true;
      this.#listener.nodeUp(node);
    }
  }
}
