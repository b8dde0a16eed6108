/**
 * pgopt's connection pool: generic-pool does the bookkeeping (borrowed, idle,
 * waiters, min/max), this module adds what a production pool needs on top:
 * bounded and backed-off connection attempts, validation after idle, keepalive
 * pings, lifetimes with jitter, broken-client eviction, leak and nested-acquire
 * detection, load shedding, AbortSignal, and a draining `end()`.
 */
import { EventEmitter } from 'node:events';
import genericPool from 'generic-pool';
import pg from 'pg';
import { CreateGate } from './create-gate.js';
import { NestedAcquireTracker, type Hold } from './nested-acquire.js';
import { AcquireTimeoutError, PoolClosedError, PoolOverloadedError, PoolWarning } from './pool-errors.js';
import { captureStack, noStack, stackText, type StackSnapshot } from './stack-snapshot.js';
import { resolvePoolOptions, type PoolOptions, type ResolvedPoolOptions } from './pool-options.js';
import { WaitHistogram, type WaitPercentiles } from './wait-histogram.js';

/** A borrowed connection: a `pg.Client` with `release(err?)`; `release(err)` or `release(true)` destroys it. */
export type PoolClient = pg.PoolClient;

/** Counters and gauges of a pool at one instant. */
export interface PoolStats {
  /** Open connections (idle + borrowed). */
  readonly total: number;
  readonly idle: number;
  readonly borrowed: number;
  /** Callers waiting for a connection. */
  readonly pending: number;
  /** Connections opened since the pool was created. */
  readonly created: number;
  /** Connections closed since the pool was created. */
  readonly destroyed: number;
  readonly acquireTimeouts: number;
  /** Failed connection attempts (including failed `onConnect`). */
  readonly createErrors: number;
  readonly leaksDetected: number;
  /** Time callers waited for a connection, over the last 4096 acquisitions. */
  readonly waitMillis: WaitPercentiles;
}

/** Options of one `connect()` call. */
export interface ConnectOptions {
  /** Aborting rejects the wait with `signal.reason`; a connection granted later goes back to the pool. */
  readonly signal?: AbortSignal;
  /**
   * Record the connection as held by the calling async flow, for nested-acquire detection.
   * Default true. Integrations that know better when a connection is really held (the Kysely
   * dialect: only inside a transaction) pass false and call {@link Pool.markHeld}.
   */
  readonly trackNesting?: boolean;
}

/** Events of {@link Pool}; listeners never get the chance to crash the process through the pool. */
export interface PoolEvents {
  /** An idle connection failed (it is evicted). Without a listener the error is only counted. */
  error: [error: Error, client: pg.Client];
  /** A new connection is ready (after `onConnect`). */
  connect: [client: pg.Client];
  /** A connection was handed to a caller. */
  acquire: [client: pg.Client];
  /** A connection came back; `error` is what `release(err)` was given. */
  release: [error: Error | undefined, client: pg.Client];
  /** A connection was closed and left the pool. */
  remove: [client: pg.Client];
  /** A leak or a nested acquire; without a listener it goes to `process.emitWarning`. */
  warning: [warning: PoolWarning];
}

type QueryValues = readonly unknown[] | undefined;

interface ClientState {
  readonly client: pg.Client;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Last time the connection was known to work: returned clean, or answered a ping. */
  lastVerifiedAt: number;
  broken: Error | undefined;
  errorReported: boolean;
  borrowed: boolean;
  ping: Promise<boolean> | undefined;
}

interface Lease {
  readonly state: ClientState;
  readonly stack: StackSnapshot;
  readonly holds: Hold[];
  readonly leakTimer: NodeJS.Timeout | undefined;
  released: boolean;
}

