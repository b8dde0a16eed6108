/**
 * Shared bits of the pool tests: unique application names (so a test only ever
 * terminates its own backends), a superuser side connection, and polling.
 */
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Pool } from '../../src/pool/index.js';

/** An application_name no other test uses. */
export function uniqueAppName(label: string): string {
  return `pool_${label}_${randomUUID().slice(0, 8)}`;
}

/** Terminates the backends whose application_name is `appName`; returns how many. */
export async function terminateBackends(url: string, appName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url, application_name: 'pool_test_admin' });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ done: boolean }>(
      'select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
      [appName],
    );
    return rows.filter((row) => row.done).length;
  } finally {
    await admin.end();
  }
}

/** Backends currently open with this application_name. */
export async function countBackends(url: string, appName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url, application_name: 'pool_test_admin' });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where application_name = $1',
      [appName],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await admin.end();
  }
}

/** Polls `condition` every 10 ms until it holds; throws after `timeoutMillis` with `what`. */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, timeoutMillis = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

/** For an afterEach: no pool still open leaked a connection, left a caller queued, or went over max. */
export function assertPoolsSettled(pools: readonly Pool[]): void {
  for (const pool of pools) {
    if (pool.ending) continue;
    const stats = pool.stats();
    assert.equal(stats.borrowed, 0, 'a connection leaked');
    assert.equal(stats.pending, 0, 'a caller is still queued');
    assert.ok(stats.total <= pool.options.max, `total ${stats.total} > max ${pool.options.max}`);
  }
}
