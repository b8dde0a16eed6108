/**
 * src/sql/libpg.ts calls libpg-query's compiled module directly, with its own string copying. Its
 * results must be the package wrapper's, call for call: trees, PL/pgSQL trees, fingerprints,
 * normalized text, scans, and the errors of each, on ASCII, multi-byte and astral text and on
 * inputs large enough to grow WebAssembly memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type * as Libpg from 'libpg-query';
import {
  fingerprintWithLibpg,
  normalizeWithLibpg,
  parsePlpgsqlTree,
  parseSqlTree,
  scanSql,
  toSyntaxError,
} from '../../src/sql/libpg.js';

const wrapper = createRequire(import.meta.url)('libpg-query') as typeof Libpg;
await wrapper.loadModule();

/** What a call returned or threw, comparable across the two implementations. */
function outcome(call: () => unknown): unknown {
  try {
    return { value: call() };
  } catch (error) {
    const details = wrapper.hasSqlDetails(error) ? error.sqlDetails?.cursorPosition : undefined;
    const syntax = toSyntaxError(error);
    return { error: error instanceof Error ? error.message : String(error), position: details ?? syntax.position };
  }
}

const wide = `INSERT INTO t (a) VALUES ${Array.from({ length: 4000 }, (_, i) => `('é${i}😀')`).join(', ')};`;
const statements: readonly string[] = [
  'SELECT 1',
  'select a, b from t where c = $1 and d = \'x\'; update t set a = 2;',
  "CREATE TABLE naïve (id int PRIMARY KEY, name text DEFAULT 'café 😀');",
  'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT c;',
  "DO $$ BEGIN EXECUTE 'SELECT 1'; END $$;",
  "SELECT 'é' FROM; ",
  'SELECT 😀 FROM t WHERE',
  'CREATE TABLE (',
  '   ',
  '-- only a comment',
  wide,
];

for (const sql of statements) {
  const label = JSON.stringify(sql.length > 60 ? `${sql.slice(0, 60)}…` : sql);
  test(`parse ${label} as the package does`, () => {
    assert.deepEqual(
      outcome(() => parseSqlTree(sql)),
      outcome(() => wrapper.parseSync(sql)),
    );
  });
  test(`fingerprint, normalize and scan ${label} as the package does`, () => {
    assert.deepEqual(
      outcome(() => fingerprintWithLibpg(sql)),
      outcome(() => wrapper.fingerprintSync(sql)),
    );
    assert.deepEqual(
      outcome(() => normalizeWithLibpg(sql)),
      outcome(() => wrapper.normalizeSync(sql)),
    );
    assert.deepEqual(
      outcome(() => scanSql(sql)),
      outcome(() => wrapper.scanSync(sql).tokens),
    );
  });
}

test('an empty text is refused as the package refuses it', () => {
  assert.deepEqual(
    outcome(() => parseSqlTree('')),
    outcome(() => wrapper.parseSync('')),
  );
});

test('a syntax error carries the 0-based code point position of the offending token', () => {
  const sql = "SELECT 'é😀' FROM WHERE";
  const error = outcome(() => parseSqlTree(sql)) as { error: string; position: number };
  assert.match(error.error, /syntax error at or near "WHERE"/);
  assert.equal([...sql].slice(error.position).join(''), 'WHERE');
});

const plpgsql: readonly string[] = [
  "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'SELECT ''é😀'''; END $$;",
  'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1 +; END $$;',
  'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN IF THEN END $$;',
];
for (const sql of plpgsql) {
  test(`PL/pgSQL ${JSON.stringify(sql.slice(0, 70))} parses as the package parses it`, () => {
    assert.deepEqual(
      outcome(() => parsePlpgsqlTree(sql)),
      outcome(() => wrapper.parsePlPgSQLSync(sql)),
    );
  });
}

test('many calls in a row leave results unchanged (memory is freed and reused)', () => {
  const first = JSON.stringify(parseSqlTree(statements[2] as string));
  for (let i = 0; i < 2000; i++) parseSqlTree(statements[1] as string);
  assert.equal(JSON.stringify(parseSqlTree(statements[2] as string)), first);
});
