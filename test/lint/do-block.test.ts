/**
 * Statements inside DO blocks are linted like top-level ones (squawk issue #528): placed at their
 * own line and column, in the block's transaction, without fixes, and replayed into the schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrationRules } from '../../rules/migration/index.js';
import { lintSources } from '../../src/lint/engine.js';
import type { LintSource } from '../../src/lint/engine.js';
import { DEFAULT_LINT_SETTINGS } from '../../src/lint/lint-settings.js';
import { selectRules } from '../../src/lint/rule-selection.js';
import type { LintFinding } from '../../src/lint/types.js';

function lint(text: string, options: { enableAll?: boolean; history?: string } = {}) {
  const sources: LintSource[] = [];
  if (options.history !== undefined) sources.push({ path: 'history.sql', text: options.history, linted: false });
  sources.push({ path: 'm.sql', text, linted: true });
  return lintSources(sources, { ...DEFAULT_LINT_SETTINGS, runnerSetsTimeouts: true }, selectRules(migrationRules, { enableAll: options.enableAll }), migrationRules);
}

const where = (findings: readonly LintFinding[], rule: string) => findings.filter((f) => f.rule === rule).map((f) => [f.line, f.column]);

// drizzle-kit's foreign key migration, on tables an earlier migration created.
const drizzleForeignKey = [
  'DO $$ BEGIN',
  ' ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action;',
  'EXCEPTION',
  ' WHEN duplicate_object THEN null;',
  'END $$;',
].join('\n');
const history = 'CREATE TABLE users (id serial PRIMARY KEY);\nCREATE TABLE posts (id serial PRIMARY KEY, author_id int);\n';

test("a foreign key added inside drizzle's DO block is reported where it is written, without a fix", () => {
  const result = lint(drizzleForeignKey, { history });
  const finding = result.findings.find((f) => f.rule === 'adding-foreign-key-constraint');
  assert.deepEqual([finding?.line, finding?.column], [2, 26]);
  assert.equal(finding?.fix, undefined);
  assert.equal(finding?.lock?.mode, 'SHARE ROW EXCLUSIVE');
  assert.equal(result.files[0]?.statements, 1, 'the DO block counts as one statement of the file');
});

test('the same foreign key on tables created in the same file is not flagged', () => {
  const result = lint(`${history}${drizzleForeignKey}`);
  assert.deepEqual(where(result.findings, 'adding-foreign-key-constraint'), []);
  assert.deepEqual(where(result.findings, 'foreign-key-without-index'), [[4, 26]]);
});

test('CREATE INDEX CONCURRENTLY inside a DO block fails at run time, and is reported', () => {
  const result = lint('DO $$ BEGIN CREATE INDEX CONCURRENTLY i ON posts (author_id); END $$;', { history });
  assert.deepEqual(where(result.findings, 'ban-concurrent-index-creation-in-transaction'), [[1, 13]]);
});

test('a plain CREATE INDEX inside a DO block gets the in-transaction advice and no CONCURRENTLY fix', () => {
  const result = lint('DO $$\nBEGIN\n  IF true THEN\n    CREATE INDEX i ON posts (author_id);\n  END IF;\nEND\n$$;', { history });
  const finding = result.findings.find((f) => f.rule === 'require-concurrent-index-creation');
  assert.deepEqual([finding?.line, finding?.column, finding?.messageId, finding?.fix], [4, 5, 'createInTransaction', undefined]);
});

test('a table a DO block creates, in history or earlier in the file, is new to later statements', () => {
  const createInBlock = "DO $$ BEGIN CREATE TABLE audit (id int, note text); EXCEPTION WHEN duplicate_table THEN RAISE NOTICE 'exists'; END $$;\n";
  const inFile = lint(`${createInBlock}CREATE INDEX audit_note ON audit (note);`);
  assert.deepEqual(where(inFile.findings, 'require-concurrent-index-creation'), []);
  const fromHistory = lint('ALTER TABLE audit ALTER COLUMN note TYPE varchar(20);', { history: createInBlock });
  const typeChange = fromHistory.findings.find((f) => f.rule === 'changing-column-type');
  assert.match(typeChange?.message ?? '', /text/, 'the old type comes from the DO block in history');
});

test('an ignore comment above the DO statement covers the statements inside it', () => {
  const result = lint(`-- pgopt-ignore adding-foreign-key-constraint -- the referenced table is tiny\n${drizzleForeignKey}`, { history });
  assert.deepEqual(where(result.findings, 'adding-foreign-key-constraint'), []);
});

test('statements inside a DO block are not asked to be re-runnable: the block runs in one transaction', () => {
  const result = lint(drizzleForeignKey, { history, enableAll: true });
  assert.deepEqual(where(result.findings, 'prefer-robust-stmts'), []);
  assert.ok(where(result.findings, 'adding-foreign-key-constraint').length === 1);
});

test('columns inside a DO block count characters after multi-byte text', () => {
  const result = lint("DO $$ BEGIN RAISE NOTICE 'café ✓'; ALTER TABLE posts ALTER COLUMN author_id TYPE bigint; END $$;", { history });
  assert.deepEqual(where(result.findings, 'changing-column-type'), [[1, 36]]);
});

test('a single-quoted body is placed statement by statement, each doubled quote counted', () => {
  const result = lint(
    [
      "DO 'BEGIN ALTER TABLE posts ALTER COLUMN author_id TYPE bigint; RAISE NOTICE ''done''; END';",
      "DO '",
      'BEGIN',
      "  RAISE NOTICE ''it''''s''; ALTER TABLE posts ADD CONSTRAINT c CHECK (author_id <> 0);",
      "  -- pgopt-ignore ban-drop-column -- ''x'' is unused",
      '  ALTER TABLE posts DROP COLUMN x;',
      '  ALTER TABLE posts DROP COLUMN y;',
      "END';",
    ].join('\n'),
    { history },
  );
  assert.deepEqual(where(result.findings, 'changing-column-type'), [[1, 11]]);
  assert.deepEqual(where(result.findings, 'constraint-missing-not-valid'), [[4, 51]], 'at CONSTRAINT, after four removed quotes');
  assert.deepEqual(where(result.findings, 'ban-drop-column'), [[7, 3]], 'an ignore comment in a quoted body covers the statement below it');
});

test("an E'' body is placed through its backslash escapes; one it cannot read stays at the DO statement", () => {
  const result = lint(
    [
      String.raw`DO E'BEGIN RAISE NOTICE \'a\tb\\\'; ALTER TABLE posts ALTER COLUMN author_id TYPE bigint; END';`,
      String.raw`DO E'BEGIN RAISE NOTICE \'caf\xc3\xa9\'; ALTER TABLE posts ALTER COLUMN id TYPE bigint; END';`,
    ].join('\n'),
    { history },
  );
  // \xc3\xa9 are the two bytes of one character in UTF-8: not read here, so not placed.
  assert.deepEqual(where(result.findings, 'changing-column-type'), [
    [1, 37],
    [2, 1],
  ]);
});

test('EXECUTE of a constant string is linted inside the literal; SQL built at run time is not', () => {
  const result = lint(
    [
      "DO $$ BEGIN EXECUTE 'ALTER TABLE posts ALTER COLUMN author_id TYPE bigint'; END $$;",
      "DO $$ BEGIN EXECUTE 'ALTER TABLE posts ADD CONSTRAINT c CHECK (note <> ''x'')'; END $$;",
      "DO $$ BEGIN EXECUTE format('ALTER TABLE %I ALTER COLUMN author_id TYPE bigint', 'posts'); END $$;",
      "DO $$ BEGIN EXECUTE 'ALTER TABLE ' || 'posts' || ' ALTER COLUMN author_id TYPE bigint'; END $$;",
    ].join('\n'),
    { history },
  );
  assert.deepEqual(where(result.findings, 'changing-column-type'), [[1, 22]], 'at the statement inside the quotes');
  assert.deepEqual(where(result.findings, 'constraint-missing-not-valid'), [[2, 44]], 'at CONSTRAINT inside the literal');
  assert.deepEqual(result.findings.filter((f) => f.line > 2), [], 'nothing from format() or concatenation');
});

test('other languages and bodies PL/pgSQL cannot parse give no findings and no errors', () => {
  const result = lint(
    [
      "DO LANGUAGE plperl $$ spi_exec_query('ALTER TABLE posts ALTER COLUMN author_id TYPE bigint'); $$;",
      'DO $$ BEGIN ALTER TABLE posts ALTER COLUMN author_id TYPE bigint END $$;',
      'DO $$ $$;',
    ].join('\n'),
    { history },
  );
  assert.deepEqual(result.files[0]?.parseErrors, []);
  assert.equal(result.files[0]?.statements, 3);
  assert.deepEqual(result.findings, []);
});

test('a statement is placed at its own line even when a comment or string before it repeats its text', () => {
  const result = lint(
    [
      'DO /* BEGIN ALTER TABLE posts DROP COLUMN author_id; END */ $$',
      'BEGIN',
      "  RAISE NOTICE 'ALTER TABLE posts DROP COLUMN author_id';",
      '  -- we run: ALTER TABLE posts DROP COLUMN author_id',
      '  ALTER TABLE posts DROP COLUMN author_id;',
      'END $$;',
    ].join('\n'),
    { history },
  );
  assert.deepEqual(where(result.findings, 'ban-drop-column'), [[5, 3]]);
});

