import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lintMigrations } from '../../src/lint/index.js';
import { sidecarTransaction } from '../../src/lint/sidecar-transaction.js';

const concurrently = 'CREATE INDEX CONCURRENTLY orders_total ON orders (total);\n';

/** Rules that fired, per file name, for a run over `dir` with `preset`; `orders` already exists (history). */
async function fired(dir: string, preset: string): Promise<Record<string, string[]>> {
  writeFileSync(join(dir, 'history.sql'), 'CREATE TABLE orders (id int, total int);\n');
  const result = await lintMigrations(['migrations'], { cwd: dir, config: false, transaction: preset, history: ['history.sql'], runnerSetsTimeouts: true });
  const out: Record<string, string[]> = {};
  for (const file of result.files) out[file.path] = [];
  for (const finding of result.findings) out[finding.file]?.push(finding.rule);
  return out;
}

test("diesel: metadata.toml's run_in_transaction = false takes the migration out of the transaction", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgopt-diesel-'));
  try {
    for (const name of ['2024-01-01-000000_in_tx', '2024-01-02-000000_no_tx']) mkdirSync(join(dir, 'migrations', name), { recursive: true });
    writeFileSync(join(dir, 'migrations', '2024-01-01-000000_in_tx', 'up.sql'), concurrently);
    writeFileSync(join(dir, 'migrations', '2024-01-02-000000_no_tx', 'up.sql'), concurrently.replace('orders_total', 'orders_total2'));
    writeFileSync(join(dir, 'migrations', '2024-01-02-000000_no_tx', 'metadata.toml'), '# diesel\nrun_in_transaction = false\n');
    const rules = await fired(dir, 'diesel');
    assert.deepEqual(rules[join('migrations', '2024-01-01-000000_in_tx', 'up.sql')], ['ban-concurrent-index-creation-in-transaction']);
    assert.deepEqual(rules[join('migrations', '2024-01-02-000000_no_tx', 'up.sql')], []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("flyway: a script's .conf with executeInTransaction=false takes it out of the transaction", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgopt-flyway-'));
  try {
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', 'V2__in_tx.sql'), concurrently);
    writeFileSync(join(dir, 'migrations', 'V3__no_tx.sql'), concurrently.replace('orders_total', 'orders_total3'));
    writeFileSync(join(dir, 'migrations', 'V3__no_tx.sql.conf'), 'executeInTransaction=false\n');
    const rules = await fired(dir, 'flyway');
    assert.deepEqual(rules[join('migrations', 'V2__in_tx.sql')], ['ban-concurrent-index-creation-in-transaction']);
    assert.deepEqual(rules[join('migrations', 'V3__no_tx.sql')], []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sidecar settings: read only for their own tool, true/false both understood, anything else ignored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgopt-sidecar-'));
  try {
    const sql = join(dir, 'up.sql');
    writeFileSync(sql, concurrently);
    assert.equal(sidecarTransaction('diesel', sql), undefined, 'no metadata.toml');
    writeFileSync(join(dir, 'metadata.toml'), 'run_in_transaction = true\n');
    assert.equal(sidecarTransaction('diesel', sql), true);
    writeFileSync(join(dir, 'metadata.toml'), 'run_in_transaction = "maybe"\n');
    assert.equal(sidecarTransaction('diesel', sql), undefined);
    writeFileSync(join(dir, 'metadata.toml'), 'run_in_transaction = false\n');
    assert.equal(sidecarTransaction('knex', sql), undefined, "knex has no sidecar: diesel's file is not read");
    writeFileSync(`${sql}.conf`, 'executeInTransaction = FALSE\n');
    assert.equal(sidecarTransaction('flyway', sql), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
