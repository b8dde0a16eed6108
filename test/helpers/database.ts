/**
 * Where database tests get PostgreSQL from, in order:
 * 1. `PGOPT_TEST_DATABASE_URL` (and `PGOPT_TEST_REPLICA_URL` for replica tests);
 * 2. a testcontainers PostgreSQL when a Docker engine answers;
 * 3. nowhere: the tests are skipped with one line saying why, unless
 *    `PGOPT_REQUIRE_DB=1`, where a missing database fails the run.
 *
 * Usage:
 *   const db = await testDatabase();
 *   describe('...', { skip: db.skip }, () => { ... db.url ... });
 */
import { after } from 'node:test';

export interface TestDatabase {
  /** Connection string of the primary ('' when skipped). */
  readonly url: string;
  /** Connection string of a streaming replica, when one is configured. */
  readonly replicaUrl: string | undefined;
  /** A reason to skip, or false. Pass it to `describe(..., { skip })`. */
  readonly skip: string | false;
}

const requireDb = process.env['PGOPT_REQUIRE_DB'] === '1';
let cached: Promise<TestDatabase> | undefined;

export function testDatabase(): Promise<TestDatabase> {
  cached ??= resolveDatabase();
  return cached;
}

/** Like `testDatabase`, but also needs a replica; skips (or fails under CI) without one. */
export async function testReplica(): Promise<TestDatabase> {
  const db = await testDatabase();
  if (db.skip || db.replicaUrl !== undefined) return db;
  return unavailable('PGOPT_TEST_REPLICA_URL is not set (replica tests need a streaming replica; .ci/run makes one)');
}

async function resolveDatabase(): Promise<TestDatabase> {
  const url = process.env['PGOPT_TEST_DATABASE_URL'];
  const replicaUrl = process.env['PGOPT_TEST_REPLICA_URL'] || undefined;
  if (url) return { url, replicaUrl, skip: false };
  const container = await startContainer();
  if (typeof container === 'string') return unavailable(container);
  return { url: container, replicaUrl: undefined, skip: false };
}

function unavailable(reason: string): TestDatabase {
  if (requireDb) throw new Error(`PGOPT_REQUIRE_DB=1 but no test database: ${reason}`);
  process.stderr.write(`# skipping database tests: ${reason}\n`);
  return { url: '', replicaUrl: undefined, skip: reason };
}

/** Starts PostgreSQL in Docker; returns its URL, or why it could not. */
async function startContainer(): Promise<string> {
  const noUrl = 'PGOPT_TEST_DATABASE_URL is not set';
  let testcontainers: typeof import('@testcontainers/postgresql');
  try {
    testcontainers = await import('@testcontainers/postgresql');
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch {
    return `${noUrl} and no Docker engine is reachable for testcontainers`;
  }
  try {
    const container = await new testcontainers.PostgreSqlContainer('postgres:15').start();
    after(async () => {
      await container.stop();
    });
    return container.getConnectionUri();
  } catch (error) {
    return `${noUrl} and testcontainers could not start PostgreSQL: ${error instanceof Error ? error.message : String(error)}`;
  }
}