test('a statement is placed at its own text even when a string or comment earlier on its line repeats it', () => {
  const result = lint(
    [
      'DO $$',
      "BEGIN RAISE NOTICE 'ALTER TABLE posts DROP COLUMN author_id'; /* ALTER TABLE posts DROP COLUMN author_id */ ALTER TABLE posts DROP COLUMN author_id; END $$;",
    ].join('\n'),
    { history },
  );
  const line = 'BEGIN RAISE NOTICE \'ALTER TABLE posts DROP COLUMN author_id\'; /* ALTER TABLE posts DROP COLUMN author_id */ ALTER TABLE posts DROP COLUMN author_id; END $$;';
  assert.deepEqual(where(result.findings, 'ban-drop-column'), [[2, line.lastIndexOf('ALTER TABLE') + 1]]);
});

test('an ignore comment inside a DO block covers the statement it is on or above, not the whole block', () => {
  const result = lint(
    [
      'DO $$',
      'BEGIN',
      '  -- pgopt-ignore changing-column-type -- posts is tiny',
      '  ALTER TABLE posts ALTER COLUMN author_id TYPE bigint;',
      '  ALTER TABLE users ALTER COLUMN id TYPE bigint;',
      '  ALTER TABLE posts ALTER COLUMN id TYPE bigint; -- pgopt-ignore changing-column-type',
      '  -- pgopt-ignore no-such-rule',
      'END $$;',
    ].join('\n'),
    { history },
  );
  assert.deepEqual(where(result.findings, 'changing-column-type'), [[5, 3]]);
  assert.deepEqual(where(result.findings, 'invalid-ignore'), [[7, 3]], 'names in comments inside the block are checked too');
});

