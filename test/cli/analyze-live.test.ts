import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testDatabase } from '../helpers/database.js';
import { runCli } from '../helpers/run-cli.js';

const db = await testDatabase();
const schema = `pgopt_pgss_${process.pid}`;

/** The URL with a search_path, so an unqualified pg_stat_statements resolves to the test's own table. */
function withSearchPath(url: string, path: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${path}`);
  return parsed.toString();
}

describe('pgopt analyze --pg-stat-statements (live)', { skip: db.skip }, () => {
  let client: pg.Client;
  before(async () => {
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    // A stand-in with pg_stat_statements' columns: the real view needs shared_preload_libraries.
    await client.query(`create schema ${schema}`);
    await client.query(`create table ${schema}.pg_stat_statements (queryid bigint, query text, calls bigint, total_exec_time double precision, rows bigint)`);
    await client.query(`insert into ${schema}.pg_stat_statements values
      (1, 'select * from orders where customer_id = $1', 1000, 5000.5, 1000),
      (2, 'update orders set status = $1 where id = $2', 10, 20, 10),
      (3, 'SELECT * FROM orders WHERE customer_id = $1', 500, 2499.5, 500)`);
  });
  after(async () => {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it('reads each row as calls and total time, merged by fingerprint, without printing the password', async () => {
    const url = withSearchPath(db.url, schema);
    const run = await runCli(['analyze', '--no-advise', '--format', 'json', '--database', url, '--pg-stat-statements']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { summary: { statements: number; totalDurationMs: number }; queries: { calls: number; totalMs: number; query: string }[]; inputs: { path: string; format: string }[] };
    assert.equal(report.summary.statements, 1510);
    assert.equal(report.summary.totalDurationMs, 7520);
    assert.equal(report.queries[0]?.calls, 1500);
    assert.equal(report.queries[0]?.totalMs, 7500);
    assert.equal(report.inputs[0]?.format, 'pg-stat-statements');
  });

  it('says clearly when pg_stat_statements is missing', async () => {
    const url = withSearchPath(db.url, `${schema}_missing`);
    const run = await runCli(['analyze', '--database', url.replace('postgres@', 'postgres:hunter2@'), '--pg-stat-statements']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /pg_stat_statements/);
    assert.doesNotMatch(run.stderr + run.stdout, /hunter2/);
  });
});
