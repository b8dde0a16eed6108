/**
 * Reads pg_stat_statements from a live server as statement entries, one per
 * row (calls and total time kept). The session is read-only with a timeout.
 */
import pg from 'pg';
import type { StatementEntry } from '../ingest/types.js';
import { ConnectionError } from '../errors.js';
import { redactConnectionString } from '../redact-connection-string.js';

export async function readLivePgStatStatements(connectionString: string): Promise<{ entries: StatementEntry[]; source: string }> {
  const source = redactConnectionString(connectionString);
  const client = new pg.Client({ connectionString, application_name: 'pgopt analyze' });
  client.on('error', () => {
    // a dropped connection surfaces through the pending query; nothing else to do
  });
  try {
    await client.connect();
  } catch (error) {
    throw new ConnectionError(`cannot connect to ${source}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    await client.query("set default_transaction_read_only = on; set statement_timeout = '30s'");
    const columns = await client.query<{ attname: string }>(
      "select attname from pg_attribute where attrelid = to_regclass('pg_stat_statements') and attnum > 0 and not attisdropped",
    );
    if (columns.rows.length === 0) {
      throw new ConnectionError(`pg_stat_statements is not installed in ${source}`, {});
    }
    const names = new Set(columns.rows.map((row) => row.attname));
    const total = names.has('total_exec_time') ? 'total_exec_time' : 'total_time';
    const { rows } = await client.query<{ query: string; calls: string; total: number; rows: string; queryid: string | null }>(
      `select query, calls::text as calls, ${total} as total, rows::text as rows, queryid::text as queryid from pg_stat_statements where calls > 0 and query is not null`,
    );
    const entries: StatementEntry[] = rows.map((row, index) => {
      const calls = Number(row.calls);
      return {
        type: 'statement',
        line: index + 1,
        query: row.query,
        calls,
        totalMs: row.total,
        durationMs: calls > 0 ? row.total / calls : row.total,
        rows: Number(row.rows),
        ...(row.queryid === null ? {} : { queryId: row.queryid }),
      };
    });
    return { entries, source: `${source} (pg_stat_statements)` };
  } catch (error) {
    if (error instanceof ConnectionError) throw error;
    throw new ConnectionError(`reading pg_stat_statements from ${source} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
