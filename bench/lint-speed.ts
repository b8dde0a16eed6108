/**
 * Wall time of `pgopt lint` against squawk on the same migration files, in one
 * run on one machine.
 *
 *   node --import tsx bench/lint-speed.ts <dir-with-sql-files> <path-to-squawk-binary> [--runs N]
 *
 * squawk: `npm install squawk-cli` in a scratch folder (it ships its binary),
 * then pass node_modules/.bin/squawk. Each tool runs as a child process over
 * every .sql file under <dir> (one invocation, JSON report to /dev/null); the
 * median of N runs is reported, plus pgopt in-process (no Node startup).
 * pgopt runs as its CLI, `bin/pgopt.js` after `npm run build` (which this
 * script runs), as a user's installed package would: every rule (as squawk
 * runs all of its own), then the default rules.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintMigrations } from '../src/lint/index.js';

const [dir, squawk] = process.argv.slice(2);
if (dir === undefined || squawk === undefined) {
  process.stderr.write('usage: bench/lint-speed.ts <dir> <squawk-binary> [--runs N]\n');
  process.exit(2);
}
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.sql')).map((f) => join(dir, f)).sort();
const root = fileURLToPath(new URL('..', import.meta.url));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const cpuMs = new Map<string, number[]>();

/** Wall ms of one child run; CPU ms (user + sys, via GNU time when present) goes to cpuMs[label]. */
function timeChild(label: string, command: string, args: readonly string[], cwd: string): number {
  const useTime = existsSync('/usr/bin/time');
  const cpuFile = join(tmpdir(), `pgopt-lint-speed-${process.pid}.txt`);
  const argv = useTime ? ['-f', '%U %S', '-o', cpuFile, command, ...args] : args;
  const start = performance.now();
  const child = spawnSync(useTime ? '/usr/bin/time' : command, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (child.error !== undefined) throw child.error;
  if (useTime) {
    const [user = 0, sys = 0] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
    cpuMs.set(label, [...(cpuMs.get(label) ?? []), (user + sys) * 1000]);
  }
  return ms;
}

// Build as a user's installed package is built (tsc, then the CLI bundle and its code cache in dist/cli), so the child
// process measures the shipped JavaScript, not tsx.
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
if (build.error !== undefined) throw build.error;
if (build.status !== 0) throw new Error('npm run build failed');
const launcher = join(root, 'bin', 'pgopt.js');

const squawkMs: number[] = [];
const pgoptMs: number[] = [];
const pgoptDefaultMs: number[] = [];
const inProcessMs: number[] = [];
const rel = files.map((f) => relative(root, f));
for (let i = 0; i < runs; i++) {
  squawkMs.push(timeChild('squawk', squawk, ['--reporter', 'json', ...files], root));
  pgoptMs.push(timeChild('pgopt', process.execPath, [launcher, 'lint', '--no-config', '--enable-all', '--format', 'json', ...rel], root));
  pgoptDefaultMs.push(timeChild('pgopt-default', process.execPath, [launcher, 'lint', '--no-config', '--format', 'json', ...rel], root));
}
// In-process runs after every child run: this process's own garbage collector and compiler threads,
// busy after a lint, would otherwise share the two cores with the next child being timed.
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  await lintMigrations(files, { config: false, enableAll: true });
  inProcessMs.push(performance.now() - start);
}
const s = median(squawkMs);
const p = median(pgoptMs);
const q = median(inProcessMs);
console.log(`${files.length} files, ${runs} runs, median wall time`);
console.log(`squawk ${squawk.split('/').pop()}: ${(s / 1000).toFixed(2)} s`);
console.log(`pgopt lint CLI (child process, built, all rules, JSON): ${(p / 1000).toFixed(2)} s  (${(p / s).toFixed(2)}x squawk)`);
const d = median(pgoptDefaultMs);
console.log(`pgopt lint CLI (child process, built, default rules, JSON): ${(d / 1000).toFixed(2)} s  (${(d / s).toFixed(2)}x squawk)`);
const sc = cpuMs.get('squawk');
const pc = cpuMs.get('pgopt');
if (sc !== undefined && pc !== undefined) {
  console.log(`CPU (user+sys) median: squawk ${(median(sc) / 1000).toFixed(2)} s, pgopt ${(median(pc) / 1000).toFixed(2)} s (${(median(pc) / median(sc)).toFixed(2)}x)`);
}
console.log(`pgopt lintMigrations in-process (all rules): ${(q / 1000).toFixed(2)} s  (${(q / s).toFixed(2)}x squawk)`);
