/**
 * Exclusive use of the shared test replica for one suite. Several processes may
 * run the router suites at once (teammates, CI); a suite that pauses replay, or
 * that expects the replica to be caught up, holds an advisory lock on the
 * primary from `before` to `after`, so no other suite pauses replay under it.
 * Replay is always resumed before the lock is let go.
 */
import pg from 'pg';

const LOCK_KEY = 7_206_001; // arbitrary, used only by the router suites

export interface ReplicaLock {
  /** Pauses WAL replay on the replica. */
  pauseReplay(): Promise<void>;
  /** Resumes it (a no-op when not paused by this holder). */
  resumeReplay(): Promise<void>;
  /** Resumes replay if paused, then lets the next suite in. */
  release(): Promise<void>;
}

/** Waits for any other holder, then holds the replica. */
export async function lockReplica(primaryUrl: string, replicaUrl: string): Promise<ReplicaLock> {
  const primary = new pg.Client({ connectionString: primaryUrl });
  const replica = new pg.Client({ connectionString: replicaUrl });
  await primary.connect();
  await replica.connect();
  await primary.query('select pg_advisory_lock($1)', [LOCK_KEY]);
  let paused = false;
  const resumeReplay = async (): Promise<void> => {
    if (!paused) return;
    await replica.query('select pg_wal_replay_resume()');
    paused = false;
  };
  return {
    async pauseReplay() {
      paused = true;
      await replica.query('select pg_wal_replay_pause()');
    },
    resumeReplay,
    async release() {
      try {
        await resumeReplay();
      } finally {
        await primary.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
        await primary.end();
        await replica.end();
      }
    },
  };
}
