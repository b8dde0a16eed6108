/**
 * Read-your-writes, causal vs a fixed stickiness window. Sessions each insert a
 * row and then read their rows back ten times, 20 ms apart, over and over.
 * - causal: a router session (reads go to a replica once it has replayed the
 *   session's last write position);
 * - sticky 2 s: Rails' approach, every read within 2 s of the session's last
 *   write goes to the primary, later ones to a replica unchecked.
 * Reports the share of reads served by the replica and stale reads (a read that
 * did not see the session's own rows), alternated in one run.
 *
 *   node --import tsx bench/router-read-your-writes.ts [--seconds 6] [--sessions 8]
 */
import { parseArgs } from 'node:util';
import { createRouter } from '../src/router/index.js';
import type { Router } from '../src/router/index.js';

const { values } = parseArgs({
  options: {
    primary: { type: 'string', default: process.env['PGOPT_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test' },
    replica: { type: 'string', default: process.env['PGOPT_TEST_REPLICA_URL'] ?? 'postgres://postgres@127.0.0.1:5433/test' },
    seconds: { type: 'string', default: '6' },
    sessions: { type: 'string', default: '8' },
  },
});
const millis = Number(values.seconds) * 1000;
const sessions = Number(values.sessions);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Tally {
  reads: number;
  onReplica: number;
  stale: number;
}

const READ = 'select inet_server_port() as port, count(*)::int as n from router_bench_ryw where owner = $1';
const WRITE = 'insert into router_bench_ryw (owner) values ($1)';

async function causal(router: Router, owner: string, deadline: number, tally: Tally): Promise<void> {
  const session = router.session();
  for (let written = 1; performance.now() < deadline; written++) {
    await session.query(WRITE, [owner]);
    for (let i = 0; i < 10; i++) {
      const { rows } = await session.query<{ port: number; n: number }>(READ, [owner]);
      tally.reads++;
      if (rows[0]?.port !== 5432) tally.onReplica++;
      if (rows[0]?.n !== written) tally.stale++;
      await sleep(20);
    }
  }
}

async function sticky(router: Router, owner: string, deadline: number, tally: Tally): Promise<void> {
  let lastWrite = 0;
  for (let written = 1; performance.now() < deadline; written++) {
    await router.query(WRITE, [owner]);
    lastWrite = performance.now();
    for (let i = 0; i < 10; i++) {
      const target = performance.now() - lastWrite < 2_000 ? 'primary' : 'replica';
      const { rows } = await router.query<{ port: number; n: number }>(READ, [owner], { target });
      tally.reads++;
      if (rows[0]?.port !== 5432) tally.onReplica++;
      if (rows[0]?.n !== written) tally.stale++;
      await sleep(20);
    }
  }
}

const router = createRouter({
  primary: { connectionString: values.primary, max: 4 },
  replicas: [{ connectionString: values.replica, max: 4 }],
});
await router.query('drop table if exists router_bench_ryw');
await router.query('create table router_bench_ryw (id bigserial primary key, owner text not null)');
await router.query('create index on router_bench_ryw (owner)');
await sleep(500);
await router.checkHealth();

for (const [name, mode] of [['causal (pgopt session)', causal], ['sticky 2 s (Rails)', sticky], ['causal (pgopt session)', causal], ['sticky 2 s (Rails)', sticky]] as const) {
  const tally: Tally = { reads: 0, onReplica: 0, stale: 0 };
  const deadline = performance.now() + millis;
  const run = `${name}-${Math.random().toString(36).slice(2)}`;
  await Promise.all(Array.from({ length: sessions }, (_, i) => mode(router, `${run}-${i}`, deadline, tally)));
  console.log(`${name}: ${tally.reads} reads, ${((100 * tally.onReplica) / tally.reads).toFixed(1)}% on the replica, ${tally.stale} stale`);
}
await router.query('drop table if exists router_bench_ryw');
await router.end();
