/**
 * The read-replica router: classifies each statement (cached per text), sends
 * reads to a healthy, caught-up replica picked by the balancer and everything
 * else to the primary, over one pool per node.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { UsageError } from '../errors.js';
import { StatementClassifier } from '../sql/classify-cache.js';
import type { Classification } from '../sql/classify-statement.js';
import { createBalancer } from './balancer.js';
import type { Balancer } from './balancer.js';
import { isConnectionLevelError, isNodeFailure, isRecoveryConflict } from './connection-errors.js';
import { HealthProber } from './health-prober.js';
import { canPipeline, guardAcquire, runOnNode, toError, writeAndReadPosition } from './node-query.js';
import { readOnReplica } from './replica-read.js';
import type { ReplicaReadHost } from './replica-read.js';
import { maxLsn, parseLsn } from './lsn.js';
import type { Lsn } from './lsn.js';
import type { NodePool, NodePoolFactory, NodePoolOptions } from './node-pool.js';
import { createDefaultNodePool } from './default-node-pool.js';
import { resolveRouterOptions } from './router-options.js';
import type { ResolvedRouterOptions, RouterOptions } from './router-options.js';
import { RouterNode } from './router-node.js';
import type { NodeStats } from './router-node.js';
import { RouterSession } from './router-session.js';
import type { SessionHost, SessionState } from './router-session.js';
import type {
  IsolationLevel,
  QueryRouteOptions,
  RouteTarget,
  RoutedConnection,
  RouterStats,
  RouterTransaction,
  TransactionOptions,
} from './router-types.js';

const ISOLATION_LEVELS: readonly IsolationLevel[] = ['read committed', 'repeatable read', 'serializable'];
const WAL_POSITION_SQL = 'select pg_current_wal_lsn()::text as lsn';

/**
 * Creates a router over a primary and its streaming replicas. Events:
 * `node-down` (stats, reason), `node-up` (stats), `failover` (stats, message) when a node's role
 * no longer matches its configuration.
 *
 * @example
 * const router = createRouter({
 *   primary: { connectionString: 'postgres://app@db-primary/app' },
 *   replicas: [{ connectionString: 'postgres://app@db-replica-1/app', name: 'r1' }],
 * })
 * const { rows } = await router.query('select * from users where id = $1', [42]) // a replica
 * await router.query('update users set seen_at = now() where id = $1', [42])   // the primary
 * await router.end()
 */
export function createRouter(options: RouterOptions): Router {
  return new Router(options);
}

/** The router `createRouter` returns; see `createRouter` and docs/router.md. */
export class Router extends EventEmitter {
  readonly #options: ResolvedRouterOptions;
  readonly #primary: RouterNode;
  readonly #replicas: readonly RouterNode[];
  readonly #classifier: StatementClassifier;
  readonly #balancer: Balancer;
  readonly #prober: HealthProber;
  readonly #context = new AsyncLocalStorage<RouterSession>();
  readonly #states = new WeakMap<RouterSession, SessionState>();
  readonly #host: SessionHost;
  readonly #usable: RouterNode[] = [];
  readonly #readHost: ReplicaReadHost;
  #ended = false;

