/**
 * A read-your-writes scope. After the session writes, it remembers the primary's
 * WAL position at that moment; its reads then go only to replicas that have
 * replayed that far, else to the primary. Causal, not time-based: no fixed
 * "stick to the primary for 2 seconds after a write".
 */
import type pg from 'pg';
import { formatLsn, maxLsn, parseLsn } from './lsn.js';
import type { Lsn } from './lsn.js';
import type { QueryRouteOptions, RouterTransaction, TransactionOptions } from './router-types.js';

/** The mutable part of a session, shared with the router that owns it. */
export interface SessionState {
  /** The position reads must see; undefined before the first write. */
  lsn: Lsn | undefined;
}

/** What a session needs from its router. */
export interface SessionHost {
  query<R extends pg.QueryResultRow>(
    state: SessionState,
    text: string | pg.QueryConfig,
    values: readonly unknown[] | undefined,
    options: QueryRouteOptions | undefined,
  ): Promise<pg.QueryResult<R>>;
  transaction<T>(state: SessionState, fn: (tx: RouterTransaction) => Promise<T>, options: TransactionOptions | undefined): Promise<T>;
}

/**
 * @example
 * const session = router.session()
 * await session.query('insert into posts (title) values ($1)', ['hi'])
 * await session.query('select * from posts')   // sees the insert, on a caught-up replica or the primary
 * res.cookie('pg-token', session.token)         // later: router.session(req.cookies['pg-token'])
 */
export class RouterSession {
  readonly #host: SessionHost;
  readonly #state: SessionState;

  /** @internal Use `router.session(token?)`. */
  constructor(host: SessionHost, state: SessionState) {
    this.#host = host;
    this.#state = state;
  }

  /** The last write position this session must see, as PostgreSQL prints an LSN; '' before any write. */
  get token(): string {
    return this.#state.lsn === undefined ? '' : formatLsn(this.#state.lsn);
  }

  /** Raises the position this session must see, e.g. with a token from another process. Never lowers it. */
  observe(token: string): void {
    if (token === '') return;
    const lsn = parseLsn(token);
    this.#state.lsn = this.#state.lsn === undefined ? lsn : maxLsn(this.#state.lsn, lsn);
  }

  /** Like `router.query`, within this session. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string | pg.QueryConfig,
    values?: readonly unknown[],
    options?: QueryRouteOptions,
  ): Promise<pg.QueryResult<R>> {
    return this.#host.query<R>(this.#state, text, values, options);
  }

  /** Like `router.transaction`, within this session: a committed write transaction advances the token. */
  transaction<T>(fn: (tx: RouterTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.#host.transaction(this.#state, fn, options);
  }
}