test('a fix outside the DO block (SET lock_timeout at the top) is kept; one inside it is dropped', () => {
  const sources: LintSource[] = [
    { path: 'history.sql', text: history, linted: false },
    { path: 'm.sql', text: 'DO $$ BEGIN CREATE INDEX i ON posts (author_id); END $$;', linted: true },
  ];
  const result = lintSources(sources, DEFAULT_LINT_SETTINGS, selectRules(migrationRules, {}), migrationRules);
  const timeout = result.findings.find((f) => f.rule === 'require-lock-timeout');
  assert.deepEqual(timeout?.fix, [{ start: 0, end: 0, text: "SET lock_timeout = '5s';\n" }]);
  assert.equal(result.findings.find((f) => f.rule === 'require-concurrent-index-creation')?.fix, undefined);
});

test('tool placeholders inside a DO block are masked as in the rest of the file', () => {
  const result = lint(
    [
      'DO $$ BEGIN',
      '  ALTER TABLE ${schema}.posts ADD CONSTRAINT c CHECK (author_id > 0);',
      'END $$;',
      "DO 'BEGIN RAISE NOTICE ''${x}''; ALTER TABLE ${schema}.posts ADD CONSTRAINT d CHECK (author_id > 0); END';",
    ].join('\n'),
    { history },
  );
  assert.deepEqual(result.files[0]?.parseErrors, []);
  assert.deepEqual(where(result.findings, 'constraint-missing-not-valid'), [
    [2, 35],
    [4, 66],
  ]);
});