  constructor(options: RouterOptions) {
    super();
    this.#options = resolveRouterOptions(options);
    const factory: NodePoolFactory = options.createPool ?? createDefaultNodePool;
    const configs = new Map<RouterNode, pg.ClientConfig>();
    const { name: primaryName, ...primaryPool } = options.primary;
    this.#primary = new RouterNode(primaryName ?? 'primary', 'primary', this.#options.primaryReadWeight, factory(primaryPool));
    configs.set(this.#primary, primaryPool);
    this.#replicas = (options.replicas ?? []).map((replica, index) => {
      const { name, weight, ...pool } = replica;
      const node = new RouterNode(name ?? `replica-${index}`, 'replica', weight ?? 1, factory(pool as NodePoolOptions));
      // Unknown until the first probe: reads go to the primary until then.
      node.healthy = false;
      node.lastError = 'not probed yet';
      configs.set(node, pool);
      return node;
    });
    this.#classifier = new StatementClassifier({
      readOnlyFunctions: options.readOnlyFunctions ?? [],
      writeFunctions: options.writeFunctions ?? [],
      maxCacheEntries: this.#options.classificationCacheSize,
    });
    this.#balancer = createBalancer(this.#options.balance);
    this.#prober = new HealthProber(
      this.#primary,
      this.#replicas,
      configs,
      {
        intervalMillis: this.#options.healthCheckIntervalMillis,
        timeoutMillis: this.#options.healthCheckTimeoutMillis,
        maxBackoffMillis: this.#options.healthCheckMaxBackoffMillis,
        minEarlyProbeGapMillis: Math.min(50, this.#options.healthCheckIntervalMillis),
      },
      {
        nodeDown: (node, reason) => this.emit('node-down', node.stats(), reason),
        nodeUp: (node) => this.emit('node-up', node.stats()),
        roleMismatch: (node, message) => this.emit('failover', node.stats(), message),
      },
    );
    this.#readHost = {
      readEnded: (node, error) => this.#readEnded(node, error),
      retryRead: (failedOn, requiredLsn, text, values) => this.#run(this.#pickReader(requiredLsn, failedOn), text, values, undefined),
    };
    this.#host = {
      query: (state, text, values, routeOptions) => this.#query(state, text, values, routeOptions),
      transaction: (state, fn, transactionOptions) => this.#transaction(state, fn, transactionOptions),
    };
    // Even without replicas: a primary turned read-only by a failover is still worth noticing.
    this.#prober.start();
  }

  /**
   * Runs one query where it belongs: reads on a usable replica, everything else on the primary.
   * Same arguments and result as `pg.Pool#query`, plus an optional route override. Inside
   * `runInSession` it uses that session.
   *
   * @example
   * await router.query('select count(*) from orders')                           // a replica
   * await router.query('select app.stats()', [], { target: 'replica' })          // a replica, despite the unknown function
   * await router.query('select * from orders', [], { target: 'primary' })        // the primary
   */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string | pg.QueryConfig,
    values?: readonly unknown[],
    options?: QueryRouteOptions,
  ): Promise<pg.QueryResult<R>> {
    const session = this.#context.getStore();
    return this.#query<R>(session === undefined ? undefined : this.#states.get(session), text, values, options);
  }

  /**
   * Runs `fn` in one transaction on one node: the primary, or a usable replica when `readOnly`.
   * Commits when `fn` resolves, rolls back when it throws (and rethrows).
   *
   * @example
   * await router.transaction(async (tx) => {
   *   await tx.query('update accounts set balance = balance - 10 where id = $1', [1])
   *   await tx.query('update accounts set balance = balance + 10 where id = $1', [2])
   * })
   * const report = await router.transaction((tx) => tx.query('select ...'), { readOnly: true, isolationLevel: 'repeatable read' })
   */
  transaction<T>(fn: (tx: RouterTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const session = this.#context.getStore();
    return this.#transaction(session === undefined ? undefined : this.#states.get(session), fn, options);
  }

  /**
   * A read-your-writes scope. Pass a `token` saved from another session (another request, another
   * process) to see at least what that session wrote.
   *
   * @example
   * const session = router.session(req.headers['x-pg-token'])
   * await session.query('insert into comments (body) values ($1)', [body])
   * res.setHeader('x-pg-token', session.token)
   */
  session(token?: string): RouterSession {
    const state: SessionState = { lsn: token === undefined || token === '' ? undefined : parseLsn(token) };
    const session = new RouterSession(this.#host, state);
    this.#states.set(session, state);
    return session;
  }

  /**
   * Runs `fn` with `session` as the ambient session: `router.query` and `router.transaction` called
   * anywhere inside (however deep, across awaits) use it.
   *
   * @example
   * app.use((req, res, next) => router.runInSession(router.session(req.cookies.pgToken), next))
   */
  runInSession<T>(session: RouterSession, fn: () => T): T {
    if (!this.#states.has(session)) throw new UsageError('runInSession needs a session made by this router (router.session()).');
    return this.#context.run(session, fn);
  }

  /**
   * How the router classifies `sql` (cached): 'read' may run on a replica, 'write' runs on the primary.
   *
   * @example
   * router.classify('select * from jobs for update').reason // 'row-lock'
   */
  classify(sql: string): Classification {
    return this.#classifier.classify(sql);
  }

  /**
   * Lends a connection for code that drives transactions itself (the Kysely driver): 'replica' picks a
   * usable, caught-up replica as a read would (else the primary), 'primary' the primary. Uses the
   * ambient session (`runInSession`) for read-your-writes.
   *
   * @example
   * const conn = await router.connect({ target: 'primary' })
   * try { await conn.client.query('insert ...'); await conn.recordWrite() } finally { conn.release() }
   */
  async connect(options: { readonly target: RouteTarget }): Promise<RoutedConnection> {
    this.#assertOpen();
    const session = this.#context.getStore();
    const state = session === undefined ? undefined : this.#states.get(session);
    const { node, client } = await this.#connectForTransaction(state?.lsn, options.target === 'replica');
    node.inFlight++;
    let released = false;
    const onPrimary = node === this.#primary;
    return {
      node: node.name,
      onPrimary,
      client,
      recordWrite: async () => {
        if (state === undefined || !onPrimary) return;
        const text = (await client.query<{ lsn: string }>(WAL_POSITION_SQL)).rows[0]?.lsn;
        this.#advance(state, text === undefined ? PINNED_TO_PRIMARY : parseLsn(text));
      },
      release: (error?: Error) => {
        if (released) return;
        released = true;
        node.inFlight--;
        node.served++;
        if (error !== undefined) {
          node.errors++;
          if (isNodeFailure(error)) this.#prober.reportFailure(node, error);
        }
        client.release(error);
      },
    };
  }

  /** Health, lag and traffic of every node, primary first. */
  stats(): RouterStats {
    return {
      nodes: [this.#primary, ...this.#replicas].map((node): NodeStats => node.stats()),
      classification: this.#classifier.stats(),
    };
  }

  /** Probes every node now and resolves when done: after it, `stats()` is fresh and healthy replicas take reads. */
  checkHealth(): Promise<void> {
    return this.#prober.probe();
  }

  /** Stops probing and ends every node's pool. */
  async end(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await this.#prober.stop();
    await Promise.all([this.#primary, ...this.#replicas].map((node) => node.pool.end()));
  }

  // #query, #read and #run return promises without being async: a read is the hot path, and each
  // async layer would add a promise and a microtask hop to every query.
  #query<R extends pg.QueryResultRow>(
    state: SessionState | undefined,
    text: string | pg.QueryConfig,
    values: readonly unknown[] | undefined,
    options: QueryRouteOptions | undefined,
  ): Promise<pg.QueryResult<R>> {
    try {
      this.#assertOpen();
      const sql = typeof text === 'string' ? text : text.text;
      const target = options?.target;
      if (target !== undefined && target !== 'primary' && target !== 'replica') {
        throw new UsageError(`target must be 'primary' or 'replica', not '${String(target)}'.`);
      }
      const signal = options?.signal;
      signal?.throwIfAborted();
      const write = this.#classifier.classify(sql).kind === 'write';
      if (target === 'primary' || (write && target !== 'replica')) {
        if (write && state !== undefined) return this.#writeInSession<R>(state, text, values);
        return this.#run<R>(this.#primary, text, values, signal);
      }
      return this.#read<R>(state?.lsn, text, values, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #read<R extends pg.QueryResultRow>(
    requiredLsn: Lsn | undefined,
    text: string | pg.QueryConfig,
    values: readonly unknown[] | undefined,
    signal: AbortSignal | undefined,
  ): Promise<pg.QueryResult<R>> {
    const node = this.#pickReader(requiredLsn, undefined);
    if (node !== this.#primary && signal === undefined) return readOnReplica<R>(this.#readHost, node, requiredLsn, text, values);
    const reading = this.#run<R>(node, text, values, signal);
    if (node === this.#primary) return reading;
    return reading.catch((error: unknown) => {
      if (signal?.aborted === true) throw error;
      if (!(isConnectionLevelError(error) || isRecoveryConflict(error))) throw error;
      // Nothing reached the caller yet, and a read has no effect: one more try on another node is safe.
      return this.#run<R>(this.#pickReader(requiredLsn, node), text, values, signal);
    });
  }

  /** A usable replica for a read that must see `requiredLsn`, or the primary when none is. */
  #pickReader(requiredLsn: Lsn | undefined, exclude: RouterNode | undefined): RouterNode {
    const { maxLagBytes, maxLagMillis } = this.#options;
    // Reused between calls (picking is synchronous): no array per read.
    const usable = this.#usable;
    usable.length = 0;
    for (const node of this.#replicas) {
      if (
        node !== exclude &&
        node.healthy &&
        node.lagBytes <= maxLagBytes &&
        node.lagMillis <= maxLagMillis &&
        (requiredLsn === undefined || (node.walLsn !== undefined && node.walLsn >= requiredLsn))
      ) {
        usable.push(node);
      }
    }
    if (usable.length > 0) {
      if (this.#options.primaryReadWeight > 0 && exclude !== this.#primary) usable.push(this.#primary);
      const picked = usable.length === 1 ? (usable[0] as RouterNode) : this.#balancer.pick(usable);
      usable.length = 0;
      return picked;
    }
    // A session waiting for replicas to catch up: look again soon rather than a full interval later.
    if (requiredLsn !== undefined && this.#replicas.some((node) => node.healthy)) this.#prober.probeSoon();
    return this.#primary;
  }

  #run<R extends pg.QueryResultRow>(
    node: RouterNode,
    text: string | pg.QueryConfig,
    values: readonly unknown[] | undefined,
    signal: AbortSignal | undefined,
  ): Promise<pg.QueryResult<R>> {
    node.inFlight++;
    let running: Promise<pg.QueryResult<R>>;
    try {
      const onPrimary = node === this.#primary;
      running =
        onPrimary && signal === undefined ? node.pool.query<R>(text, values) : runOnNode<R>(node, onPrimary, text, values, signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    return running.then(
      (result) => {
        this.#readEnded(node, undefined);
        return result;
      },
      (error: unknown) => {
        this.#readEnded(node, error);
        throw error;
      },
    );
  }

  /** Counters when a statement on `node` ends, and a node failure reported to the prober. */
  #readEnded(node: RouterNode, error: unknown): void {
    node.inFlight--;
    node.served++;
    if (error === undefined) return;
    node.errors++;
    if (isNodeFailure(error)) this.#prober.reportFailure(node, error);
  }

  /**
   * A write in a session: on one connection, the write and then the WAL position it must be read at.
   * With node-postgres' pipeline mode both go out together: the write commits at its own Sync and the
   * position is read right after it, in the same round trip.
   */
  async #writeInSession<R extends pg.QueryResultRow>(
    state: SessionState,
    text: string | pg.QueryConfig,
    values: readonly unknown[] | undefined,
  ): Promise<pg.QueryResult<R>> {
    const node = this.#primary;
    node.inFlight++;
    let client: pg.PoolClient | undefined;
    let broken: Error | undefined;
    try {
      client = await node.pool.connect({ trackNesting: false });
      if (canPipeline(client, text)) {
        const { result, lsn } = await writeAndReadPosition<R>(client, text, values, WAL_POSITION_SQL);
        this.#advance(state, lsn === undefined ? PINNED_TO_PRIMARY : parseLsn(lsn));
        return result;
      }
      const result = await client.query<R>(text, values as unknown[] | undefined);
      await this.#recordPosition(state, client, node.pool).catch((error: unknown) => {
        broken = toError(error);
      });
      return result;
    } catch (error) {
      node.errors++;
      if (isConnectionLevelError(error)) broken = toError(error);
      if (isNodeFailure(error)) this.#prober.reportFailure(node, error);
      throw error;
    } finally {
      client?.release(broken);
      node.inFlight--;
      node.served++;
    }
  }

  /**
   * Records the primary's position after a committed write. If it cannot be read, the session is pinned
   * to the primary (position "infinity") rather than risk a stale read; the write itself succeeded.
   */
  async #recordPosition(state: SessionState, client: pg.PoolClient, pool: NodePool): Promise<void> {
    let text: string | undefined;
    try {
      text = (await client.query<{ lsn: string }>(WAL_POSITION_SQL)).rows[0]?.lsn;
    } catch (error) {
      text = await pool
        .query<{ lsn: string }>(WAL_POSITION_SQL)
        .then((result) => result.rows[0]?.lsn)
        .catch(() => undefined);
      this.#advance(state, text === undefined ? PINNED_TO_PRIMARY : parseLsn(text));
      throw error;
    }
    this.#advance(state, text === undefined ? PINNED_TO_PRIMARY : parseLsn(text));
  }

  #advance(state: SessionState, lsn: Lsn): void {
    state.lsn = state.lsn === undefined ? lsn : maxLsn(state.lsn, lsn);
  }

  async #transaction<T>(
    state: SessionState | undefined,
    fn: (tx: RouterTransaction) => Promise<T>,
    options: TransactionOptions | undefined,
  ): Promise<T> {
    this.#assertOpen();
    const readOnly = options?.readOnly === true;
    const isolation = options?.isolationLevel;
    if (isolation !== undefined && !ISOLATION_LEVELS.includes(isolation)) {
      throw new UsageError(`isolationLevel must be one of ${ISOLATION_LEVELS.join(', ')}, not '${String(isolation)}'.`);
    }
    // Standbys refuse serializable transactions, so those run on the primary even when read-only.
    const onReplica = readOnly && isolation !== 'serializable';
    const begin = `begin${isolation === undefined ? '' : ` isolation level ${isolation}`}${readOnly ? ' read only' : ''}`;
    const { node, client } = await this.#connectForTransaction(onReplica ? state?.lsn : undefined, onReplica);
    node.inFlight++;
    let broken: Error | undefined;
    let rolledBack = false;
    try {
      await client.query(begin);
      let wrote = false;
      const tx: RouterTransaction = {
        node: node.name,
        query: <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string | pg.QueryConfig, values?: readonly unknown[]) => {
          if (!readOnly && !wrote) wrote = this.#classifier.classify(typeof text === 'string' ? text : text.text).kind === 'write';
          return client.query<R>(text, values as unknown[] | undefined);
        },
      };
      let result: T;
      try {
        result = await fn(tx);
      } catch (error) {
        await client.query('rollback').then(
          () => {
            rolledBack = true;
          },
          (rollbackError: unknown) => {
            broken = toError(rollbackError);
          },
        );
        throw error;
      }
      if (state !== undefined && wrote && node === this.#primary) {
        // One round trip: the position is read after COMMIT, in the same simple-protocol message.
        const results = (await client.query(`commit; ${WAL_POSITION_SQL}`)) as unknown as readonly pg.QueryResult<{ lsn: string }>[];
        const text = results[results.length - 1]?.rows[0]?.lsn;
        this.#advance(state, text === undefined ? PINNED_TO_PRIMARY : parseLsn(text));
      } else {
        await client.query('commit');
      }
      return result;
    } catch (error) {
      node.errors++;
      // A connection whose transaction state is unknown (failed BEGIN, COMMIT or ROLLBACK) must not be reused.
      if (!rolledBack) broken ??= toError(error);
      if (isNodeFailure(error)) this.#prober.reportFailure(node, error);
      throw error;
    } finally {
      client.release(broken);
      node.inFlight--;
      node.served++;
    }
  }

  /** A connection for a transaction; a replica that cannot connect is reported and another node tried once. */
  async #connectForTransaction(
    requiredLsn: Lsn | undefined,
    onReplica: boolean,
  ): Promise<{ node: RouterNode; client: pg.PoolClient }> {
    const node = onReplica ? this.#pickReader(requiredLsn, undefined) : this.#primary;
    try {
      const acquiring = node.pool.connect();
      return { node, client: node === this.#primary ? await acquiring : await guardAcquire(acquiring, node, undefined) };
    } catch (error) {
      if (node === this.#primary || !isConnectionLevelError(error)) throw error;
      node.errors++;
      if (isNodeFailure(error)) this.#prober.reportFailure(node, error);
      const next = this.#pickReader(requiredLsn, node);
      return { node: next, client: await next.pool.connect() };
    }
  }

  #assertOpen(): void {
    if (this.#ended) throw new UsageError('The router has ended; create a new one.');
  }
}


/** A position no replica reaches: the session reads from the primary. */
const PINNED_TO_PRIMARY: Lsn = 0xffffffffffffffffn;
