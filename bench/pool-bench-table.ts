/**
 * The table both pool benchmarks read (pool-speed, pool-chaos): `pool_bench_items`, 10,000 rows with
 * an integer primary key, created and filled once per database.
 */
import pg from 'pg';

export const benchDatabaseUrl =
  process.env['PGOPT_BENCH_DATABASE_URL'] ?? process.env['PGOPT_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const benchTable = 'pool_bench_items';
export const benchRowCount = 10_000;

/** Creates and fills the table unless it already holds exactly benchRowCount rows. */
export async function prepareBenchTable(url = benchDatabaseUrl): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create table if not exists ${benchTable} (id int primary key, val text not null)`);
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from ${benchTable}`);
    if (rows[0]?.n !== benchRowCount) {
      await client.query(`truncate ${benchTable}`);
      await client.query(`insert into ${benchTable} select g, md5(g::text) from generate_series(1, ${benchRowCount}) g`);
      await client.query(`analyze ${benchTable}`);
    }
  } finally {
    await client.end();
  }
}
