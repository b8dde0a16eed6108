/**
 * Recent samples of the primary's WAL position, to turn a replica's replay
 * position into a time lag. Replay timestamps (`pg_last_xact_replay_timestamp`)
 * overstate lag when the primary is idle: a replica that replayed everything an
 * hour ago looks an hour behind. Positions do not: a replica is as far behind
 * as the time since the primary first passed its replay position.
 */
import type { Lsn } from './lsn.js';

interface Sample {
  readonly atMillis: number;
  readonly lsn: Lsn;
}

export class LagHistory {
  readonly #samples: Sample[] = [];
  readonly #maxSamples: number;

  /** Keeps the last `maxSamples` samples; older lag is reported as at least the oldest sample's age. */
  constructor(maxSamples = 1024) {
    this.#maxSamples = Math.max(2, maxSamples);
  }

  /** Records the primary's position at a moment. A position lower than the last (a new primary) restarts the history. */
  record(atMillis: number, lsn: Lsn): void {
    const last = this.#samples[this.#samples.length - 1];
    if (last !== undefined && lsn < last.lsn) this.#samples.length = 0;
    // An idle primary: keep the first moment it reached this position, which is what lag is measured from.
    if (last !== undefined && lsn === last.lsn) return;
    this.#samples.push({ atMillis, lsn });
    if (this.#samples.length > this.#maxSamples) this.#samples.shift();
  }

  /** The latest primary position, if any was recorded. */
  get latest(): Lsn | undefined {
    return this.#samples[this.#samples.length - 1]?.lsn;
  }

  /**
   * How long ago the primary first reached a position the replica has not
   * replayed: 0 when the replica has replayed the latest known position.
   */
  lagMillis(replayLsn: Lsn, nowMillis: number): number {
    const samples = this.#samples;
    const last = samples[samples.length - 1];
    if (last === undefined || replayLsn >= last.lsn) return 0;
    // Binary search for the first sample ahead of the replica (positions only grow within one history).
    let low = 0;
    let high = samples.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((samples[mid] as Sample).lsn > replayLsn) high = mid;
      else low = mid + 1;
    }
    return Math.max(0, nowMillis - (samples[low] as Sample).atMillis);
  }
}
