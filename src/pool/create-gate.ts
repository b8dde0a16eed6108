/**
 * Admission for connection attempts: at most `maxConcurrent` in flight, and
 * after a failure every attempt waits an exponentially growing, jittered delay.
 * This is what keeps a failover from becoming a connection storm and a dead
 * server from becoming a busy loop (generic-pool retries a failed create at once).
 */

export interface CreateGateOptions {
  readonly maxConcurrent: number;
  readonly backoffInitialMillis: number;
  readonly backoffMaxMillis: number;
  /** Injected for tests; defaults to Math.random. */
  readonly random?: () => number;
  /** Whether a failure says the server is unreachable or refusing (back off) or not (retry at once). Default: always. */
  readonly backOffAfter?: (error: unknown) => boolean;
}

/** What the gate knows about recent attempts, for error messages. */
export interface CreateAttemptState {
  /** Failures since the last success. */
  readonly consecutiveFailures: number;
  readonly lastError: Error | undefined;
  readonly lastFailureAt: number;
  /** Start time of the oldest attempt in flight, or undefined. */
  readonly oldestInFlightSince: number | undefined;
}

export class CreateGate {
  readonly #options: CreateGateOptions;
  readonly #random: () => number;
  readonly #backOffAfter: (error: unknown) => boolean;
  readonly #queue: Array<() => void> = [];
  readonly #inFlight = new Set<{ readonly startedAt: number }>();
  #active = 0;
  #failures = 0;
  #notBefore = 0;
  #lastError: Error | undefined;
  #lastFailureAt = 0;

  constructor(options: CreateGateOptions) {
    this.#options = options;
    this.#random = options.random ?? Math.random;
    this.#backOffAfter = options.backOffAfter ?? (() => true);
  }

  /** Runs one attempt when admitted; its outcome feeds the backoff. Rejects with `signal.reason` if aborted while waiting. */
  async attempt<T>(connect: () => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.#takeSlot(signal);
    try {
      const delay = this.#notBefore - Date.now();
      if (delay > 0) await sleep(delay, signal);
      const token = { startedAt: Date.now() };
      this.#inFlight.add(token);
      try {
        const result = await connect();
        this.#failures = 0;
        this.#notBefore = 0;
        return result;
      } catch (error) {
        this.#recordFailure(error);
        throw error;
      } finally {
        this.#inFlight.delete(token);
      }
    } finally {
      this.#releaseSlot();
    }
  }

  /** The delay the next attempt would wait after `failures` consecutive failures, before jitter. */
  backoffMillis(failures: number): number {
    if (failures <= 0) return 0;
    const { backoffInitialMillis, backoffMaxMillis } = this.#options;
    return Math.min(backoffMaxMillis, backoffInitialMillis * 2 ** Math.min(failures - 1, 30));
  }

  state(): CreateAttemptState {
    let oldest: number | undefined;
    for (const { startedAt } of this.#inFlight) oldest = oldest === undefined ? startedAt : Math.min(oldest, startedAt);
    return {
      consecutiveFailures: this.#failures,
      lastError: this.#lastError,
      lastFailureAt: this.#lastFailureAt,
      oldestInFlightSince: oldest,
    };
  }

  #recordFailure(error: unknown): void {
    this.#lastError = error instanceof Error ? error : new Error(String(error));
    this.#lastFailureAt = Date.now();
    if (!this.#backOffAfter(error)) return;
    this.#failures++;
    const full = this.backoffMillis(this.#failures);
    // "Equal jitter": half fixed, half random, so callers spread out but still back off.
    this.#notBefore = Date.now() + full / 2 + this.#random() * (full / 2);
  }

  #takeSlot(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.#options.maxConcurrent) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.#active++;
        resolve();
      };
      const onAbort = (): void => {
        const index = this.#queue.indexOf(grant);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(grant);
    });
  }

  #releaseSlot(): void {
    this.#active--;
    this.#queue.shift()?.();
  }
}

function sleep(millis: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, millis);
    // A pool retrying in the background must not keep the process alive by itself.
    timer.unref();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
