/**
 * bin/pgopt.js runs the CLI from the bundle `npm run build` writes (dist/cli), not from the modules the
 * other tests load: check that the bundle behaves as the source does (`npm test` builds it first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/run-cli.js';

const bundle = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

test('npm run build wrote the CLI bundle', () => {
  assert.equal(existsSync(bundle), true, `${bundle} is missing: run npm run build`);
});

const commands: readonly (readonly string[])[] = [
  ['--version'],
  ['lint', '--help'],
  ['lint', '--no-config', '--format', 'json', '--history', 'examples/migrations/applied', 'examples/migrations/pending'],
  ['lint', '--no-config', '--enable-all', '--format', 'sarif', 'examples/migrations'],
  ['lint', '--no-config', '--format', 'gcc', 'examples/migrations/pending'],
  ['lint', '--no-config', 'no/such/dir'],
  ['analyze', '--no-advise', '--format', 'json', 'examples/postgresql.log'],
  // The advisor and the text reporter live in chunks of their own, loaded when used.
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
