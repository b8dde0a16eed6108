/**
 * Pool speed: the same workload through pgopt's pool, pg.Pool, and pg.Pool in
 * front of pgbouncer (transaction mode), alternated round by round in one run.
 * 64 concurrent callers, 10 server connections for every contender.
 *
 *   node --import tsx bench/pool-speed.ts            # PGOPT_BENCH_ROUND_MILLIS=2000 PGOPT_BENCH_ROUNDS=3 by default
 *
 * Reports throughput and p50/p99 latency per contender and workload, and
 * pgopt's ratios to pg.Pool. Not a test: figures go to docs/benchmarks.md.
 */
import pg from 'pg';
import { benchDatabaseUrl, benchRowCount, benchTable, prepareBenchTable } from './pool-bench-table.js';
import { createPool } from '../src/pool/index.js';
import { startPgbouncer, type PgbouncerHandle } from './pool-pgbouncer.js';

const url = benchDatabaseUrl;
const roundMillis = Number(process.env['PGOPT_BENCH_ROUND_MILLIS'] ?? 2_000);
const rounds = Number(process.env['PGOPT_BENCH_ROUNDS'] ?? 3);
const callers = 64;
const poolSize = 10;
const table = benchTable;
const rowCount = benchRowCount;

interface Contender {
  readonly name: string;
  query(text: string, values?: unknown[]): Promise<unknown>;
  /** Borrow and give back a connection, no query: the pool's own cost. Undefined for pgbouncer. */
  cycle: (() => Promise<void>) | undefined;
  end(): Promise<void>;
}

interface Workload {
  readonly name: string;
  exec(contender: Contender): Promise<unknown>;
  applies(contender: Contender): boolean;
}

interface Cell {
  queries: number;
  errors: number;
  millis: number;
  latencies: number[];
}

const workloads: Workload[] = [
  { name: 'SELECT 1', exec: (c) => c.query('select 1'), applies: () => true },
  {
    name: 'indexed read',
    exec: (c) => c.query(`select val from ${table} where id = $1`, [1 + Math.floor(Math.random() * rowCount)]),
    applies: () => true,
  },
  { name: 'borrow+release only', exec: (c) => c.cycle?.() ?? Promise.resolve(), applies: (c) => c.cycle !== undefined },
];

async function cycleOf(pool: { connect(): Promise<{ release(): void }> }): Promise<void> {
  const client = await pool.connect();
  client.release();
}

async function prepare(): Promise<void> {
  await prepareBenchTable(url);
}

async function contenders(bouncer: PgbouncerHandle | undefined): Promise<Contender[]> {
  const list: Contender[] = [];
  const pgPool = new pg.Pool({ connectionString: url, max: poolSize });
  list.push({ name: 'pg.Pool', query: (t, v) => pgPool.query(t, v), cycle: () => cycleOf(pgPool), end: () => pgPool.end() });
  // Production settings: nested-acquire detection is a development aid (off when NODE_ENV=production).
  const pgopt = createPool({ connectionString: url, max: poolSize, detectNestedAcquire: false });
  list.push({ name: 'pgopt', query: (t, v) => pgopt.query(t, v), cycle: () => cycleOf(pgopt), end: () => pgopt.end() });
  const pgoptDev = createPool({ connectionString: url, max: poolSize, detectNestedAcquire: true });
  list.push({ name: 'pgopt, dev checks on', query: (t, v) => pgoptDev.query(t, v), cycle: () => cycleOf(pgoptDev), end: () => pgoptDev.end() });
  if (bouncer !== undefined) {
    // With pgbouncer in front, each caller keeps its own client connection; pgbouncer multiplexes them onto 10.
    const viaBouncer = new pg.Pool({ connectionString: bouncer.url, max: callers });
    list.push({ name: 'pgbouncer (transaction, 10)', query: (t, v) => viaBouncer.query(t, v), cycle: undefined, end: () => viaBouncer.end() });
  }
  return list;
}

async function run(contender: Contender, workload: Workload, millis: number, cell: Cell | undefined): Promise<void> {
  const deadline = performance.now() + millis;
  const started = performance.now();
  let queries = 0;
  let errors = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await workload.exec(contender);
          latencies.push(performance.now() - t0);
          queries++;
        } catch {
          errors++;
        }
      }
    }),
  );
  if (cell === undefined) return;
  cell.millis += performance.now() - started;
  cell.queries += queries;
  cell.errors += errors;
  for (const latency of latencies) cell.latencies.push(latency);
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

async function main(): Promise<void> {
  await prepare();
  const bouncer = await startPgbouncer({ targetUrl: url, port: 6439, poolSize, maxClientConnections: 200 }).catch((error: unknown) => {
    process.stderr.write(`pgbouncer not measured: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  });
  const list = await contenders(bouncer);
  const cells = new Map<string, Cell>();
  try {
    for (const workload of workloads) {
      const eligible = list.filter((contender) => workload.applies(contender));
      for (const contender of eligible) await run(contender, workload, 400, undefined); // warm-up
      for (let round = 0; round < rounds; round++) {
        // Rotate the order each round so no contender always runs first or last.
        const order = eligible.map((_, i) => eligible[(i + round) % eligible.length]!);
        for (const contender of order) {
          const key = `${workload.name}\u0000${contender.name}`;
          const cell = cells.get(key) ?? { queries: 0, errors: 0, millis: 0, latencies: [] };
          cells.set(key, cell);
          await run(contender, workload, roundMillis, cell);
        }
      }
    }
  } finally {
    await Promise.all(list.map((contender) => contender.end()));
    await bouncer?.stop();
  }

  const lines = [
    `callers ${callers}, ${poolSize} server connections each, ${rounds} alternated rounds of ${roundMillis} ms per contender and workload`,
    '',
    '| workload | contender | queries/s | p50 ms | p99 ms | errors | vs pg.Pool (throughput, p99) |',
    '|---|---|---:|---:|---:|---:|---|',
  ];
  for (const workload of workloads) {
    const base = summarize(cells.get(`${workload.name}\u0000pg.Pool`));
    for (const contender of list.filter((c) => workload.applies(c))) {
      const s = summarize(cells.get(`${workload.name}\u0000${contender.name}`));
      const ratio = contender.name === 'pg.Pool' ? '1.00x, 1.00x' : `${(s.qps / base.qps).toFixed(2)}x, ${(s.p99 / base.p99).toFixed(2)}x`;
      lines.push(`| ${workload.name} | ${contender.name} | ${Math.round(s.qps)} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.errors} | ${ratio} |`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function summarize(cell: Cell | undefined): { qps: number; p50: number; p99: number; errors: number } {
  if (cell === undefined || cell.queries === 0) return { qps: 0, p50: 0, p99: 0, errors: cell?.errors ?? 0 };
  const sorted = Float64Array.from(cell.latencies).sort();
  return { qps: (cell.queries / cell.millis) * 1000, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), errors: cell.errors };
}

await main();
