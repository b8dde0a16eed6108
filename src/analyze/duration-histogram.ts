/**
 * Durations kept as a log-scale histogram (about 1% relative error), so
 * percentiles cost constant memory per statement shape however long the log.
 */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** Durations below this (ms) share bucket 0. */
const FLOOR_MS = 0.001;

export class DurationHistogram {
  readonly #buckets = new Map<number, number>();
  #count = 0;
  #max = 0;

  add(durationMs: number, times = 1): void {
    if (!(durationMs >= 0) || !(times > 0)) return;
    const bucket = durationMs <= FLOOR_MS ? 0 : Math.floor(Math.log(durationMs / FLOOR_MS) / LOG_GROWTH) + 1;
    this.#buckets.set(bucket, (this.#buckets.get(bucket) ?? 0) + times);
    this.#count += times;
    if (durationMs > this.#max) this.#max = durationMs;
  }

  get count(): number {
    return this.#count;
  }

  get max(): number {
    return this.#max;
  }

  /** The q-quantile (0..1), as the middle of its bucket, never above the max seen. */
  quantile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    const ordered = [...this.#buckets.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const bucket of ordered) {
      seen += this.#buckets.get(bucket)!;
      if (seen >= rank) {
        if (seen === this.#count) return this.#max; // the top bucket holds the max itself
        if (bucket === 0) return Math.min(FLOOR_MS, this.#max);
        const low = FLOOR_MS * GROWTH ** (bucket - 1);
        return Math.min(low * Math.sqrt(GROWTH), this.#max);
      }
    }
    return this.#max;
  }
}
