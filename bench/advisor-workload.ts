/**
 * Index advisor benchmark: the shop workload (test/fixtures/advise) timed with
 * no secondary indexes, with pgopt's suggestions (live with HypoPG, and
 * offline from the schema SQL and the plans), and with a hand-chosen expert
 * set; reports workload time (summed EXPLAIN ANALYZE execution time, best of
 * `--repeat` warm runs) and index counts.
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
import { loadShop, runWorkload, shopSchemaSql, shopShapes, toQueryStats, workloadMs } from '../test/fixtures/advise/shop-workload.js';
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

/**
 * Workload time: per shape, the best of `repeat` warm runs, summed. The
 * machine is shared, so one noisy run of one shape must not decide a ratio.
 */
async function measure(client: pg.Client, shapes: readonly Shape[]): Promise<{ ms: number; runs: ShapeRun[] }> {
  let best: ShapeRun[] | undefined;
  for (let i = 0; i < repeat; i++) {
    const runs = await runWorkload(client, shapes);
    best = best === undefined ? runs : best.map((run, j) => (runs[j]!.executionMs < run.executionMs ? runs[j]! : run));
  }
  return { ms: workloadMs(best!), runs: best! };
}

async function withIndexes(client: pg.Client, ddl: readonly string[], shapes: readonly Shape[]): Promise<{ ms: number; runs: ShapeRun[] }> {
  const before = new Set((await client.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1', [schema])).rows.map((r) => r.indexname));
  for (const statement of ddl) await client.query(statement.replace('CONCURRENTLY ', ''));
  await client.query(`VACUUM ANALYZE ${schema}.orders, ${schema}.customers, ${schema}.events, ${schema}.products`);
  const result = await measure(client, shapes);
  const created = (await client.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1', [schema])).rows
    .map((r) => r.indexname)
    .filter((name) => !before.has(name));
  for (const name of created) await client.query(`DROP INDEX ${schema}."${name}"`);
  return result;
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
  const none = await measure(client, shapes);

  t = performance.now();
  const live = await adviseIndexes(stats, { database: { connectionString: url } });
  const liveAdviseMs = performance.now() - t;
  t = performance.now();
  const offline = await adviseIndexes(stats, { schemaSql: [{ path: 'schema.sql', sql: shopSchemaSql(schema) }] });
  const offlineAdviseMs = performance.now() - t;
  if (needsTrgm(live.indexes) || needsTrgm(offline.indexes)) await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');

  const liveRun = await withIndexes(client, live.indexes.map((i) => i.ddl), shapes);
  const offlineRun = await withIndexes(client, offline.indexes.map((i) => i.ddl), shapes);
  const expertRun = await withIndexes(client, expert(schema), shapes);

  const rows = [
    ['no secondary indexes', 0, none.ms],
    ['pgopt --database (HypoPG)', live.indexes.length, liveRun.ms],
    ['pgopt offline (--schema + plans)', offline.indexes.length, offlineRun.ms],
    ['expert set', expert(schema).length, expertRun.ms],
  ] as const;
  const out: string[] = [];
  out.push(`load ${Math.round(loadMs)} ms; ${shapes.length} shapes, ${shapes.reduce((n, s) => n + s.calls, 0)} calls; per shape the best of ${repeat} warm runs`);
  out.push(`advisor time: live ${Math.round(liveAdviseMs)} ms, offline ${Math.round(offlineAdviseMs)} ms`);
  out.push('');
  out.push('| index set | indexes | workload ms | vs expert |');
  out.push('|---|---:|---:|---:|');
  for (const [name, count, ms] of rows) out.push(`| ${name} | ${count} | ${ms.toFixed(1)} | ${(ms / expertRun.ms).toFixed(2)}x |`);
  out.push('');
  out.push('per shape (ms): none / live / offline / expert');
  shapes.forEach((shape, i) => {
    out.push(`  ${shape.name}: ${[none, liveRun, offlineRun, expertRun].map((r) => r.runs[i]!.executionMs.toFixed(1)).join(' / ')}`);
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
