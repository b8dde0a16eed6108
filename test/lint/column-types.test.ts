/** Where a declared column type is written: the span the type-hygiene fixes replace. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMigration } from '../../src/sql/migration-parse.js';
import { nodeKind } from '../../src/sql/migration-ast.js';
import { declaredTypes, writtenType } from '../../src/lint/column-types.js';
import type { LintStatement } from '../../src/lint/types.js';

/** The written form of each column type declared by the one statement in `sql`. */
function written(sql: string): (string | undefined)[] {
  const parsed = parseMigration(sql).statements[0];
  assert.ok(parsed);
  const statement: LintStatement = {
    ...parsed,
    index: 0,
    kind: nodeKind(parsed.node),
    text: sql.slice(parsed.start, parsed.end),
    lock: null,
    inTransaction: false,
    explicitDepth: 0,
  };
  return declaredTypes(statement).map((d) => {
    const w = writtenType(statement, d);
    return w === undefined ? undefined : `${sql.slice(w.start, w.end)} | ${w.name} | ${w.args} | ${w.array}`;
  });
}

test('spans cover the whole type as written: qualified, two-word, quoted, modifiers, zone, arrays', () => {
  assert.deepEqual(
    written('CREATE TABLE t (a pg_catalog.int4, b character varying (20)[ ], c "bpchar"(5), d timestamp(3) with time zone, e double precision, f national char(2), g varchar(9) COLLATE "C", h int)'),
    [
      'pg_catalog.int4 | int4 |  | ',
      'character varying (20)[ ] | character varying | (20) | []',
      '"bpchar"(5) | bpchar | (5) | ',
      'timestamp(3) with time zone | timestamp | (3) | ',
      'double precision | double precision |  | ',
      'national char(2) | char | (2) | ',
      'varchar(9) | varchar | (9) | ',
      'int | int |  | ',
    ],
  );
});

test('no span (so no rewrite) when the type may go on past what is matched', () => {
  assert.deepEqual(written('CREATE TABLE t (a timestamp /* local */ without time zone, b int ARRAY, c int array[4], d interval day to second)'), [
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
});
