/**
 * Acquire wait times of the most recent acquisitions, for `stats().waitMillis`.
 * A fixed ring keeps memory bounded and recording O(1); percentiles are
 * computed only when asked.
 */

/** Percentiles of recent acquire waits, in milliseconds. */
export interface WaitPercentiles {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export class WaitHistogram {
  readonly #samples: Float64Array;
  #count = 0;
  #next = 0;

  constructor(capacity = 4096) {
    this.#samples = new Float64Array(capacity);
  }

  record(millis: number): void {
    this.#samples[this.#next] = millis;
    this.#next = (this.#next + 1) % this.#samples.length;
    if (this.#count < this.#samples.length) this.#count++;
  }

  percentiles(): WaitPercentiles {
    if (this.#count === 0) return { p50: 0, p99: 0, max: 0 };
    const sorted = this.#samples.slice(0, this.#count).sort();
    const at = (q: number): number => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);
    return { p50: at(0.5), p99: at(0.99), max: round(sorted[sorted.length - 1] ?? 0) };
  }
}

function round(millis: number): number {
  return Math.round(millis * 1000) / 1000;
}
