/**
 * Failover run: a read workload (with a write every tenth query) through the
 * router while the replica, reached through a TCP proxy, is cut mid-workload
 * (every connection reset, new ones refused) and later healed. Reports failed
 * reads (target 0), how long until the router stopped using the replica, and
 * how long after the heal it used the replica again.
 *
 *   node --import tsx bench/router-failover.ts [--seconds 9] [--callers 16]
 */
import { parseArgs } from 'node:util';
import { createRouter } from '../src/router/index.js';
import { startTcpProxy } from '../test/helpers/tcp-proxy.js';

const { values } = parseArgs({
  options: {
    primary: { type: 'string', default: process.env['PGOPT_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test' },
    replica: { type: 'string', default: process.env['PGOPT_TEST_REPLICA_URL'] ?? 'postgres://postgres@127.0.0.1:5433/test' },
    seconds: { type: 'string', default: '9' },
    callers: { type: 'string', default: '16' },
  },
});
const totalMillis = Number(values.seconds) * 1000;
const callers = Number(values.callers);
const sleep = (millis: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, millis));

const proxy = await startTcpProxy({ targetUrl: values.replica });
const router = createRouter({
  primary: { connectionString: values.primary, max: 8 },
  replicas: [{ connectionString: proxy.url, name: 'replica', max: 8, acquireTimeoutMillis: 2_000 }],
  healthCheckIntervalMillis: 250,
  healthCheckTimeoutMillis: 1_000,
  healthCheckMaxBackoffMillis: 1_000,
});
await router.query('create table if not exists router_bench_writes (id bigserial primary key, at timestamptz default now())');
await router.checkHealth();

let downAt: number | undefined;
let upAt: number | undefined;
router.on('node-down', () => (downAt ??= performance.now()));
router.on('node-up', () => {
  if (downAt !== undefined) upAt ??= performance.now();
});

let stop = false;
let reads = 0;
let writes = 0;
let failedReads = 0;
let failedWrites = 0;
let firstReplicaReadAfterHeal: number | undefined;
let healedAt: number | undefined;
const started = performance.now();
const workers = Array.from({ length: callers }, async (_, index) => {
  for (let i = 0; !stop; i++) {
    if (i % 10 === index % 10) {
      try {
        await router.query('insert into router_bench_writes default values');
        writes++;
      } catch {
        failedWrites++;
      }
      continue;
    }
    try {
      const { rows } = await router.query<{ port: number }>('select inet_server_port() as port');
      reads++;
      if (healedAt !== undefined && firstReplicaReadAfterHeal === undefined && rows[0]?.port !== 5432) {
        firstReplicaReadAfterHeal = performance.now();
      }
    } catch {
      failedReads++;
    }
  }
});

await sleep(totalMillis / 3);
const cutAt = performance.now();
proxy.dropAll();
await proxy.refuse();
await sleep(totalMillis / 3);
await proxy.accept();
healedAt = performance.now();
await sleep(totalMillis / 3);
stop = true;
await Promise.all(workers);
const elapsed = (performance.now() - started) / 1000;

const ms = (from: number | undefined, to: number | undefined): string =>
  from === undefined || to === undefined ? 'n/a' : `${Math.round(to - from)} ms`;
console.log(
  `${callers} callers, ${elapsed.toFixed(1)} s: ${reads} reads (${failedReads} failed), ${writes} writes (${failedWrites} failed); ` +
    `cut → replica marked down: ${ms(cutAt, downAt)}; heal → replica probed healthy: ${ms(healedAt, upAt)}; ` +
    `heal → first read on the replica: ${ms(healedAt, firstReplicaReadAfterHeal)}`,
);
console.log(JSON.stringify(router.stats().nodes.map(({ name, served, errors }) => ({ name, served, errors }))));
await router.query('drop table if exists router_bench_writes');
await router.end();
await proxy.close();