test('dollar-quoted strings and literal ${ or {{ inside a DO body are left alone; placeholders in code are masked', () => {
  const result = lint(
    [
      'DO $do$',
      'BEGIN',
      "  INSERT INTO settings VALUES ('flags', $j${\"beta\": true}$j$::jsonb, 'use ${', 'Hello {{name}}');",
      '  ALTER TABLE posts ADD CONSTRAINT c CHECK (author_id > 0); -- }',
      '  EXECUTE $q$ALTER TABLE posts ALTER COLUMN author_id TYPE bigint$q$;',
      'END $do$;',
    ].join('\n'),
    { history },
  );
  assert.deepEqual(where(result.findings, 'constraint-missing-not-valid'), [[4, 25]]);
  assert.deepEqual(where(result.findings, 'changing-column-type'), [[5, 14]], 'a dollar-quoted EXECUTE is linted inside its quotes');
});

test('a DO block nested in a DO body is read in turn: its statements at their own lines, its ignore comments honoured', () => {
  const result = lint(
    [
      'DO $outer$',
      'BEGIN',
      '  IF true THEN',
      '    DO $inner$',
      '    BEGIN',
      '      ALTER TABLE posts ALTER COLUMN author_id TYPE bigint;',
      '      -- pgopt-ignore ban-drop-column -- x was never read',
      '      ALTER TABLE posts DROP COLUMN x;',
      '      ALTER TABLE posts DROP COLUMN y;',
      '    END $inner$;',
      '  END IF;',
      'END $outer$;',
    ].join('\n'),
    { history },
  );
  assert.deepEqual(where(result.findings, 'changing-column-type'), [[6, 7]]);
  assert.deepEqual(where(result.findings, 'ban-drop-column'), [[9, 7]]);
  assert.equal(result.files[0]?.statements, 1);
});

test('offsets compose through each level: a quoted body, an EXECUTE literal, a DO block in them', () => {
  const result = lint(
    [
      "DO 'BEGIN",
      "  DO $i$ BEGIN RAISE NOTICE ''x''; ALTER TABLE posts ALTER COLUMN author_id TYPE bigint; END $i$;",
      "  EXECUTE ''DO $j$ BEGIN RAISE NOTICE ''''y''''; ALTER TABLE posts ALTER COLUMN id TYPE bigint; END $j$'';",
      "END';",
    ].join('\n'),
    { history },
  );
  assert.deepEqual(where(result.findings, 'changing-column-type'), [
    [2, 36],
    [3, 50],
  ]);
});

test('a table a nested DO block creates is new to later statements; its dynamic SQL is pointed out', () => {
  const result = lint(
    [
      'DO $$ BEGIN',
      '  DO $n$ BEGIN',
      '    CREATE TABLE audit (id int, note text);',
      "    EXECUTE format('ANALYZE %I', 'audit');",
      '  END $n$;',
      'END $$;',
      'ALTER TABLE audit ALTER COLUMN note TYPE varchar(20);',
    ].join('\n'),
    { enableAll: true },
  );
  assert.deepEqual(where(result.findings, 'changing-column-type'), []);
  assert.deepEqual(where(result.findings, 'do-block-dynamic-sql'), [[4, 13]]);
});
