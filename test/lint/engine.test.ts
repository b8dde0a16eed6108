import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrationRules } from '../../rules/migration/index.js';
import { lintSources, renderTemplate } from '../../src/lint/engine.js';
import type { LintSource } from '../../src/lint/engine.js';
import { DEFAULT_LINT_SETTINGS } from '../../src/lint/lint-settings.js';
import { selectRules } from '../../src/lint/rule-selection.js';
import type { LintSettings } from '../../src/lint/types.js';

function lint(sources: readonly LintSource[] | string, settings: Partial<LintSettings> = {}, enableAll = false) {
  const list = typeof sources === 'string' ? [{ path: 'm.sql', text: sources, linted: true }] : sources;
  return lintSources(list, { ...DEFAULT_LINT_SETTINGS, ...settings }, selectRules(migrationRules, { enableAll }), migrationRules);
}

test('psql meta-commands, COPY data and placeholders do not break a file', () => {
  const sql = [
    '\\set ON_ERROR_STOP on',
    'CREATE TABLE t (a int);',
    'COPY t (a) FROM stdin;',
    '1',
    '2',
    '\\.',
    'ALTER TABLE ${schema}.orders ALTER COLUMN total TYPE bigint;',
    "DO $$ BEGIN RAISE NOTICE 'x;y'; END $$;",
  ].join('\n');
  const result = lint(sql);
  assert.deepEqual(result.files[0]?.parseErrors, []);
  assert.equal(result.files[0]?.statements, 4);
  const typeChange = result.findings.find((f) => f.rule === 'changing-column-type');
  assert.equal(typeChange?.line, 7);
});

test('a bad statement is reported with line and column and the rest is still linted', () => {
  const result = lint('CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;\n  SELEC 1;\nCREATE INDEX i ON orders (a);\n');
  assert.deepEqual(result.files[0]?.parseErrors, [{ line: 3, column: 3, message: 'syntax error at or near "SELEC"' }]);
  assert.equal(result.files[0]?.statements, 3);
  assert.deepEqual(result.findings.filter((f) => f.rule === 'require-concurrent-index-creation').map((f) => f.line), [4]);
});

test('a syntax error after multi-byte and astral text in the same statement points at its token', () => {
  // PostgreSQL counts the cursor in characters: é is two UTF-8 bytes, 😀 four bytes and two UTF-16 units.
  const result = lint("SELECT 1;\nSELECT 'é😀é' FROM WHERE;\n");
  assert.deepEqual(result.files[0]?.parseErrors, [{ line: 2, column: 20, message: 'syntax error at or near "WHERE"' }]);
});

test('a NUL byte in a file is a parse error where it is, and the statements after it are still linted', () => {
  const result = lint('CREATE INDEX i ON orders (a);\nSELECT 1\0;\nCREATE INDEX j ON orders (b);\n');
  assert.deepEqual(result.files[0]?.parseErrors, [{ line: 2, column: 9, message: 'invalid byte sequence for encoding "UTF8": 0x00' }]);
  assert.deepEqual(result.findings.filter((f) => f.rule === 'require-concurrent-index-creation').map((f) => f.line), [1, 3]);
});

test('columns count characters, not bytes, after multi-byte text and CRLF line ends', () => {
  const result = lint("COMMENT ON TABLE x IS 'héllo wörld';\r\nCREATE INDEX i ON orders (a);\r\n");
  const finding = result.findings.find((f) => f.rule === 'require-concurrent-index-creation');
  assert.deepEqual([finding?.line, finding?.column], [2, 1]);
  const tail = lint("SELECT 'ü';  CREATE INDEX i ON orders (a);");
  assert.equal(tail.findings.find((f) => f.rule === 'require-concurrent-index-creation')?.column, 14);
});

test('every finding names its lock, the tables, what it blocks and whether it rewrites', () => {
  const result = lint('ALTER TABLE orders ALTER COLUMN id TYPE bigint;', {}, false);
  const finding = result.findings.find((f) => f.rule === 'changing-column-type');
  assert.deepEqual(finding?.lock, { mode: 'ACCESS EXCLUSIVE', tables: ['orders'], blocks: ['reads', 'writes', 'ddl'], rewrites: true, scans: true });
  const index = lint('CREATE INDEX i ON orders (a);').findings.find((f) => f.rule === 'require-concurrent-index-creation');
  assert.deepEqual(index?.lock, { mode: 'SHARE', tables: ['orders'], blocks: ['writes', 'ddl'], rewrites: false, scans: true });
});

test('the schema replays across files: a table created in an earlier file is new, old types are known', () => {
  const result = lint([
    { path: '001.sql', text: 'CREATE TABLE accounts (id int, name varchar(50));', linted: true },
    { path: '002.sql', text: 'CREATE INDEX a_name ON accounts (name);\nALTER TABLE accounts ALTER COLUMN name TYPE varchar(100);', linted: true },
    { path: '003.sql', text: 'ALTER TABLE accounts ALTER COLUMN id TYPE bigint;', linted: true },
  ]);
  assert.deepEqual(result.findings.filter((f) => f.file === '002.sql' && f.severity === 'error'), []);
  const history = lint([
    { path: '001.sql', text: 'CREATE TABLE accounts (id int, name varchar(50));', linted: false },
    { path: '002.sql', text: 'ALTER TABLE accounts ALTER COLUMN name TYPE text;\nALTER TABLE accounts ALTER COLUMN id TYPE bigint;', linted: true },
  ]);
  assert.deepEqual(history.findings.filter((f) => f.rule === 'changing-column-type').map((f) => [f.line, f.messageId]), [[2, 'rewrite']]);
  assert.deepEqual(history.files.map((f) => f.path), ['002.sql']);
});

