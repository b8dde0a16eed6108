/**
 * src/sql/libpg.ts calls libpg-query's compiled module directly, with its own string copying. Its
 * results must be the package wrapper's, call for call: trees, PL/pgSQL trees, fingerprints,
 * normalized text, scans, and the errors of each, on ASCII, multi-byte and astral text and on
 * inputs large enough to grow WebAssembly memory. Where it differs, on purpose: a NUL in the text is
 * a syntax error (the wrapper silently parsed only what came before it), and an empty text is an
 * error for every call (the wrapper returned its error message as a fingerprint or normalized text).
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
// About 3 MB of SQL: its parse needs more than the 128 MiB WebAssembly memory starts with, so memory
// grows during the call and the result is read through the new heap view.
const huge = Array.from({ length: 150_000 }, (_, i) => `SELECT ${i} AS "c${i}é";`).join('\n');
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

test('a text whose parse grows WebAssembly memory parses as the package parses it', () => {
  const ours = parseSqlTree(huge);
  assert.equal(ours.stmts?.length, 150_000);
  assert.deepEqual(ours, wrapper.parseSync(huge));
});

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

test('a NUL character is a syntax error at its position, not the silent end of the text', () => {
  const sql = 'CREATE INDEX i ON t (a);\nSELECT \'é😀\';\0\nCREATE INDEX j ON t (b);';
  // The wrapper stops reading at the NUL: index j is never seen.
  assert.equal(wrapper.parseSync(sql).stmts?.length, 2);
  const error = outcome(() => parseSqlTree(sql)) as { error: string; position: number };
  assert.equal(error.error, 'invalid byte sequence for encoding "UTF8": 0x00');
  assert.equal([...sql].slice(error.position).join('').charCodeAt(0), 0);
  for (const call of [normalizeWithLibpg, fingerprintWithLibpg, scanSql, parsePlpgsqlTree]) assert.throws(() => call('SELECT 1\0'), /0x00/);
});

test('an empty text is an error for every call', () => {
  for (const call of [normalizeWithLibpg, fingerprintWithLibpg, parseSqlTree]) assert.throws(() => call(''), /empty/);
});

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
