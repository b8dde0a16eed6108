/**
 * pgopt's connection pool: generic-pool does the bookkeeping of connections
 * (borrowed, idle, min/max, creation, eviction), this module adds what a
 * production pool needs on top: bounded and backed-off connection attempts,
 * validation after idle, keepalive pings, lifetimes with jitter, broken-client
 * eviction, leak and nested-acquire detection, load shedding, AbortSignal, and
 * a draining `end()`.
 *
 * Callers that find no idle connection wait in the pool's own FIFO queue, not in
 * generic-pool's: a connection released healthy goes straight to the first of
 * them (it stays borrowed in generic-pool's books), the way pg.Pool does it.
 * generic-pool's queue then only ever holds the pool's own requests for idle or
 * new connections, made on the queue's behalf when it has room (see #supply).
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

/** pg.Pool#query's callback: the error, or the result. */
export type QueryCallback<R extends pg.QueryResultRow = pg.QueryResultRow> = (
  error: Error | undefined,
  result: pg.QueryResult<R> | undefined,
) => void;

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
  /** The current borrower's lease while borrowed. */
  lease: Lease | undefined;
}

interface Lease {
  readonly state: ClientState;
  readonly stack: StackSnapshot;
  /** Nested-acquire holds to mark released with the lease; most leases have none. */
  holds: Hold[] | undefined;
  readonly leakTimer: NodeJS.Timeout | undefined;
  released: boolean;
}

/** How a borrow ends: an error, or a lent client. Called exactly once. */
type Grant = (error: unknown, client: PoolClient | undefined) => void;

/**
 * A caller waiting for a connection. The queue is a doubly linked list threaded
 * through the waiters, so one that times out or aborts leaves it in O(1).
 */
class Waiter {
  prev: Waiter | undefined = undefined;
  next: Waiter | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;
  readonly startedAt: number;
  readonly stack: StackSnapshot;
  readonly hold: Hold | undefined;
  readonly signal: AbortSignal | undefined;
  readonly grant: Grant;

