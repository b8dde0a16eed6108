/**
 * Index advisor benchmark: the shop workload (test/fixtures/advise) timed with
 * no secondary indexes, with pgopt's suggestions (live with HypoPG, and
 * offline from the schema SQL and the plans), and with a hand-chosen expert
 * set; reports workload time (EXPLAIN ANALYZE execution time: per shape the
 * median call over `--repeat` interleaved rounds, times its calls), the
 * planner's estimated cost, and index counts.
 *
 *   node --import tsx bench/advisor-workload.ts --database postgres://postgres@127.0.0.1:5432/test [--repeat 3] [--calls-factor 5] [--keep]
 *
 * Needs HypoPG in the database (`CREATE EXTENSION hypopg`, done here) and
 * creates and drops its own schema `advisor_bench`.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { adviseIndexes } from '../src/advise/index.js';
import type { IndexSuggestion } from '../src/advise/index.js';
import { loadShop, runWorkload, shopSchemaSql, shopShapes, toQueryStats } from '../test/fixtures/advise/shop-workload.js';
import type { Shape, ShapeRun } from '../test/fixtures/advise/shop-workload.js';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    repeat: { type: 'string', default: '3' },
    'calls-factor': { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});
if (values.database === undefined) {
  process.stderr.write('usage: bench/advisor-workload.ts --database <url> [--repeat N] [--keep]\n');
  process.exit(2);
}
const url = values.database;
const repeat = Math.max(1, Number(values.repeat));
const schema = 'advisor_bench';

const expert = (s: string): string[] => [
  `CREATE INDEX ON ${s}.orders (customer_id, created_at DESC)`,
  `CREATE INDEX ON ${s}.orders (created_at) WHERE status = 'pending'`,
  `CREATE INDEX ON ${s}.customers (lower(email))`,
  `CREATE INDEX ON ${s}.events (customer_id, kind, created_at DESC)`,
  `CREATE INDEX ON ${s}.products (sku text_pattern_ops)`,
  `CREATE INDEX ON ${s}.events USING gin (payload jsonb_path_ops)`,
];

/** Appends a round's per-call times to the set's. */
function collect(a: ShapeRun[] | undefined, b: ShapeRun[]): ShapeRun[] {
  return a === undefined ? b : a.map((run, j) => ({ ...run, callMs: [...run.callMs, ...b[j]!.callMs] }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A shape's time: the median of its calls over all rounds, times its calls per
 * workload. The machine is shared: the median ignores the calls a load spike hit.
 */
function shapeMs(run: ShapeRun): number {
  return median(run.callMs) * run.shape.calls;
}

/** The planner's estimate for the workload: each SELECT shape's EXPLAIN cost (first call's values) x its calls. Noise-free. */
async function plannerCost(client: pg.Client, shapes: readonly Shape[]): Promise<number> {
  let total = 0;
  for (const shape of shapes) {
    if (!/^\s*SELECT/i.test(shape.sql)) continue;
    const result = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${shape.sql}`, shape.params(0));
    const data = result.rows[0]?.['QUERY PLAN'];
    const json = (typeof data === 'string' ? JSON.parse(data) : data) as [{ Plan: { 'Total Cost': number } }];
    total += json[0].Plan['Total Cost'] * shape.calls;
  }
  return total;
}

interface IndexSet {
  readonly name: string;
  readonly ddl: readonly string[];
  runs?: ShapeRun[];
  cost?: number;
}

/** Creates the set's indexes (plainly: CONCURRENTLY would wait on other sessions), runs the workload once, drops them. */
async function measureRound(client: pg.Client, set: IndexSet, shapes: readonly Shape[]): Promise<void> {
  const existing = async (): Promise<string[]> =>
    (await client.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1', [schema])).rows.map((r) => r.indexname);
  const before = new Set(await existing());
  for (const statement of set.ddl) await client.query(statement.replace('CONCURRENTLY ', ''));
  await client.query(`VACUUM ANALYZE ${schema}.orders, ${schema}.customers, ${schema}.events, ${schema}.products`);
  set.cost ??= await plannerCost(client, shapes);
  set.runs = collect(set.runs, await runWorkload(client, shapes));
  for (const name of (await existing()).filter((n) => !before.has(n))) await client.query(`DROP INDEX ${schema}."${name}"`);
}

function needsTrgm(indexes: readonly IndexSuggestion[]): boolean {
  return indexes.some((i) => i.columns.some((c) => c.endsWith('gin_trgm_ops')));
}

const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await client.query('CREATE EXTENSION IF NOT EXISTS hypopg');
  let t = performance.now();
  await loadShop(client, schema);
  const loadMs = performance.now() - t;
  const shapes = shopShapes(schema, undefined, Number(values['calls-factor']));
  // The "log": one run with plans, as auto_explain would record it.
  const logged = await runWorkload(client, shapes);
  const stats = toQueryStats(logged);

  t = performance.now();
  const live = await adviseIndexes(stats, { database: { connectionString: url } });
  const liveAdviseMs = performance.now() - t;
  t = performance.now();
  const offline = await adviseIndexes(stats, { schemaSql: [{ path: 'schema.sql', sql: shopSchemaSql(schema) }] });
  const offlineAdviseMs = performance.now() - t;
  if (needsTrgm(live.indexes) || needsTrgm(offline.indexes)) await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');

  const sets: IndexSet[] = [
    { name: 'no secondary indexes', ddl: [] },
    { name: 'pgopt --database (HypoPG)', ddl: live.indexes.map((i) => i.ddl) },
    { name: 'pgopt offline (--schema + plans)', ddl: offline.indexes.map((i) => i.ddl) },
    { name: 'expert set', ddl: expert(schema) },
  ];
  // Rounds interleave the sets, so load from other processes falls on all of them alike.
  for (let round = 0; round < repeat; round++) for (const set of sets) await measureRound(client, set, shapes);
  const ms = (set: IndexSet): number => set.runs!.reduce((sum, run) => sum + shapeMs(run), 0);
  const expertSet = sets[3]!;

  const out: string[] = [];
  out.push(`load ${Math.round(loadMs)} ms; ${shapes.length} shapes, ${shapes.reduce((n, sh) => n + sh.calls, 0)} calls; per shape the median call of ${repeat} interleaved rounds x its calls`);
  out.push(`advisor time: live ${Math.round(liveAdviseMs)} ms, offline ${Math.round(offlineAdviseMs)} ms`);
  out.push('');
  out.push('| index set | indexes | workload ms | vs expert | planner cost (SELECTs x calls) | vs expert |');
  out.push('|---|---:|---:|---:|---:|---:|');
  for (const set of sets) {
    out.push(
      `| ${set.name} | ${set.ddl.length} | ${ms(set).toFixed(1)} | ${(ms(set) / ms(expertSet)).toFixed(2)}x | ${Math.round(set.cost!)} | ${(set.cost! / expertSet.cost!).toFixed(2)}x |`,
    );
  }
  out.push('');
  out.push('per shape (ms): none / live / offline / expert');
  shapes.forEach((shape, i) => {
    out.push(`  ${shape.name}: ${sets.map((set) => shapeMs(set.runs![i]!).toFixed(1)).join(' / ')}`);
  });
  out.push('');
  out.push('verdicts of the shapes that need no index (live | offline):');
  shapes.forEach((shape, i) => {
    if (!shape.needsNoIndex) return;
    const fp = stats[i]!.fingerprint;
    const verdict = (result: typeof live): string => {
      const v = result.verdicts.find((x) => x.fingerprint === fp);
      return v === undefined ? '?' : v.index === null ? v.reason : `INDEX ${v.index}`;
    };
    out.push(`  ${shape.name}: ${verdict(live)} | ${verdict(offline)}`);
  });
  out.push('');
  out.push('live suggestions:');
  for (const index of live.indexes) out.push(`  ${index.ddl}`);
  out.push('offline suggestions:');
  for (const index of offline.indexes) out.push(`  ${index.ddl}`);
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  if (!values.keep) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
  await client.end();
}