/** What generic-pool's evictor hook receives (not in its published types). */
interface PooledResource {
  readonly obj: pg.Client;
}
type GenericPoolConstructor = new (
  evictor: new () => { evict(config: unknown, resource: PooledResource, available: number): boolean },
  deque: unknown,
  priorityQueue: unknown,
  factory: genericPool.Factory<pg.Client>,
  options: genericPool.Options,
) => genericPool.Pool<pg.Client>;
// generic-pool exports its Pool class and collections but types only createPool; we need the
// constructor to plug in an evictor that also removes broken and expired connections.
const genericPoolParts = genericPool as unknown as {
  readonly Pool: GenericPoolConstructor;
  readonly Deque: unknown;
  readonly PriorityQueue: unknown;
};


/**
 * A hardened PostgreSQL pool; create it with {@link createPool}.
 *
 * @example
 * const pool = createPool({ connectionString: 'postgres://localhost/app', max: 10 });
 * const { rows } = await pool.query('select $1::int as n', [1]);
 * await pool.end();
 */
export class Pool extends EventEmitter {
  readonly options: ResolvedPoolOptions;
  readonly #gp: genericPool.Pool<pg.Client>;
  readonly #states = new Map<pg.Client, ClientState>();
  readonly #leases = new Map<pg.Client, Lease>();
  readonly #gate: CreateGate;
  /** Clients in the middle of connect()/onConnect, so end() can cut a hung attempt short. */
  readonly #connecting = new Set<pg.Client>();
  /** Aborted (and replaced) to wake connection attempts sleeping in backoff, so they re-check demand. */
  #wakeSleepers = new AbortController();
  readonly #waits = new WaitHistogram();
  readonly #nested: NestedAcquireTracker | undefined;
  readonly #housekeeping: NodeJS.Timeout;
  readonly #captureStacks: boolean;
  #ended = false;
  #borrowedCount = 0;
  #pending = 0;
  #allReturned: (() => void) | undefined;
  #endPromise: Promise<void> | undefined;
  #created = 0;
  #destroyed = 0;
  #acquireTimeouts = 0;
  #createErrors = 0;
  #leaksDetected = 0;

