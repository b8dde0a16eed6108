/**
 * The replica behind a TCP proxy that drops and refuses connections: reads keep
 * succeeding on the primary, the replica is used again once the proxy heals, and
 * no write ever goes to it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testReplica } from '../helpers/database.js';
import { lockReplica } from './replica-lock.js';
import type { ReplicaLock } from './replica-lock.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import type { TcpProxy } from '../helpers/tcp-proxy.js';
import { createRouter } from '../../src/router/index.js';
import type { Router } from '../../src/router/index.js';

const db = await testReplica();
const PRIMARY_PORT = 5432;
const REPLICA_PORT = 5433;

const sleep = (millis: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, millis));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMillis = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('router failover when a replica drops or refuses connections', { skip: db.skip }, () => {
  let admin: pg.Client;
  let proxy: TcpProxy;
  let router: Router;
  const events: string[] = [];

  let replicaLock: ReplicaLock | undefined;

  before(async () => {
    replicaLock = await lockReplica(db.url, db.replicaUrl ?? '');
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('drop table if exists router_failover_writes');
    await admin.query('create table router_failover_writes (id serial primary key, port int not null)');
    proxy = await startTcpProxy({ targetUrl: db.replicaUrl ?? '' });
    router = createRouter({
      primary: { connectionString: db.url, max: 3 },
      replicas: [{ connectionString: proxy.url, name: 'proxied', max: 3, acquireTimeoutMillis: 1_000 }],
      healthCheckIntervalMillis: 100,
      healthCheckTimeoutMillis: 500,
      healthCheckMaxBackoffMillis: 400,
    });
    router.on('node-down', (node: { name: string }) => events.push(`down ${node.name}`));
    router.on('node-up', (node: { name: string }) => events.push(`up ${node.name}`));
  });

  after(async () => {
    await router.end();
    await proxy.close();
    await admin.query('drop table if exists router_failover_writes').catch(() => {});
    await admin.end();
    await replicaLock?.release();
  });

  it('keeps every read succeeding through drops and refusals, and uses the replica again after', async () => {
    await router.checkHealth();
    const readPort = async (): Promise<number> =>
      Number((await router.query<{ port: number }>('select inet_server_port() as port')).rows[0]?.port);
    assert.equal(await readPort(), REPLICA_PORT);

    let stop = false;
    const ports: number[] = [];
    const startedAt: number[] = [];
    const failures: unknown[] = [];
    const writePorts: number[] = [];
    const worker = async (index: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        try {
          if (i % 10 === index) {
            const { rows } = await router.query<{ port: number }>(
              'insert into router_failover_writes (port) values (inet_server_port()) returning port',
            );
            writePorts.push(Number(rows[0]?.port));
          } else {
            const start = Date.now();
            const port = await readPort();
            startedAt.push(start);
            ports.push(port);
          }
        } catch (error) {
          failures.push(error);
        }
      }
    };
    const workers = [0, 1, 2, 3].map((index) => worker(index));
    try {
      await sleep(200);
      // Cut: reset every open connection, then refuse new ones.
      proxy.dropAll();
      await proxy.refuse();
      await waitFor('the replica to be marked down', async () => router.stats().nodes[1]?.healthy === false);
      const downAt = Date.now();
      await sleep(600);
      const healAt = Date.now();
      const duringCut = ports.filter((_, i) => (startedAt[i] ?? 0) > downAt && (startedAt[i] ?? 0) < healAt);
      assert.ok(duringCut.length > 0, 'reads kept being served during the cut');
      assert.ok(duringCut.every((p) => p === PRIMARY_PORT), 'reads went to the primary while the replica was down');
      assert.equal(router.stats().nodes[1]?.healthy, false);
      proxy.dropAll();
      await proxy.accept();
      const healedAt = ports.length;
      await waitFor('reads to return to the replica', async () => {
        await sleep(50);
        return ports.slice(healedAt).includes(REPLICA_PORT);
      });
    } finally {
      stop = true;
      await Promise.all(workers);
    }
    assert.deepEqual(failures, [], 'no read or write failed');
    assert.ok(ports.length > 10, `reads: ${ports.length}`);
    assert.ok(writePorts.length > 0);
    assert.ok(writePorts.every((p) => p === PRIMARY_PORT), 'every write ran on the primary');
    const { rows } = await admin.query<{ port: number; n: string }>('select port, count(*) as n from router_failover_writes group by port');
    assert.deepEqual(rows, [{ port: PRIMARY_PORT, n: String(writePorts.length) }], 'no write reached the replica');
    assert.equal(router.stats().nodes[1]?.healthy, true);
    assert.ok(events.includes('down proxied') && events.lastIndexOf('up proxied') > events.indexOf('down proxied'), events.join(', '));
  });

  it('moves reads stuck on a black-holed replica to the primary once the probe times out', async () => {
    const holed = await startTcpProxy({ targetUrl: db.replicaUrl ?? '' });
    const stuck = createRouter({
      primary: { connectionString: db.url, max: 2 },
      replicas: [{ connectionString: holed.url, name: 'holed', max: 2, acquireTimeoutMillis: 1_000 }],
      healthCheckIntervalMillis: 100,
      healthCheckTimeoutMillis: 300,
      healthCheckMaxBackoffMillis: 300,
    });
    try {
      await stuck.checkHealth();
      await stuck.query('select 1'); // a pooled connection to the replica exists
      holed.pause();
      const reads = await Promise.all(
        [0, 1, 2].map(() => stuck.query<{ port: number }>('select inet_server_port() as port').then((r) => r.rows[0]?.port)),
      );
      assert.deepEqual(reads, [PRIMARY_PORT, PRIMARY_PORT, PRIMARY_PORT]);
      assert.equal(stuck.stats().nodes[1]?.healthy, false);
    } finally {
      holed.resume();
      await stuck.end();
      await holed.close();
    }
  });

  it('starts with an unreachable replica: reads go to the primary and the replica joins when it appears', async () => {
    const refused = await startTcpProxy({ targetUrl: db.replicaUrl ?? '' });
    await refused.refuse();
    const late = createRouter({
      primary: { connectionString: db.url, max: 2 },
      replicas: [{ connectionString: refused.url, max: 2, acquireTimeoutMillis: 1_000 }],
      healthCheckIntervalMillis: 100,
      healthCheckMaxBackoffMillis: 300,
    });
    try {
      await late.checkHealth();
      const node = late.stats().nodes[1];
      assert.equal(node?.healthy, false);
      assert.match(node?.lastError ?? '', /ECONNREFUSED|connect/);
      const { rows } = await late.query<{ port: number }>('select inet_server_port() as port');
      assert.equal(rows[0]?.port, PRIMARY_PORT);
      await refused.accept();
      await waitFor('the replica to be probed healthy', async () => {
        await sleep(50);
        return late.stats().nodes[1]?.healthy === true;
      });
      const again = await late.query<{ port: number }>('select inet_server_port() as port');
      assert.equal(again.rows[0]?.port, REPLICA_PORT);
    } finally {
      await late.end();
      await refused.close();
    }
  });
});
