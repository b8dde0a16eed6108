/**
 * Router overhead: the same read workload through pgopt's pool used directly on
 * the replica and through the router (which classifies, balances and routes to
 * that replica over its own pgopt pool), alternated in one run.
 *
 *   node --import tsx bench/router-overhead.ts [--primary URL] [--replica URL] [--seconds 3] [--rounds 3] [--callers 32]
 *
 * Target: the router loses under 5% of the pool's throughput.
 */
import { parseArgs } from 'node:util';
import { createPool } from '../src/pool/index.js';
import { createRouter } from '../src/router/index.js';

const { values } = parseArgs({
  options: {
    primary: { type: 'string', default: process.env['PGOPT_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test' },
    replica: { type: 'string', default: process.env['PGOPT_TEST_REPLICA_URL'] ?? 'postgres://postgres@127.0.0.1:5433/test' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    callers: { type: 'string', default: '32' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const callers = Number(values.callers);
const max = 8;

interface Runner {
  query(text: string, values?: readonly unknown[]): Promise<unknown>;
}

// A small indexed read and a trivial one, alternating, with a parameter so the statement is not cached server-side only.
const statements: readonly (readonly [string, readonly unknown[]])[] = [
  ['select id, note from router_bench where id = $1', [0]],
  ['select 1 as one', []],
];

async function run(runner: Runner): Promise<{ qps: number; p50: number; p99: number; cpuMicros: number }> {
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const [text, params] = statements[n++ % 2] as readonly [string, readonly unknown[]];
        const started = performance.now();
        await runner.query(text, text.includes('$1') ? [1 + (n % 1000)] : params);
        latencies.push(performance.now() - started);
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  // Client CPU per query is what the router adds; it is far less sensitive to other load on the machine than q/s.
  return { qps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), cpuMicros: (cpu.user + cpu.system) / latencies.length };
}

const setup = createPool({ connectionString: values.primary, max: 1 });
await setup.query('create table if not exists router_bench (id int primary key, note text not null)');
await setup.query("insert into router_bench select g, 'note ' || g from generate_series(1, 1000) g on conflict do nothing");
await setup.end();

const pool = createPool({ connectionString: values.replica, max });
const router = createRouter({
  primary: { connectionString: values.primary, max: 2 },
  replicas: [{ connectionString: values.replica, max }],
});
await router.checkHealth();
// Warm both: connections open, statements classified once.
await run({ query: (t, v) => pool.query(t, v) });
await run({ query: (t, v) => router.query(t, v) });

const results: {
  pool: number[];
  router: number[];
  poolP99: number[];
  routerP99: number[];
  poolP50: number[];
  routerP50: number[];
  poolCpu: number[];
  routerCpu: number[];
} = {
  poolCpu: [],
  routerCpu: [],
  pool: [],
  router: [],
  poolP99: [],
  routerP99: [],
  poolP50: [],
  routerP50: [],
};
const ratios: number[] = [];
for (let round = 0; round < rounds; round++) {
  // Pool first in even rounds, router first in odd ones: whatever drifts over a round (server-side
  // caches, checkpoints, the machine's other load) does not always favour the same contender.
  const poolRunner: Runner = { query: (t, v) => pool.query(t, v) };
  const routerRunner: Runner = { query: (t, v) => router.query(t, v) };
  const a = round % 2 === 0 ? await run(poolRunner) : undefined;
  const b = await run(routerRunner);
  const pooled = a ?? (await run(poolRunner));
  ratios.push(b.qps / pooled.qps);
  results.pool.push(pooled.qps);
  results.router.push(b.qps);
  results.poolP50.push(pooled.p50);
  results.routerP50.push(b.p50);
  results.poolCpu.push(pooled.cpuMicros);
  results.routerCpu.push(b.cpuMicros);
  results.poolP99.push(pooled.p99);
  results.routerP99.push(b.p99);
  console.log(`round ${round + 1}: pool ${pooled.qps.toFixed(0)} q/s (p50 ${pooled.p50.toFixed(2)} ms, p99 ${pooled.p99.toFixed(2)} ms, ${pooled.cpuMicros.toFixed(0)} µs CPU/query) | router ${b.qps.toFixed(0)} q/s (p50 ${b.p50.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms, ${b.cpuMicros.toFixed(0)} µs CPU/query)`);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const replicaServed = router.stats().nodes[1]?.served ?? 0;
const primaryServed = router.stats().nodes[0]?.served ?? 0;
console.log(
  `median: pool ${median(results.pool).toFixed(0)} q/s, router ${median(results.router).toFixed(0)} q/s, ratio ${(median(results.router) / median(results.pool)).toFixed(3)} ` +
    `(median of per-round ratios ${median(ratios).toFixed(3)}); ` +
    `p99 pool ${median(results.poolP99).toFixed(2)} ms, router ${median(results.routerP99).toFixed(2)} ms; ` +
    `client CPU/query pool ${median(results.poolCpu).toFixed(1)} µs, router ${median(results.routerCpu).toFixed(1)} µs (+${(
      (median(results.routerCpu) / median(results.poolCpu) - 1) *
      100
    ).toFixed(1)}%); ` +
    `router reads on replica ${replicaServed}, on primary ${primaryServed}`,
);
await router.end();
await pool.end();
const cleanup = createPool({ connectionString: values.primary, max: 1 });
await cleanup.query('drop table if exists router_bench');
await cleanup.end();
