import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { registerLintCommand } from '../../src/cli/lint.js';
import { isKnownError } from '../../src/errors.js';
import { runCli } from '../helpers/run-cli.js';

const fixture = fileURLToPath(new URL('../fixtures/lint/project', import.meta.url));

/** Runs `pgopt lint ...args` in `cwd` through a fresh program, `stdin` piped in; returns exit code and stdout. */
async function runLint(args: readonly string[], cwd: string, stdin?: string): Promise<{ code: number; stdout: string }> {
  const program = new Command('pgopt').exitOverride();
  let code = 0;
  let stdout = '';
  registerLintCommand(
    program,
    (c) => {
      code = c;
    },
    { stdout: (text) => (stdout += text), stderr: () => undefined, isTTY: false, pipedStdin: () => stdin },
  );
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    await program.parseAsync(['lint', ...args], { from: 'user' });
  } catch (error) {
    if (!isKnownError(error)) throw error;
    code = 2;
  } finally {
    process.chdir(previous);
  }
  return { code, stdout };
}

function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgopt-lint-'));
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

test('json output follows the documented contract; config found by walking up; down files skipped; exit 1', async () => {
  const dir = copyFixture();
  try {
    const { code, stdout } = await runLint(['--format', 'json', '.'], join(dir, 'migrations'));
    const out = JSON.parse(stdout);
    assert.deepEqual(Object.keys(out), ['version', 'files', 'findings']);
    assert.equal(out.version, 1);
    assert.deepEqual(out.files, [
      { path: '001_create.sql', statements: 2, parseErrors: [] },
      { path: '002_orders.sql', statements: 5, parseErrors: [] },
    ]);
    assert.equal(out.findings.length, 1);
    const [finding] = out.findings;
    assert.deepEqual(Object.keys(finding), ['rule', 'aliases', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'help', 'lock']);
    assert.deepEqual([finding.rule, finding.file, finding.line, finding.column, finding.endLine, finding.endColumn], ['require-concurrent-index-creation', '002_orders.sql', 5, 1, 5, 52]);
    assert.deepEqual(finding.aliases, ['squawk:require-concurrent-index-creation']);
    assert.equal(finding.lock.mode, 'SHARE');
    assert.equal(code, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--fail-on, --rule and --no-config change the exit code', async () => {
  const dir = copyFixture();
  try {
    assert.equal((await runLint(['--rule', 'require-concurrent-index-creation=warning', 'migrations'], dir)).code, 0);
    assert.equal((await runLint(['--rule', 'require-concurrent-index-creation=warning', '--fail-on', 'warning', 'migrations'], dir)).code, 1);
    const noConfig = await runLint(['--no-config', '--format', 'json', 'migrations'], dir);
    assert.ok(JSON.parse(noConfig.stdout).findings.some((f: { rule: string }) => f.rule === 'multiple-alter-table') === false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage and input errors exit 2', async () => {
  const dir = copyFixture();
  try {
    assert.equal((await runLint(['no-such-dir'], dir)).code, 2);
    assert.equal((await runLint(['--pg-version', 'banana', 'migrations'], dir)).code, 2);
    assert.equal((await runLint(['--rule', 'no-such-rule=off', 'migrations'], dir)).code, 2);
    writeFileSync(join(dir, 'pgopt.config.json'), '{ "lint": { "rules": { "ban-drop-table": "loud" } } }');
    assert.equal((await runLint(['migrations'], dir)).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix rewrites the mechanical cases and the result lints clean', async () => {
  const dir = copyFixture();
  try {
    const file = join(dir, 'migrations', '003_fixable.sql');
    writeFileSync(file, 'CREATE INDEX orders_created ON orders (created_at);\nALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total > 0);\nDROP INDEX orders_old;\n');
    const { code, stdout } = await runLint(['--fix', '--format', 'json', 'migrations/003_fixable.sql'], dir);
    assert.equal(
      readFileSync(file, 'utf8'),
      "SET lock_timeout = '5s';\nSET statement_timeout = '5min';\nCREATE INDEX CONCURRENTLY orders_created ON orders (created_at);\n" +
        'ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total > 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT total_positive;\n' +
        'DROP INDEX CONCURRENTLY orders_old;\n',
    );
    assert.deepEqual(JSON.parse(stdout).findings.filter((f: { severity: string }) => f.severity !== 'info').map((f: { rule: string }) => f.rule), []);
    assert.equal(code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('text output shows the excerpt with a caret, the lock and the help', async () => {
  const dir = copyFixture();
  try {
    const { stdout } = await runLint(['--no-color', 'migrations'], dir);
    assert.match(stdout, /002_orders\.sql:5:1 error require-concurrent-index-creation\n/);
    assert.match(stdout, /lock: SHARE on orders: blocks writes and DDL; scans the table\n/);
    assert.match(stdout, /  5 \| CREATE INDEX orders_account ON orders \(account_id\);\n    \| \^\n/);
    assert.match(stdout, /help: Use CREATE INDEX CONCURRENTLY/);
    assert.match(stdout, /fix \(--fix\):\n    CREATE INDEX CONCURRENTLY orders_account ON orders \(account_id\);\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a rule name given to --exclude (squawk's meaning) is a usage error pointing at --rule", async () => {
  const run = await runCli(['lint', '--no-config', '--exclude', 'require-concurrent-index-creation', 'examples/migrations']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--exclude takes a path glob, and "require-concurrent-index-creation" names rules/);
  assert.match(run.stderr, /--rule require-concurrent-index-creation=off/);
  const several = await runCli(['lint', '--no-config', '--exclude=ban-drop-table,ban-drop-column', 'examples/migrations']);
  assert.equal(several.code, 2);
  assert.match(several.stderr, /--rule ban-drop-table=off --rule ban-drop-column=off/);
  // A glob, even one that contains a rule's name, is a glob.
  const glob = await runCli(['lint', '--no-config', '--format', 'json', '--exclude', '**/0003_*.sql', 'examples/migrations/pending']);
  assert.deepEqual((JSON.parse(glob.stdout) as { files: { path: string }[] }).files.map((f) => f.path), ['examples/migrations/pending/0002_posts_author_fk.sql']);
});
