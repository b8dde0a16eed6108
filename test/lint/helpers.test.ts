import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSqlTree } from '../../src/sql/libpg.js';
import { scanMigration } from '../../src/sql/migration-scan.js';
import { parsePgVersion } from '../../src/lint/lint-settings.js';
import { matchesGlob } from '../../src/lint/path-glob.js';
import { typeChangeRewrites } from '../../src/lint/type-change.js';
import { volatileFunctionIn } from '../../src/lint/volatile-default.js';

test('type changes: rewrite judged by the old and new types', () => {
  const cases: [string | undefined, string, boolean | undefined][] = [
    ['varchar(50)', 'varchar(100)', false],
    ['varchar(100)', 'varchar(50)', true],
    ['varchar(50)', 'text', false],
    ['varchar(50)', 'varchar', false],
    ['text', 'varchar', false],
    ['text', 'varchar(10)', true],
    ['numeric(10,2)', 'numeric(12,2)', false],
    ['numeric(10,2)', 'numeric(12,3)', true],
    ['numeric(10,2)', 'numeric', false],
    ['int4', 'int8', true],
    ['timestamp', 'timestamptz', true],
    ['cidr', 'inet', false],
    ['int4[]', 'int8[]', true],
    [undefined, 'text', undefined],
  ];
  for (const [from, to, rewrites] of cases) assert.equal(typeChangeRewrites(from, to), rewrites, `${from} -> ${to}`);
});

test('--pg-version parsing', () => {
  assert.deepEqual(parsePgVersion('18'), { major: 18, minor: undefined });
  assert.deepEqual(parsePgVersion('14.2'), { major: 14, minor: 2 });
  assert.deepEqual(parsePgVersion(16), { major: 16, minor: undefined });
  assert.deepEqual(parsePgVersion('9.6'), { major: 9.6, minor: undefined });
  assert.throws(() => parsePgVersion('latest'), /invalid PostgreSQL version "latest"/);
});

test('volatile defaults', () => {
  const defaultOf = (expr: string) => {
    const stmt = parseSqlTree(`SELECT ${expr}`).stmts?.[0]?.stmt;
    assert.ok(stmt !== undefined && 'SelectStmt' in stmt);
    const target = stmt.SelectStmt.targetList?.[0];
    assert.ok(target !== undefined && 'ResTarget' in target);
    return target.ResTarget.val;
  };
  const cases: [string, string | undefined][] = [
    ['10', undefined],
    ["'{}'::jsonb", undefined],
    ['now()', undefined],
    ["now() - interval '1 day'", undefined],
    ['current_timestamp', undefined],
    ['random()', 'random()'],
    ['gen_random_uuid()', 'gen_random_uuid()'],
    ["nextval('s')", 'nextval()'],
    ['now(123)', 'now()'],
    ['coalesce(1, random())', 'random()'],
  ];
  for (const [expr, volatile] of cases) assert.equal(volatileFunctionIn(defaultOf(expr)), volatile, expr);
});

test('exclude globs', () => {
  assert.equal(matchesGlob('migrations/001/down.sql', '**/down.sql'), true);
  assert.equal(matchesGlob('down.sql', '**/down.sql'), true);
  assert.equal(matchesGlob('migrations/001.down.sql', '**/*.down.sql'), true);
  assert.equal(matchesGlob('migrations/001.up.sql', '**/*.down.sql'), false);
  assert.equal(matchesGlob('db/seed/data.sql', 'seed/*.sql'), true);
  assert.equal(matchesGlob('db/seed/x/data.sql', 'seed/*.sql'), false);
  // Anchored at a directory boundary, not inside a name.
  assert.equal(matchesGlob('db/myseed/data.sql', 'seed/*.sql'), false);
  assert.equal(matchesGlob('/abs/migrations/2024/001.down.sql', '**/*.down.sql'), true);
  assert.equal(matchesGlob('/abs/migrations/2024/001.down.sql.bak', '**/*.down.sql'), false);
  assert.equal(matchesGlob('C:\\repo\\migrations\\001.down.sql', '**/*.down.sql'), true);
  assert.equal(matchesGlob('/abs/migrations/001.sql', '/abs/migrations/*.sql'), true);
});

test('the scanner splits statements around strings, dollar quotes and comments', () => {
  const sql = "SELECT ';'; -- a ; comment\nSELECT $x$ ; $x$; /* ; /* nested ; */ */ SELECT E'\\'';\nSELECT \"a;b\"";
  const scan = scanMigration(sql);
  assert.deepEqual(scan.statements.map((s) => sql.slice(s.start, s.end)), ["SELECT ';';", 'SELECT $x$ ; $x$;', "SELECT E'\\'';", 'SELECT "a;b"']);
  assert.deepEqual(scan.comments.map((c) => c.body), ['a ; comment', '; /* nested ; */']);
  assert.equal(scan.masked.length, sql.length);
});
