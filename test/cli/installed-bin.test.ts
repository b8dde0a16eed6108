/**
 * bin/pgopt.js runs the CLI from the bundle `npm run build` writes (dist/cli/main.cjs, with its V8
 * code cache), not from the modules the other tests load: check that the bundle behaves as the source
 * does (`npm test` builds it first), and that the cache is used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/run-cli.js';

const bundle = fileURLToPath(new URL('../../dist/cli/main.cjs', import.meta.url));

test('npm run build wrote the CLI bundle and its code cache', () => {
  assert.equal(existsSync(bundle), true, `${bundle} is missing: run npm run build`);
  assert.equal(existsSync(`${bundle}.cache`), true, `${bundle}.cache is missing: run npm run build`);
});

test('the bin starts the bundle from its code cache (the same Node.js built it), for every kind of command', async () => {
  // lint and analyze also set V8 flags, which V8 hashes into a cache's check: they must come after it.
  for (const args of [['--version'], ['lint', '--no-config', 'examples/migrations'], ['analyze', '--no-advise', 'examples/postgresql.log']]) {
    const run = await runCli(args, { installed: true, env: { PGOPT_DEBUG_CODE_CACHE: '1' } });
    assert.ok(run.code === 0 || run.code === 1, `${args.join(' ')}: exit ${run.code}: ${run.stderr}`);
    assert.match(run.stderr, /^pgopt: code cache used$/m, args.join(' '));
  }
});

test('a cache V8 rejects (another Node.js wrote it) only costs the speed-up', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgopt-bin-'));
  try {
    // A copy of the installed layout whose cache is garbage: V8 checks it and compiles from source.
    cpSync(fileURLToPath(new URL('../../bin', import.meta.url)), join(dir, 'bin'), { recursive: true });
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    cpSync(bundle, join(dir, 'dist', 'cli', 'main.cjs'));
    writeFileSync(join(dir, 'dist', 'cli', 'main.cjs.cache'), Buffer.alloc(4096, 7));
    symlinkSync(fileURLToPath(new URL('../../node_modules', import.meta.url)), join(dir, 'node_modules'));
    symlinkSync(fileURLToPath(new URL('../../rules', import.meta.url)), join(dir, 'rules'));
    const child = spawnSync(process.execPath, [join(dir, 'bin', 'pgopt.js'), 'lint', '--no-config', '--format', 'json', '-'], {
      input: 'CREATE INDEX i ON t (a);\n',
      env: { ...process.env, PGOPT_DEBUG_CODE_CACHE: '1' },
      encoding: 'utf8',
    });
    assert.match(child.stderr, /^pgopt: code cache rejected$/m);
    assert.equal(child.status, 1);
    const rules = (JSON.parse(child.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
    assert.deepEqual(rules, ['require-concurrent-index-creation', 'require-lock-timeout', 'require-statement-timeout']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const commands: readonly (readonly string[])[] = [
  ['--version'],
  ['lint', '--help'],
  ['lint', '--no-config', '--format', 'json', '--history', 'examples/migrations/applied', 'examples/migrations/pending'],
  ['lint', '--no-config', '--enable-all', '--format', 'sarif', 'examples/migrations'],
  ['lint', '--no-config', '--format', 'gcc', 'examples/migrations/pending'],
  ['lint', '--no-config', 'no/such/dir'],
  ['analyze', '--no-advise', '--format', 'json', 'examples/postgresql.log'],
  // The advisor and the text reporter, loaded when used.
  ['analyze', '--format', 'json', 'examples/postgresql.log'],
  ['analyze', 'examples/postgresql.log'],
  ['pool-size', '--help'],
  ['lint', '--no-config', '--format', 'json', '-'],
  // The rule documents are found from the bundle's place in the package.
  ['lint', '--explain', 'prefer-robust-stmts'],
];

// What `lint -` reads; the other commands ignore it.
const stdin = 'CREATE INDEX posts_author ON posts (author_id);\n';

for (const args of commands) {
  test(`pgopt ${args.join(' ')}: the installed bin and the source agree`, async () => {
    const [installed, source] = await Promise.all([runCli(args, { installed: true, stdin }), runCli(args, { stdin })]);
    assert.equal(installed.stderr, source.stderr);
    assert.equal(installed.code, source.code);
    assert.equal(installed.stdout, source.stdout);
    assert.notEqual(installed.stdout + installed.stderr, '', 'the command printed something');
  });
}

test('a report far larger than a pipe holds reaches a reader that is slow to start, whole', async () => {
  // The CLI exits as soon as it is done when nothing is pending; output still queued for the pipe must
  // hold that exit back. 400 statements with every rule: well over the 64 KB a pipe buffers.
  const dir = mkdtempSync(join(tmpdir(), 'pgopt-bin-pipe-'));
  try {
    const sql = Array.from({ length: 400 }, (_, i) => `ALTER TABLE orders_${i} ADD COLUMN note_${i} varchar(20) NOT NULL;\n`).join('');
    writeFileSync(join(dir, '001_many.sql'), sql);
    const bin = fileURLToPath(new URL('../../bin/pgopt.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'lint', '--no-config', '--enable-all', '--format', 'json', join(dir, '001_many.sql')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Read nothing for a while: the child fills the pipe and must wait for us.
    child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const out = Buffer.concat(chunks).toString('utf8');
    assert.equal(code, 1);
    assert.ok(out.length > 256 * 1024, `only ${out.length} bytes`);
    const report = JSON.parse(out) as { findings: { file: string }[] };
    assert.ok(report.findings.length >= 400 * 3, `${report.findings.length} findings`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