test('ignore comments: above, trailing, file-wide, squawk ids, unknown names', () => {
  const sql = [
    "SET lock_timeout = '2s'; SET statement_timeout = '1min';",
    '-- pgopt-ignore require-concurrent-index-creation -- small table',
    'CREATE INDEX a ON orders (a);',
    'CREATE INDEX b ON orders (b); -- pgopt-ignore require-concurrent-index-creation',
    'CREATE INDEX c ON orders (c);',
    '-- squawk-ignore require-timeout-settings, ban-drop-column',
    'ALTER TABLE orders DROP COLUMN d;',
    '-- pgopt-ignore no-such-rule',
    'SELECT 1;',
  ].join('\n');
  const result = lint(sql);
  assert.deepEqual(
    result.findings.map((f) => `${f.line} ${f.rule}`),
    ['5 require-concurrent-index-creation', '8 invalid-ignore'],
  );
  const file = lint('-- pgopt-ignore-file\nDROP TABLE users;\nCREATE INDEX i ON orders (a);');
  assert.deepEqual(file.findings, []);
});

test('transaction presets decide where CONCURRENTLY can run', () => {
  const cic = 'CREATE INDEX CONCURRENTLY i ON orders (a);';
  const fired = (settings: Partial<LintSettings>, path = 'm.sql') =>
    lint([{ path, text: cic, linted: true }], settings).findings.some((f) => f.rule === 'ban-concurrent-index-creation-in-transaction');
  assert.equal(fired({}), false);
  assert.equal(fired({ assumeInTransaction: true }), true);
  assert.equal(fired({ transactionPreset: 'diesel' }), true);
  assert.equal(fired({ transactionPreset: 'ory' }, '20200101000000_x.autocommit.up.sql'), false);
  assert.equal(fired({ transactionPreset: 'golang-migrate' }), false, 'one statement is not an implicit transaction');
  assert.equal(fired({ transactionPreset: 'dbmate' }), true);
});

test('opt-in rules run only with enableAll', () => {
  const sql = 'CREATE TABLE public.t (id serial);';
  assert.equal(lint(sql).findings.some((f) => f.rule === 'prefer-identity'), false);
  assert.equal(lint(sql, {}, true).findings.some((f) => f.rule === 'prefer-identity'), true);
});

test('a file of only comments has no statements and no errors', () => {
  const result = lint('-- nothing here\n/* still nothing */\n');
  assert.deepEqual(result.files, [{ path: 'm.sql', statements: 0, parseErrors: [] }]);
  assert.deepEqual(result.findings, []);
});

test('ignore comments work with CR-only line ends too', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const sql = ['-- pgopt-ignore ban-drop-column', 'ALTER TABLE t DROP COLUMN c;', 'ALTER TABLE u DROP COLUMN d;', ''].join(eol);
    const result = lint(sql);
    assert.deepEqual(result.findings.filter((f) => f.rule === 'ban-drop-column').map((f) => f.line), [3], JSON.stringify(eol));
  }
});

test('run-end checks: an index added by a later migration satisfies foreign-key-without-index', () => {
  const fk = (table: string): string => `CREATE TABLE ${table} (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n`;
  const result = lint([
    { path: '001_users.sql', text: 'CREATE TABLE users (id bigint PRIMARY KEY);\n', linted: true },
    { path: '002_orders.sql', text: fk('orders') + fk('carts'), linted: true },
    // Indexed one migration later: fine. carts is never indexed: reported, on its own file and line.
    { path: '003_index.sql', text: 'CREATE INDEX orders_user ON orders (user_id);\n', linted: true },
    { path: '004_more.sql', text: '-- pgopt-ignore foreign-key-without-index -- reviewed: small table\n' + fk('notes'), linted: true },
  ]);
  const found = result.findings.filter((f) => f.rule === 'foreign-key-without-index').map((f) => `${f.file}:${f.line} ${f.message.split(':')[0]}`);
  assert.deepEqual(found, ['002_orders.sql:2 No index on carts (user_id)']);
});

test('run-end findings come back in file order with the rest', () => {
  const result = lint(
    [
      { path: 'a.sql', text: 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE e (id int, user_id bigint REFERENCES users (id));\n', linted: true },
      { path: 'b.sql', text: 'ALTER TABLE e ADD COLUMN note json;\n', linted: true },
    ],
    {},
    true,
  );
  const files = result.findings.map((f) => f.file);
  assert.deepEqual(files, [...files].sort());
  assert.ok(result.findings.some((f) => f.file === 'a.sql' && f.rule === 'foreign-key-without-index'));
  assert.ok(result.findings.some((f) => f.file === 'b.sql' && f.rule === 'prefer-jsonb'));
});

test('message templates: placeholders filled, unknown names and plain text kept as written', () => {
  const cases: [string, Record<string, string | number> | undefined, string][] = [
    ['Column `{{column}}` is {{type}}.', { column: 'a', type: 'json' }, 'Column `a` is json.'],
    ['{{ a }}{{b}}', { a: 1, b: 'x' }, '1x'],
    ['no placeholders', { a: 1 }, 'no placeholders'],
    ['{{missing}} stays, {{ spaced }} too', {}, '{{missing}} stays, {{ spaced }} too'],
    ['{{a}} without data', undefined, '{{a}} without data'],
    ['{{a}} twice {{a}}', { a: '$&' }, '$& twice $&'],
    ['', {}, ''],
  ];
  for (const [template, data, expected] of cases) {
    assert.equal(renderTemplate(template, data), expected, template);
    assert.equal(renderTemplate(template, data), expected, `${template} (from the cache)`);
  }
});
