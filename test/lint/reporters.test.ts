import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrationRules } from '../../rules/migration/index.js';
import { lintSources } from '../../src/lint/engine.js';
import { DEFAULT_LINT_SETTINGS } from '../../src/lint/lint-settings.js';
import { selectRules } from '../../src/lint/rule-selection.js';
import { renderLintGcc } from '../../src/report/lint-gcc.js';
import { renderLintGithub } from '../../src/report/lint-github.js';
import { renderLintGitlab } from '../../src/report/lint-gitlab.js';
import { renderLintMarkdown } from '../../src/report/lint-markdown.js';
import { renderLintSarif } from '../../src/report/lint-sarif.js';
import { renderLintText } from '../../src/report/lint-text.js';
import { LINT_REPORTERS } from '../../src/report/lint-reporters.js';

const sql = "SET lock_timeout = '1s';\nSET statement_timeout = '1min';\nCREATE INDEX i ON orders (a);\nSELEC 1;\nALTER TABLE orders ADD COLUMN note json;\n";
const result = lintSources([{ path: 'db/001.sql', text: sql, linted: true }], DEFAULT_LINT_SETTINGS, selectRules(migrationRules, {}), migrationRules);

test('the fixture has one error, one info finding and one parse error', () => {
  assert.deepEqual(result.findings.map((f) => [f.rule, f.severity, f.line]), [
    ['require-concurrent-index-creation', 'error', 3],
    ['prefer-jsonb', 'info', 5],
  ]);
  assert.deepEqual(result.files[0]?.parseErrors.map((e) => [e.line, e.column]), [[4, 1]]);
});

test('sarif: 2.1.0 with rules, levels, regions and the parse error', () => {
  const log = JSON.parse(renderLintSarif(result, { rules: migrationRules }));
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0];
  assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), ['prefer-jsonb', 'require-concurrent-index-creation', 'parse-error']);
  assert.deepEqual(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]), [
    ['parse-error', 'error'],
    ['require-concurrent-index-creation', 'error'],
    ['prefer-jsonb', 'note'],
  ]);
  const region = run.results[1].locations[0].physicalLocation;
  assert.deepEqual([region.artifactLocation.uri, region.region.startLine, region.region.startColumn], ['db/001.sql', 3, 1]);
  assert.match(run.results[1].message.text, /Lock: SHARE on orders: blocks writes and DDL; scans the table\./);
});

test('github: one workflow command per problem, escaped', () => {
  const lines = renderLintGithub(result).trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0] as string, /^::error file=db\/001\.sql,line=4,col=1,title=pgopt%3A parse error::syntax error/);
  assert.match(lines[1] as string, /^::error file=db\/001\.sql,line=3,col=1,endLine=3,endColumn=30,title=pgopt require-concurrent-index-creation::/);
  assert.ok(!(lines[1] as string).includes('\n'));
  assert.match(lines[1] as string, /%0ALock: SHARE on orders/);
  assert.match(lines[2] as string, /^::notice /);
});

test('gitlab: code quality issues with stable fingerprints and mapped severities', () => {
  const issues = JSON.parse(renderLintGitlab(result));
  assert.deepEqual(issues.map((i: { check_name: string; severity: string }) => [i.check_name, i.severity]), [
    ['parse-error', 'blocker'],
    ['require-concurrent-index-creation', 'critical'],
    ['prefer-jsonb', 'info'],
  ]);
  assert.deepEqual(issues[1].location, { path: 'db/001.sql', lines: { begin: 3, end: 3 } });
  assert.match(issues[1].fingerprint, /^[0-9a-f]{32}$/);
  assert.equal(JSON.parse(renderLintGitlab(result))[1].fingerprint, issues[1].fingerprint);
});

