/**
 * Builds the CLI bundle (`dist/cli/main.cjs`) from tsc's output, then its V8 code cache
 * (`dist/cli/main.cjs.cache`). bin/pgopt.js starts the CLI from these.
 *
 * Why a CommonJS bundle: Node 20 can give V8 a code cache only for scripts (vm.Script), not for ES
 * modules. A cache made after a real run holds the bytecode of every function that run compiled, so
 * a cold `pgopt lint` neither parses nor compiles pgopt's JavaScript again: 6 to 9% of its time on
 * 889 real migrations (docs/benchmarks.md). The one ES-module-only construct in pgopt, the parser
 * instance's top-level await (src/sql/libpg-instance.ts), is swapped for a variant without it.
 *
 * The cache is V8's: a Node.js of another version (or other V8 flags) rejects it and compiles from
 * source as before, so a stale or foreign cache costs nothing but the speed-up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'cli');
const bundle = join(outDir, 'main.cjs');
const cache = `${bundle}.cache`;
rmSync(outDir, { recursive: true, force: true });

/** Resolves the parser-instance module to its CLI variant (same exports, no top-level await). */
const parserInstanceForCli = {
  name: 'parser-instance-for-cli',
  setup(builder) {
    builder.onResolve({ filter: /(^|\/)libpg-instance\.js$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/libpg-instance\.js$/, 'libpg-instance-cli.js')) }));
  },
};

await build({
  entryPoints: [join(root, 'dist', 'src', 'cli', 'main.js')],
  outfile: bundle,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Dependencies stay packages of their own (libpg-query finds its WebAssembly next to its script),
  // except commander: every command loads it, and bundled, its compiled code is in the cache too.
  external: ['pg', 'pg-cursor', 'pgsql-ast-parser', 'generic-pool', 'libpg-query', 'libpg-query/*', 'kysely', 'testcontainers', '@testcontainers/*'],
  // import.meta.url (createRequire bases, the rule-doc lookup) becomes the bundle's own URL.
  define: { 'import.meta.url': '__pgoptModuleUrl' },
  banner: { js: "const __pgoptModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [parserInstanceForCli],
  logLevel: 'warning',
});

// The cache is written by the CLI itself at the end of a lint of the bundled example with every
// rule on: the run compiles what a lint runs, and the cache keeps it.
const training = spawnSync(
  process.execPath,
  [join(root, 'bin', 'pgopt.js'), 'lint', '--no-config', '--enable-all', '--format', 'json', join(root, 'examples', 'migrations')],
  { cwd: root, env: { ...process.env, PGOPT_CODE_CACHE_OUT: cache }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
);
// Exit code 1 is "findings at or above --fail-on", which the example has on purpose.
if (training.status !== 0 && training.status !== 1) throw new Error(`code cache run failed (${training.status}): ${training.stderr}`);
if (!existsSync(cache)) throw new Error('code cache run wrote no cache');