  constructor(startedAt: number, stack: StackSnapshot, hold: Hold | undefined, signal: AbortSignal | undefined, grant: Grant) {
    this.startedAt = startedAt;
    this.stack = stack;
    this.hold = hold;
    this.signal = signal;
    this.grant = grant;
  }
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
  /** First and last caller waiting for a connection, in arrival order. */
  #head: Waiter | undefined;
  #tail: Waiter | undefined;
  /** Callers in the queue. */
  #pending = 0;
  /** Connections on their way to the queue: requests to generic-pool in flight, and connections being validated. */
  #supplying = 0;
  /** One timer for the whole queue, due at the first waiter's deadline (see #armTimer). */
  #timer: NodeJS.Timeout | undefined;
  #timerDue = 0;
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
        // Bounds how long a request made for the queue (#supply) waits on connection attempts
        // that keep failing; the callers themselves have their own deadlines (#expire).
        acquireTimeoutMillis: o.acquireTimeoutMillis,
        // Without this generic-pool never evicts anything.
        evictionRunIntervalMillis: tickMillis,
        numTestsPerEvictionRun: o.max,
        autostart: true,
      },
    );
    // generic-pool reports create/destroy failures as events; we count them ourselves. A create
    // given up (nobody asked for it any more) frees a slot that later waiters may need.
    this.#gp.on('factoryCreateError', () => this.#supply());
    this.#gp.on('factoryDestroyError', () => undefined);
    this.#housekeeping = setInterval(() => {
      // A safety net only: every event that frees a slot or files an idle connection already supplies the queue.
      this.#supply();
      this.#keepalive();
    }, tickMillis);
    this.#housekeeping.unref();
  }

  /**
   * Runs one query on a pooled connection, like `pg.Pool#query`: a promise, or pg's callback forms
   * `query(text, callback)` and `query(text, values, callback)` (which return undefined).
   *
   * @example
   * const { rows } = await pool.query<{ id: number }>('select id from users where email = $1', [email]);
   * pool.query('select now()', (error, result) => { ... });
   */
  query<R extends unknown[] = unknown[]>(config: pg.QueryArrayConfig, values?: QueryValues): Promise<pg.QueryArrayResult<R>>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(textOrConfig: string | pg.QueryConfig, values?: QueryValues): Promise<pg.QueryResult<R>>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(textOrConfig: string | pg.QueryConfig, callback: QueryCallback<R>): undefined;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    textOrConfig: string | pg.QueryConfig,
    values: QueryValues,
    callback: QueryCallback<R>,
  ): undefined;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    textOrConfig: string | pg.QueryConfig | pg.QueryArrayConfig,
    valuesOrCallback?: QueryValues | QueryCallback<R>,
    maybeCallback?: QueryCallback<R>,
  ): Promise<pg.QueryResult<R>> | undefined {
    const callback = typeof valuesOrCallback === 'function' ? valuesOrCallback : maybeCallback;
    const values = typeof valuesOrCallback === 'function' ? undefined : valuesOrCallback;
    if (callback !== undefined) {
      // As pg.Pool: the callback gets the outcome on a later tick, never a thrown error.
      this.query<R>(textOrConfig, values).then(
        (result) => callback(undefined, result),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), undefined),
      );
      return undefined;
    }
    // query() holds its connection only for one statement: its stack is worth capturing only
    // for a leak report or when this call is itself nested.
    const held = this.#nested?.heldByCurrentFlow();
    const stack = held !== undefined || this.options.leakDetectionMillis > 0 ? captureStack(this.query) : noStack;
    if (held !== undefined) this.#reportNested(held, stack);
    return new Promise<pg.QueryResult<R>>((resolve, reject) => {
      // Callbacks rather than a promise chain: a query under contention costs one promise.
      this.#borrow(undefined, stack, undefined, (error, client) => {
        if (client === undefined) {
          reject(error);
          return;
        }
        try {
          // pg's callback form: one promise fewer per query than its promise form.
          client.query<R>(textOrConfig as string, values as unknown[], (queryError: Error | null, result: pg.QueryResult<R>) => {
            // A server-side error (syntax, constraint) leaves the session usable; release() still
            // destroys the connection if it broke or was left inside a transaction.
            client.release();
            if (queryError) reject(queryError);
            else resolve(result);
          });
        } catch (thrown) {
          // pg throws at once on a missing query text; the connection itself is fine.
          client.release();
          reject(thrown);
        }
      });
    });
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
    return new Promise<PoolClient>((resolve, reject) => {
      this.#borrow(options?.signal, stack, hold, (error, client) => (client === undefined ? reject(error) : resolve(client)));
    });
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
    const lease = this.#states.get(client)?.lease;
    if (this.#nested === undefined || lease === undefined || lease.released) return;
    const hold = this.#nested.enter(lease.stack);
    hold.granted = true;
    (lease.holds ??= []).push(hold);
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

  #borrow(signal: AbortSignal | undefined, stack: StackSnapshot, hold: Hold | undefined, grant: Grant): void {
    if (this.#ended) {
      grant(new PoolClosedError('The pool is ending and accepts no more work.'), undefined);
      return;
    }
    if (signal?.aborted) {
      grant(signal.reason, undefined);
      return;
    }
    const startedAt = performance.now();
    // Fast path: an idle connection and nobody queued before us, so generic-pool hands it over
    // without queueing (with testOnBorrow off, its idle connections and its requests never coexist).
    if (this.#head === undefined && this.#gp.available > 0) {
      this.#gp.acquire().then(
        (client) => this.#tookIdle(client, signal, stack, hold, startedAt, grant),
        (error: unknown) => grant(error, undefined),
      );
      return;
    }
    const o = this.options;
    if (this.#pending >= o.maxWaitingClients && this.#gp.available === 0 && this.#gp.spareResourceCapacity <= 0) {
      grant(
        new PoolOverloadedError(
          `The pool is saturated: all ${o.max} connections are borrowed and ${this.#pending} callers already wait (maxWaitingClients).`,
        ),
        undefined,
      );
      return;
    }
    this.#enqueue(new Waiter(startedAt, stack, hold, signal, grant));
    this.#supply();
  }

  /** The fast path's idle connection arrived: lend it, or (rarely) queue the caller and check it first. */
  #tookIdle(
    client: pg.Client,
    signal: AbortSignal | undefined,
    stack: StackSnapshot,
    hold: Hold | undefined,
    startedAt: number,
    grant: Grant,
  ): void {
    const state = this.#states.get(client);
    if (state !== undefined && !this.#ended && signal?.aborted !== true && this.#fresh(state)) {
      this.#handOver(state, stack, hold, startedAt, grant);
      return;
    }
    if (this.#ended) grant(new PoolClosedError('The pool ended while waiting for a connection.'), undefined);
    else if (signal?.aborted) grant(signal.reason, undefined);
    // Queued with its own start time: it keeps its place and its deadline.
    else this.#enqueue(new Waiter(startedAt, stack, hold, signal, grant));
    // The connection takes the queue's way: validated, then to whoever is first.
    this.#supplying++;
    this.#vet(client);
  }

  /** Records the wait and lends; an 'acquire' listener that throws fails this borrow, as a rejection. */
  #handOver(state: ClientState, stack: StackSnapshot, hold: Hold | undefined, startedAt: number, grant: Grant): void {
    this.#waits.record(performance.now() - startedAt);
    let client: PoolClient;
    try {
      client = this.#lend(state, stack, hold);
    } catch (error) {
      grant(error, undefined);
      return;
    }
    grant(undefined, client);
  }

  /**
   * Gives a healthy connection that generic-pool counts as borrowed to the first waiter, without
   * a round trip through generic-pool (its totals stay right: the connection stays borrowed);
   * with nobody waiting, it goes back to generic-pool's idle list.
   */
  #serve(state: ClientState): void {
    const waiter = this.#head;
    if (waiter === undefined) {
      void this.#gp.release(state.client);
      return;
    }
    this.#unlink(waiter);
    this.#handOver(state, waiter.stack, waiter.hold, waiter.startedAt, waiter.grant);
  }

  /**
   * Asks generic-pool for connections for the waiters that no connection is on its way to yet,
   * while it has idle ones or room to open more (it opens them through #create and the gate).
   * A request is made on the queue's behalf: what it brings goes to whoever is first by then.
   * Called wherever a slot frees up or an idle connection may appear, so no waiter is stranded
   * while the pool could serve it.
   */
  #supply(): void {
    while (
      this.#pending > this.#supplying &&
      !this.#ended &&
      (this.#gp.available > 0 || this.#gp.spareResourceCapacity > 0)
    ) {
      this.#supplying++;
      this.#gp.acquire().then(this.#supplied, this.#supplyFailed);
    }
  }

  readonly #supplied = (client: pg.Client): void => this.#vet(client);

  readonly #supplyFailed = (): void => {
    // generic-pool's own acquire timeout (the connection attempts kept failing); the waiters
    // have their own deadlines, and those still waiting get a new request.
    this.#supplying--;
    // One request fewer: attempts sleeping in backoff re-check whether anyone still needs them.
    this.#wake();
    this.#supply();
  };

  /**
   * A connection taken from generic-pool for the queue (counted in #supplying): serves the first
   * waiter if it is fit, validating it first when it sat idle too long; else closes it and
   * supplies the queue again.
   */
  #vet(client: pg.Client): void {
    const state = this.#states.get(client);
    if (state === undefined || this.#ended) {
      this.#supplying--;
      this.#discard(client);
      return;
    }
    const head = this.#head;
    if (head === undefined || this.#fresh(state)) {
      this.#supplying--;
      // With nobody waiting it goes back idle, unchecked: the next borrower checks it.
      this.#serve(state);
      return;
    }
    const verdict = (usable: boolean): void => {
      this.#supplying--;
      if (usable && !this.#ended) this.#serve(state);
      else this.#discard(client);
    };
    this.#usable(state, head.startedAt + this.options.acquireTimeoutMillis).then(verdict, () => verdict(false));
  }

  /** Closes a connection taken from generic-pool and never lent; its slot goes to the queue. */
  #discard(client: pg.Client): void {
    void this.#gp.destroy(client).catch(() => undefined);
    this.#slotFreed();
  }

  /** A connection left the pool: a waiter may now get a new one; after end(), waiters fail now. */
  #slotFreed(): void {
    if (this.#ended) this.#failWaiters();
    else this.#supply();
  }

  #enqueue(waiter: Waiter): void {
    // Arrival order, so the head has the nearest deadline. Only a fast-path caller whose idle
    // connection needs a check comes in late, with an earlier start, and is put in its place.
    let before = this.#tail;
    while (before !== undefined && before.startedAt > waiter.startedAt) before = before.prev;
    const after = before === undefined ? this.#head : before.next;
    waiter.prev = before;
    waiter.next = after;
    if (before === undefined) this.#head = waiter;
    else before.next = waiter;
    if (after === undefined) this.#tail = waiter;
    else after.prev = waiter;
    this.#pending++;
    const signal = waiter.signal;
    if (signal !== undefined) {
      waiter.onAbort = () => this.#leave(waiter, signal.reason);
      signal.addEventListener('abort', waiter.onAbort, { once: true });
    }
    if (before === undefined) this.#armTimer(waiter);
  }

  #unlink(waiter: Waiter): void {
    const { prev, next } = waiter;
    if (prev === undefined) this.#head = next;
    else prev.next = next;
    if (next === undefined) this.#tail = prev;
    else next.prev = prev;
    waiter.prev = undefined;
    waiter.next = undefined;
    this.#pending--;
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    // An empty queue has nothing due: the timer must not keep the process alive.
    if (this.#head === undefined) this.#timer?.unref();
  }

  /** A waiter gives up (abort): out of the queue, and its borrow fails with `error`. */
  #leave(waiter: Waiter, error: unknown): void {
    this.#unlink(waiter);
    // One fewer caller waiting: attempts sleeping in backoff may no longer be needed.
    this.#wake();
    waiter.grant(error, undefined);
  }

  /** Fails every waiter; after end(), as soon as a connection frees up (or one is opened for them). */
  #failWaiters(): void {
    for (let waiter = this.#head; waiter !== undefined; waiter = this.#head) {
      this.#unlink(waiter);
      waiter.grant(new PoolClosedError('The pool ended while waiting for a connection.'), undefined);
    }
  }

  /**
   * Makes the queue's one timer fire by `head`'s deadline. Every waiter waits acquireTimeoutMillis
   * and the queue is in arrival order, so only the head's deadline matters: no timer per waiter.
   * A timer already due earlier is kept (it re-arms itself when it fires), just made to hold the
   * process open again.
   */
  #armTimer(head: Waiter): void {
    const due = head.startedAt + this.options.acquireTimeoutMillis;
    if (this.#timer !== undefined) {
      if (this.#timerDue <= due) {
        this.#timer.ref();
        return;
      }
      clearTimeout(this.#timer);
    }
    this.#timerDue = due;
    this.#timer = setTimeout(this.#expire, Math.max(1, Math.ceil(due - performance.now())));
  }

  readonly #expire = (): void => {
    this.#timer = undefined;
    const limit = this.options.acquireTimeoutMillis;
    const now = performance.now();
    let expired = false;
    // Timers fire on whole milliseconds: a deadline less than 1 ms away counts as reached.
    for (let waiter = this.#head; waiter !== undefined && waiter.startedAt + limit - now < 1; waiter = this.#head) {
      // Built before the waiter leaves, so the message counts it among those waiting.
      const error = this.#ended
        ? new PoolClosedError('The pool ended while waiting for a connection.')
        : this.#timeoutError(now - waiter.startedAt);
      this.#unlink(waiter);
      waiter.grant(error, undefined);
      expired = true;
    }
    // Fewer callers waiting: attempts sleeping in backoff may no longer be needed.
    if (expired) this.#wake();
    if (this.#head !== undefined) this.#armTimer(this.#head);
  };

  #wake(): void {
    const sleepers = this.#wakeSleepers;
    this.#wakeSleepers = new AbortController();
    sleepers.abort(new PoolClosedError('woken to re-check demand'));
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
      holds: hold === undefined ? undefined : [hold],
      released: false,
      leakTimer: leakMillis > 0 ? setTimeout(() => this.#reportLeak(lease), leakMillis).unref() : undefined,
    };
    if (hold !== undefined) hold.granted = true;
    state.lease = lease;
    // A new function per lease, not one per client: a stale release() from an earlier borrower
    // must throw, not give back the connection someone else holds now.
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
    if (lease.holds !== undefined) for (const hold of lease.holds) hold.released = true;
    const { state } = lease;
    const client = state.client;
    state.lease = undefined;
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
      // While ending, connections close as they come back, and callers still queued fail (#slotFreed).
      this.#ended;
    // Checked first so generic-pool's promise can never reject (it does for unknown resources).
    if (!this.#gp.isBorrowedResource(client)) {
      state.broken ??= new Error('returned to a pool that no longer tracks it');
    } else if (discard) {
      state.broken ??= error instanceof Error ? error : new Error('released while unusable');
      // The freed slot lets the first waiter (if any) get a new connection.
      this.#discard(client);
    } else {
      // Just used: it needs no validation before the next borrower.
      state.lastVerifiedAt = now;
      this.#serve(state);
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
      let client: pg.Client;
      try {
        client = await this.#gate.attempt(() => this.#open(), this.#wakeSleepers.signal);
      } catch (error) {
        if (this.#ended) continue;
        const demand = this.#gp.pending > 0 || this.#pending > 0 || this.#states.size < this.options.min;
        if (!demand) throw error;
        continue;
      }
      // generic-pool files the connection as idle a few microtasks from now when none of its
      // requests takes it (a min top-up, or a request that timed out): callers that queued
      // while this attempt held the last slot get it then.
      setImmediate(() => this.#supply());
      return client;
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
      lease: undefined,
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
      for (const state of [...this.#states.values()]) {
        if (state.lease === undefined) continue;
        state.broken ??= new PoolClosedError('The pool ended while this connection was borrowed.');
        forceClose(state.client);
        this.#release(state.lease, true);
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