test('markdown: a PR comment with a summary and a table per file', () => {
  const md = renderLintMarkdown(result);
  assert.match(md, /^## pgopt lint\n\n\*\*2\*\* finding\(s\) in 1 file\(s\): 1 error, 0 warning, 1 info; \*\*1\*\* statement\(s\) could not be parsed\./);
  assert.match(md, /### `db\/001\.sql`/);
  assert.match(md, /\| 🔴 \| 3 \| `require-concurrent-index-creation` \|/);
  const clean = renderLintMarkdown({ version: 1, files: [{ path: 'a.sql', statements: 1, parseErrors: [] }], findings: [] });
  assert.match(clean, /No problems found in 1 migration file\(s\)/);
});

test('gcc: one compiler-style line per problem, in line order, parse errors included', () => {
  assert.deepEqual(renderLintGcc(result).trimEnd().split('\n'), [
    'db/001.sql:3:1: error: CREATE INDEX on orders holds a SHARE lock for the whole index build: inserts, updates and deletes wait. [require-concurrent-index-creation]',
    `db/001.sql:4:1: error: ${result.files[0]?.parseErrors[0]?.message} [parse-error]`,
    `db/001.sql:5:${result.findings[1]?.column}: note: ${result.findings[1]?.message} [prefer-jsonb]`,
  ]);
  assert.equal(renderLintGcc({ version: 1, files: [{ path: 'a.sql', statements: 1, parseErrors: [] }], findings: [] }), '');
  const multiLine = renderLintGcc({ version: 1, files: [{ path: 'a.sql', statements: 0, parseErrors: [{ line: 1, column: 2, message: 'bad\n  thing' }] }], findings: [] });
  assert.equal(multiLine, 'a.sql:1:2: error: bad thing [parse-error]\n');
});

test('every format name has a reporter that renders this result', () => {
  assert.deepEqual(Object.keys(LINT_REPORTERS).sort(), ['gcc', 'github', 'gitlab', 'json', 'markdown', 'sarif', 'text']);
  for (const [name, reporter] of Object.entries(LINT_REPORTERS)) {
    assert.ok(reporter(result, { rules: migrationRules }).length > 0, name);
  }
});

test('text: excerpts and fixed lines are the same whatever the line ends (LF, CRLF, a lone CR)', () => {
  const render = (eol: string): string => {
    const text = ['-- orders', 'CREATE INDEX i ON orders (a);', 'ALTER TABLE orders', '  ADD COLUMN note text;', ''].join(eol);
    const linted = lintSources([{ path: 'db/001.sql', text, linted: true }], DEFAULT_LINT_SETTINGS, selectRules(migrationRules, { enableAll: true }), migrationRules);
    return renderLintText(linted, { sources: new Map([['db/001.sql', text]]) });
  };
  const lf = render('\n');
  assert.equal(render('\r\n'), lf);
  assert.equal(render('\r'), lf);
  const blocks = lf.split('\n\n');
  const block = (rule: string, line: number): string => blocks.find((b) => b.startsWith(`db/001.sql:${line}:1 `) && b.includes(` ${rule}\n`)) ?? '';
  // The excerpt of the finding's own line, and the fix as the file would read after --fix.
  assert.match(block('require-concurrent-index-creation', 2), /\n {2}2 \| CREATE INDEX i ON orders \(a\);\n/);
  assert.match(block('require-concurrent-index-creation', 2), /fix \(--fix\):\n {4}CREATE INDEX CONCURRENTLY i ON orders \(a\);$/);
  // An edit at the top of the file: the fixed lines run from there to the finding's statement.
  assert.match(block('require-lock-timeout', 2), /fix \(--fix\):\n {4}SET lock_timeout = '5s';\n {4}-- orders\n {4}CREATE INDEX i ON orders \(a\);$/);
  // A statement over two lines, rewritten on its second.
  assert.match(block('prefer-robust-stmts', 3), /fix \(--fix\):\n {4}ALTER TABLE orders\n {6}ADD COLUMN IF NOT EXISTS note text;$/);
});