  constructor(options: PoolOptions = {}) {
    super();
    this.options = resolvePoolOptions(options);
    const o = this.options;
    this.#gate = new CreateGate({
      maxConcurrent: o.maxConcurrentCreates,
      backoffInitialMillis: o.createBackoffInitialMillis,
      backoffMaxMillis: o.createBackoffMaxMillis,
      backOffAfter: (error) => !sessionKilled(error),
    });
    this.#nested = o.detectNestedAcquire ? new NestedAcquireTracker(this) : undefined;
    this.#captureStacks = o.detectNestedAcquire || o.leakDetectionMillis > 0;
    const tickMillis = housekeepingMillis(o);
    const shouldEvict = (client: pg.Client): boolean => this.#shouldEvict(client);
    class Evictor {
      evict(_config: unknown, resource: PooledResource): boolean {
        return shouldEvict(resource.obj);
      }
    }
    this.#gp = new genericPoolParts.Pool(
      Evictor,
      genericPoolParts.Deque,
      genericPoolParts.PriorityQueue,
      {
        create: () => this.#create(),
        destroy: (client) => this.#destroy(client),
      },
      {
        max: o.max,
        min: o.min,
        // LIFO keeps hot connections hot and lets the cold ones idle out.
        fifo: false,
        // Also bounds how long a request abandoned by an aborted or timed-out caller stays queued.
        acquireTimeoutMillis: o.acquireTimeoutMillis,
        // Without this generic-pool never evicts anything.
        evictionRunIntervalMillis: tickMillis,
        numTestsPerEvictionRun: o.max,
        autostart: true,
      },
    );
    // generic-pool reports create/destroy failures as events; we count them ourselves.
    this.#gp.on('factoryCreateError', () => undefined);
    this.#gp.on('factoryDestroyError', () => undefined);
    this.#housekeeping = setInterval(() => this.#keepalive(), tickMillis);
    this.#housekeeping.unref();
  }

  /**
   * Runs one query on a pooled connection, like `pg.Pool#query` (promise form only).
   *
   * @example
   * const { rows } = await pool.query<{ id: number }>('select id from users where email = $1', [email]);
   */
  query<R extends unknown[] = unknown[]>(config: pg.QueryArrayConfig, values?: QueryValues): Promise<pg.QueryArrayResult<R>>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(textOrConfig: string | pg.QueryConfig, values?: QueryValues): Promise<pg.QueryResult<R>>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    textOrConfig: string | pg.QueryConfig | pg.QueryArrayConfig,
    values?: QueryValues,
  ): Promise<pg.QueryResult<R>> {
    // query() holds its connection only for one statement: its stack is worth capturing only
    // for a leak report or when this call is itself nested.
    const held = this.#nested?.heldByCurrentFlow();
    const stack = held !== undefined || this.options.leakDetectionMillis > 0 ? captureStack(this.query) : noStack;
    if (held !== undefined) this.#reportNested(held, stack);
    return this.#borrow(undefined, stack, undefined).then(
      (client) =>
        // pg's callback form: one promise fewer per query than its promise form.
        new Promise<pg.QueryResult<R>>((resolve, reject) => {
          client.query<R>(textOrConfig as string, values as unknown[], (error: Error | null, result: pg.QueryResult<R>) => {
            // A server-side error (syntax, constraint) leaves the session usable; release() still
            // destroys the connection if it broke or was left inside a transaction.
            client.release();
            if (error) reject(error);
            else resolve(result);
          });
        }),
    );
  }

  /**
   * Borrows a connection; give it back with `client.release()` (or `release(err)` to destroy it).
   *
   * @example
   * const client = await pool.connect({ signal: AbortSignal.timeout(2_000) });
   * try { await client.query('begin'); ...; await client.query('commit') } finally { client.release() }
   */
  connect(options?: ConnectOptions): Promise<PoolClient> {
    const stack = this.#captureStacks ? captureStack(this.connect) : noStack;
    const held = this.#nested?.heldByCurrentFlow();
    if (held !== undefined) this.#reportNested(held, stack);
    // Entered synchronously, in the caller's context, so code after `await connect()` sees it.
    const hold = options?.trackNesting === false ? undefined : this.#nested?.enter(stack);
    return this.#borrow(options?.signal, stack, hold);
  }

  /**
   * Records `client` (borrowed from this pool) as held by the calling async flow until it is
   * released, so an acquire from inside that flow is reported as nested. Call it synchronously
   * where the holding scope begins. A no-op when nested-acquire detection is off.
   *
   * @example
   * const client = await pool.connect({ trackNesting: false });
   * pool.markHeld(client); // from here on, pool.query() in this flow warns
   */
  markHeld(client: PoolClient): void {
    const lease = this.#leases.get(client);
    if (this.#nested === undefined || lease === undefined || lease.released) return;
    const hold = this.#nested.enter(lease.stack);
    hold.granted = true;
    lease.holds.push(hold);
  }

  /** A snapshot of the pool's counters. */
  stats(): PoolStats {
    const total = this.#states.size;
    return {
      total,
      idle: total - this.#borrowedCount,
      borrowed: this.#borrowedCount,
      pending: this.#pending,
      created: this.#created,
      destroyed: this.#destroyed,
      acquireTimeouts: this.#acquireTimeouts,
      createErrors: this.#createErrors,
      leaksDetected: this.#leaksDetected,
      waitMillis: this.#waits.percentiles(),
    };
  }

  /** True once `end()` was called. */
  get ending(): boolean {
    return this.#ended;
  }

  /**
   * Refuses new work, fails callers already waiting with PoolClosedError (as soon as a
   * connection frees up, or at their acquire timeout), waits up to `endTimeoutMillis` for
   * borrowed connections to come back (then closes them anyway), and closes every connection.
   */
  end(): Promise<void> {
    this.#endPromise ??= this.#end();
    return this.#endPromise;
  }

  override on<E extends keyof PoolEvents>(event: E, listener: (...args: PoolEvents[E]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override once<E extends keyof PoolEvents>(event: E, listener: (...args: PoolEvents[E]) => void): this {
    return super.once(event, listener as (...args: unknown[]) => void);
  }

  override off<E extends keyof PoolEvents>(event: E, listener: (...args: PoolEvents[E]) => void): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }

  // ---- borrowing -------------------------------------------------------------------------

  #borrow(signal: AbortSignal | undefined, stack: StackSnapshot, hold: Hold | undefined): Promise<PoolClient> {
    if (this.#ended) return Promise.reject(new PoolClosedError('The pool is ending and accepts no more work.'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const startedAt = performance.now();
    // Fast path: an idle connection exists, so generic-pool hands it over without queueing
    // (with testOnBorrow off, idle connections and queued requests never coexist).
    if (signal === undefined && this.#gp.available > 0) {
      return this.#gp.acquire().then((client) => {
        const state = this.#states.get(client);
        if (state !== undefined && !this.#ended && this.#fresh(state)) {
          this.#waits.record(performance.now() - startedAt);
          return this.#lend(state, stack, hold);
        }
        return this.#borrowSlowly(undefined, stack, hold, startedAt, client);
      });
    }
    const o = this.options;
    if (this.#pending >= o.maxWaitingClients && this.#gp.available === 0 && this.#gp.spareResourceCapacity <= 0) {
      return Promise.reject(
        new PoolOverloadedError(
          `The pool is saturated: all ${o.max} connections are borrowed and ${this.#pending} callers already wait (maxWaitingClients).`,
        ),
      );
    }
    return this.#borrowSlowly(signal, stack, hold, startedAt, undefined);
  }

  /** Waits in the queue, validates, retries with what is left of the deadline. `first` is a client already taken. */
  async #borrowSlowly(
    signal: AbortSignal | undefined,
    stack: StackSnapshot,
    hold: Hold | undefined,
    startedAt: number,
    first: pg.Client | undefined,
  ): Promise<PoolClient> {
    const deadline = startedAt + this.options.acquireTimeoutMillis;
    this.#pending++;
    try {
      for (let attempt = 0; ; attempt++) {
        let client = first;
        first = undefined;
        // The common queued case awaits generic-pool directly (its timer is the deadline);
        // only a signal or a retry needs a race.
        client ??= signal === undefined && attempt === 0 ? await this.#gp.acquire() : await this.#take(signal, deadline, attempt);
        if (this.#ended) {
          // end() settles queued callers by passing each freed connection down the queue.
          this.#handBack(client);
          throw new PoolClosedError('The pool ended while waiting for a connection.');
        }
        const state = this.#states.get(client);
        if (state === undefined || !(this.#fresh(state) || (await this.#usable(state, deadline)))) {
          await this.#gp.destroy(client).catch(() => undefined);
          continue;
        }
        if (signal?.aborted || this.#ended) {
          this.#handBack(client);
          throw signal?.aborted ? signal.reason : new PoolClosedError('The pool ended while waiting for a connection.');
        }
        this.#waits.record(performance.now() - startedAt);
        return this.#lend(state, stack, hold);
      }
    } catch (error) {
      // One fewer caller waiting: attempts sleeping in backoff may no longer be needed.
      this.#wake();
      const fromCaller = signal?.aborted === true && error === signal.reason;
      if (!fromCaller && error instanceof Error && error.name === 'TimeoutError' && !(error instanceof AcquireTimeoutError)) {
        throw this.#ended
          ? new PoolClosedError('The pool ended while waiting for a connection.')
          : this.#timeoutError(performance.now() - startedAt);
      }
      throw error;
    } finally {
      this.#pending--;
    }
  }

  /** One `acquire` from generic-pool raced against the abort signal and (on retries) the deadline. */
  #take(signal: AbortSignal | undefined, deadline: number, attempt: number): Promise<pg.Client> {
    const acquired = this.#gp.acquire();
    return new Promise<pg.Client>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const abandon = (error: unknown): void => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        // The request stays queued in generic-pool (until its own timeout); whatever it
        // gets later goes straight back (see below).
        reject(error);
      };
      const onAbort = (): void => abandon(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      // A retry after a failed validation has less time left than generic-pool's timer would give.
      if (attempt > 0) {
        const remaining = deadline - performance.now();
        const timeout = (): void => abandon(this.#timeoutError(this.options.acquireTimeoutMillis));
        if (remaining <= 0) {
          timeout();
          return;
        }
        timer = setTimeout(timeout, remaining);
      }
      acquired.then(
        (client) => {
          if (settled) {
            this.#handBack(client);
            return;
          }
          settled = true;
          if (timer !== undefined) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(client);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          if (timer !== undefined) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  #wake(): void {
    const sleepers = this.#wakeSleepers;
    this.#wakeSleepers = new AbortController();
    sleepers.abort(new PoolClosedError('woken to re-check demand'));
  }

  /** Returns a client that was taken from generic-pool but never lent. */
  #handBack(client: pg.Client): void {
    if (this.#gp.isBorrowedResource(client)) void this.#gp.release(client);
  }

  /** Fit to hand out without a round trip: healthy, not expired, used recently enough. */
  #fresh(state: ClientState): boolean {
    if (state.ping !== undefined || state.broken !== undefined) return false;
    const now = Date.now();
    return now < state.expiresAt && now - state.lastVerifiedAt < this.options.validateAfterIdleMillis;
  }

  /** Is this connection fit to hand out? Pings it when it sat idle too long. */
  async #usable(state: ClientState, deadline: number): Promise<boolean> {
    if (state.ping !== undefined && !(await state.ping)) return false;
    if (state.broken !== undefined || Date.now() >= state.expiresAt) return false;
    const idleMillis = Date.now() - state.lastVerifiedAt;
    if (idleMillis < this.options.validateAfterIdleMillis) return true;
    const timeoutMillis = Math.max(1, Math.min(this.options.validationTimeoutMillis, deadline - performance.now()));
    return this.#ping(state, timeoutMillis);
  }

  #lend(state: ClientState, stack: StackSnapshot, hold: Hold | undefined): PoolClient {
    const client = state.client as PoolClient;
    state.borrowed = true;
    this.#borrowedCount++;
    const leakMillis = this.options.leakDetectionMillis;
    const lease: Lease = {
      state,
      stack,
      holds: hold === undefined ? [] : [hold],
      released: false,
      leakTimer: leakMillis > 0 ? setTimeout(() => this.#reportLeak(lease), leakMillis).unref() : undefined,
    };
    if (hold !== undefined) hold.granted = true;
    this.#leases.set(client, lease);
    client.release = (error?: Error | boolean) => this.#release(lease, error);
    this.emit('acquire', client);
    return client;
  }

  #release(lease: Lease, error: Error | boolean | undefined): void {
    if (lease.released) {
      throw new Error('Release called on a client that was already released to the pool.');
    }
    lease.released = true;
    if (lease.leakTimer !== undefined) clearTimeout(lease.leakTimer);
    for (const hold of lease.holds) hold.released = true;
    const { state } = lease;
    const client = state.client;
    this.#leases.delete(client);
    state.borrowed = false;
    this.#borrowedCount--;
    this.emit('release', error instanceof Error ? error : undefined, client);
    const status = client.getTransactionStatus();
    const now = Date.now();
    const discard =
      Boolean(error) ||
      state.broken !== undefined ||
      // Still inside a transaction (T) or an aborted one (E): never hand that session to someone else.
      (status !== null && status !== 'I') ||
      now >= state.expiresAt ||
      // While ending, a healthy connection still goes to a queued caller, who passes it on.
      (this.#ended && this.#gp.pending === 0);
    // Checked first so generic-pool's promise can never reject (it does for unknown resources).
    if (!this.#gp.isBorrowedResource(client)) {
      state.broken ??= new Error('returned to a pool that no longer tracks it');
    } else if (discard) {
      state.broken ??= error instanceof Error ? error : new Error('released while unusable');
      void this.#gp.destroy(client);
    } else {
      state.lastVerifiedAt = now;
      void this.#gp.release(client);
    }
    if (this.#borrowedCount === 0) this.#allReturned?.();
  }

  #reportNested(held: Hold, snapshot: StackSnapshot): void {
    const heldStack = stackText(held.stack);
    const stack = stackText(snapshot);
    this.#warn(
      new PoolWarning(
        'PGOPT_POOL_NESTED_ACQUIRE',
        'A connection was requested from a pool while this async flow already holds one from the same pool ' +
          '(use the transaction/client you hold instead; with a full pool this deadlocks).\n' +
          `Held connection acquired at:\n${heldStack}\nNested acquire at:\n${stack}`,
        heldStack,
        stack,
      ),
    );
  }

  #reportLeak(lease: Lease): void {
    if (lease.released) return;
    this.#leaksDetected++;
    const stack = stackText(lease.stack);
    this.#warn(
      new PoolWarning(
        'PGOPT_POOL_LEAK',
        `A connection has been borrowed for more than ${this.options.leakDetectionMillis} ms and not released (possible leak).\n` +
          `Acquired at:\n${stack}`,
        stack,
      ),
    );
  }

  #warn(warning: PoolWarning): void {
    if (this.listenerCount('warning') > 0) this.emit('warning', warning);
    else process.emitWarning(warning);
  }

  #timeoutError(waitedMillis: number): AcquireTimeoutError {
    this.#acquireTimeouts++;
    const o = this.options;
    const attempts = this.#gate.state();
    const total = this.#states.size;
    const waited = Math.round(waitedMillis);
    const couldGrow = total < o.max;
    if (couldGrow && (attempts.consecutiveFailures > 0 || attempts.oldestInFlightSince !== undefined)) {
      const why =
        attempts.lastError !== undefined && attempts.consecutiveFailures > 0
          ? `${attempts.lastError.message}; ${attempts.consecutiveFailures} attempts in a row failed, retrying with backoff`
          : `no answer to a connection attempt for ${Date.now() - (attempts.oldestInFlightSince ?? Date.now())} ms`;
      return new AcquireTimeoutError(
        `No connection within ${waited} ms: could not connect to PostgreSQL at ${describeTarget(o.clientConfig)} (${why}).`,
        { reason: 'connect', waitedMillis: waited, cause: attempts.lastError },
      );
    }
    return new AcquireTimeoutError(
      `No connection within ${waited} ms: waited in the queue while all ${this.#borrowedCount} of max ${o.max} connections ` +
        `stayed borrowed (${this.#pending} callers waiting). Release connections sooner, or raise max or acquireTimeoutMillis.`,
      { reason: 'queued', waitedMillis: waited },
    );
  }

  // ---- connection life cycle --------------------------------------------------------------

  /**
   * generic-pool's create hook. A failed attempt is retried here, through the gate's backoff,
   * for as long as someone needs a connection; generic-pool would otherwise retry at once, forever.
   */
  async #create(): Promise<pg.Client> {
    for (;;) {
      // After end(), connections are still made for callers already queued (each one gets a
      // quick PoolClosedError instead of waiting out its timeout), never for min.
      if (this.#ended && this.#gp.pending === 0) throw new PoolClosedError('The pool is ending.');
      try {
        return await this.#gate.attempt(() => this.#open(), this.#wakeSleepers.signal);
      } catch (error) {
        if (this.#ended) continue;
        const demand = this.#gp.pending > 0 || this.#states.size < this.options.min;
        if (!demand) throw error;
      }
    }
  }

  async #open(): Promise<pg.Client> {
    const client = new pg.Client(this.options.clientConfig);
    const createdAt = Date.now();
    const lifetime = this.options.maxLifetimeMillis;
    // Up to 2.5% less per connection, so connections born together do not all retire together.
    const expiresAt = lifetime > 0 ? createdAt + lifetime - Math.random() * lifetime * 0.025 : Number.POSITIVE_INFINITY;
    const state: ClientState = {
      client,
      createdAt,
      expiresAt,
      lastVerifiedAt: createdAt,
      broken: undefined,
      errorReported: false,
      borrowed: false,
      ping: undefined,
    };
    // Attached before connect(): an 'error' without a listener would crash the process.
    client.on('error', (error: Error) => this.#onClientError(state, error));
    client.on('end', () => {
      state.broken ??= new Error('The connection was closed.');
    });
    // A FATAL error (pg_terminate_backend, shutdown) rejects the running query before the socket
    // closes, so the caller may release the client before 'error'/'end' fire. The protocol
    // message arrives first: mark the client then, so it is never handed out again.
    connectionEvents(client)?.on('errorMessage', (message: { severity?: string; message?: string }) => {
      if (message.severity === 'FATAL' || message.severity === 'PANIC') {
        state.broken ??= new Error(`The server ended the session: ${message.message ?? message.severity}`);
      }
    });
    this.#connecting.add(client);
    try {
      await client.connect();
      if (this.options.onConnect !== undefined) await this.options.onConnect(client);
    } catch (error) {
      if (!this.#ended) this.#createErrors++;
      state.broken = error instanceof Error ? error : new Error(String(error));
      await closeClient(client);
      throw error;
    } finally {
      this.#connecting.delete(client);
    }
    state.lastVerifiedAt = Date.now();
    this.#states.set(client, state);
    this.#created++;
    this.emit('connect', client);
    return client;
  }

  async #destroy(client: pg.Client): Promise<void> {
    const state = this.#states.get(client);
    if (state === undefined) return;
    this.#states.delete(client);
    this.#destroyed++;
    this.emit('remove', client);
    await closeClient(client);
  }

  #onClientError(state: ClientState, error: Error): void {
    state.broken ??= error;
    // pg may emit several errors for one failure (reset, then "terminated"): report the first.
    const first = !state.errorReported;
    state.errorReported = true;
    // A borrowed client's error also reaches its caller through the failed query.
    if (first && !state.borrowed && this.#states.has(state.client) && this.listenerCount('error') > 0) {
      this.emit('error', error, state.client);
    }
  }

  /** Called by generic-pool's evictor for each idle connection. */
  #shouldEvict(client: pg.Client): boolean {
    const state = this.#states.get(client);
    if (state === undefined || state.broken !== undefined) return true;
    if (state.ping !== undefined) return false;
    const now = Date.now();
    if (now >= state.expiresAt) return true;
    const idleTimeout = this.options.idleTimeoutMillis;
    return idleTimeout > 0 && now - state.lastVerifiedAt > idleTimeout && this.#states.size > this.options.min;
  }

  /** Pings idle connections that have been quiet for keepaliveMillis. */
  #keepalive(): void {
    const every = this.options.keepaliveMillis;
    if (every === 0 || this.ending) return;
    const now = Date.now();
    for (const state of this.#states.values()) {
      if (state.borrowed || state.ping !== undefined || state.broken !== undefined) continue;
      if (now - state.lastVerifiedAt < every) continue;
      // A borrower that gets this connection meanwhile waits for the ping's verdict.
      void this.#ping(state, this.options.validationTimeoutMillis);
    }
  }

  #ping(state: ClientState, timeoutMillis: number): Promise<boolean> {
    if (state.ping !== undefined) return state.ping;
    const ping = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        state.broken ??= new Error(`No answer to a validation ping within ${timeoutMillis} ms.`);
        forceClose(state.client);
        resolve(false);
      }, timeoutMillis);
      state.client.query('SELECT 1').then(
        () => {
          clearTimeout(timer);
          state.lastVerifiedAt = Date.now();
          resolve(true);
        },
        (error: unknown) => {
          clearTimeout(timer);
          state.broken ??= error instanceof Error ? error : new Error(String(error));
          resolve(false);
        },
      );
    }).finally(() => {
      state.ping = undefined;
    });
    state.ping = ping;
    return ping;
  }

  async #end(): Promise<void> {
    this.#ended = true;
    this.#wake();
    // An attempt stuck on a silent server would hold end() for its whole connect timeout.
    for (const client of this.#connecting) forceClose(client);
    clearInterval(this.#housekeeping);
    // Sets generic-pool's draining flag (no more min top-ups); its promise settles on its own.
    void this.#gp.drain().catch(() => undefined);
    if (this.#borrowedCount > 0) {
      const returned = new Promise<void>((resolve) => (this.#allReturned = resolve));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.options.endTimeoutMillis);
      });
      await Promise.race([returned, timedOut]);
      clearTimeout(timer);
      for (const lease of [...this.#leases.values()]) {
        lease.state.broken ??= new PoolClosedError('The pool ended while this connection was borrowed.');
        forceClose(lease.state.client);
        this.#release(lease, true);
      }
    }
    await this.#gp.clear();
    await Promise.all([...this.#states.keys()].map((client) => this.#destroy(client)));
  }
}

/**
 * Creates a pool. See {@link PoolOptions} for every option and its default.
 *
 * @example
 * import { createPool } from 'pgopt';
 * const pool = createPool({ connectionString: process.env.DATABASE_URL, max: 10, min: 2, applicationName: 'api' });
 * const client = await pool.connect();
 * try { await client.query('select 1') } finally { client.release() }
 */
export function createPool(options: PoolOptions = {}): Pool {
  return new Pool(options);
}

function housekeepingMillis(o: ResolvedPoolOptions): number {
  const candidates = [o.keepaliveMillis, o.idleTimeoutMillis, o.maxLifetimeMillis].filter((m) => m > 0).map((m) => m / 2);
  return Math.max(10, Math.min(1_000, ...candidates));
}


/** Ends a client politely, and forcefully when the socket does not close soon. */
async function closeClient(client: pg.Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ended = client.end().then(
    () => true,
    () => true,
  );
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), 1_000);
  });
  const clean = await Promise.race([ended, late]);
  clearTimeout(timer);
  if (!clean) forceClose(client);
}

/**
 * A new session killed while starting (pg_terminate_backend, a dropped TCP connection) says
 * nothing about the server being unreachable: retry at once instead of backing off.
 * Refused, timed-out and rejected (too many connections, starting up, auth) attempts back off.
 */
function sessionKilled(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if (e.code === '57P01' || e.code === 'ECONNRESET' || e.code === 'EPIPE') return true;
  return typeof e.message === 'string' && /^Connection terminated unexpectedly$/.test(e.message);
}

/** The client's protocol connection (public in pg, untyped events). */
function connectionEvents(client: pg.Client): EventEmitter | undefined {
  const connection = (client as unknown as { connection?: unknown }).connection;
  return connection instanceof EventEmitter ? connection : undefined;
}

function forceClose(client: pg.Client): void {
  const connection = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection;
  connection?.stream?.destroy();
}

function describeTarget(config: pg.ClientConfig): string {
  if (config.connectionString !== undefined) {
    try {
      const url = new URL(config.connectionString);
      return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
    } catch {
      return 'the configured connection string';
    }
  }
  return `${config.host ?? process.env['PGHOST'] ?? 'localhost'}:${config.port ?? process.env['PGPORT'] ?? 5432}`;
}
