/**
 * The built-in function lists against a real PostgreSQL catalog: every name exists (no typo silently
 * sending a read to the primary), and every read-only built-in is callable on a hot standby.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testReplica } from '../helpers/database.js';
import { BUILTIN_READ_ONLY_FUNCTIONS, BUILTIN_WRITE_FUNCTIONS } from '../../src/sql/classify-functions.js';

const db = await testReplica();
// Extension functions, SQL-standard syntax with no pg_proc row of that name (trim), and PostgreSQL 16+ functions.
const notInCatalog = new Set([
  'uuid_generate_v4',
  'pg_stat_statements_reset',
  'multirange',
  'strip',
  'trim',
  'any_value',
  'random_normal',
]);

describe('built-in function lists against the catalog', { skip: db.skip }, () => {
  let replica: pg.Client;

  before(async () => {
    replica = new pg.Client({ connectionString: db.replicaUrl });
    await replica.connect();
  });
  after(async () => {
    await replica.end();
  });

  it('names only functions PostgreSQL has', async () => {
    const names = [...BUILTIN_READ_ONLY_FUNCTIONS, ...BUILTIN_WRITE_FUNCTIONS].filter((name) => !notInCatalog.has(name));
    const { rows } = await replica.query<{ proname: string }>(
      "select distinct proname from pg_proc where pronamespace = 'pg_catalog'::regnamespace and proname = any($1)",
      [names],
    );
    const found = new Set(rows.map((row) => row.proname));
    assert.deepEqual(names.filter((name) => !found.has(name)), []);
  });

  it('lists no read-only function that is refused on a hot standby', async () => {
    // The write list's members that fail on a standby are the reason they are write functions; a read-only
    // one failing with "cannot execute ... during recovery" (25006) would be a routing bug.
    const samples: readonly string[] = [
      'select now(), clock_timestamp(), random(), gen_random_uuid()',
      'select pg_last_wal_replay_lsn(), pg_is_in_recovery(), pg_last_xact_replay_timestamp()',
      "select current_setting('server_version'), version(), inet_server_port(), pg_backend_pid()",
      "select pg_size_pretty(pg_database_size(current_database())), to_regclass('pg_class')",
      'select pg_current_snapshot(), txid_current_snapshot()',
      "select jsonb_build_object('a', 1), to_tsvector('simple', 'a b'), pg_typeof(1)",
      'select pg_sleep(0)',
    ];
    for (const sql of samples) await replica.query(sql);
    for (const sql of ['select txid_current()', "select nextval('pg_catalog.pg_class'::regclass)", 'select pg_current_wal_lsn()']) {
      await assert.rejects(replica.query(sql), (error: { code?: string }) => ['25006', '55000', '42809'].includes(error.code ?? ''), sql);
    }
  });
});
