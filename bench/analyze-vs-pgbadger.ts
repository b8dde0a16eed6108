/**
 * Throughput and peak memory of `pgopt analyze` against pgBadger on the same
 * log, same machine, one run. Also runs pgopt on the first half of the log to
 * show that peak memory does not grow with the log's size.
 *
 *   node --import tsx bench/analyze-vs-pgbadger.ts <log> [--prefix '%m [%p] %q%u@%d '] [--runs 3]
 *
 * Needs `npm run build` (runs bin/pgopt.js) and pgbadger on PATH (apt-get install pgbadger).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pipeline } from 'node:stream/promises';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { prefix: { type: 'string', default: '%m [%p] %q%u@%d ' }, runs: { type: 'string', default: '3' } },
});
const log = positionals[0];
if (log === undefined) throw new Error('usage: analyze-vs-pgbadger.ts <log> [--prefix ...] [--runs N]');
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), 'pgopt-bench-'));

interface Measurement {
  seconds: number;
  peakKb: number;
}

/** Runs a command under GNU time; returns wall seconds and peak RSS. */
function measure(command: string, args: string[]): Measurement {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const lines = result.stderr.trim().split('\n');
  return { seconds, peakKb: Number(lines[lines.length - 1]) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function firstHalf(path: string): Promise<string> {
  const half = join(work, 'half.log');
  const size = statSync(path).size;
  await pipeline(createReadStream(path, { start: 0, end: Math.floor(size / 2) }), createWriteStream(half));
  return half;
}

const sizeMb = statSync(log).size / 1e6;
const pgopt = (path: string): Measurement => measure(process.execPath, ['bin/pgopt.js', 'analyze', '--no-advise', '--format', 'json', '--log-line-prefix', values.prefix!, '-o', join(work, 'pgopt.json'), path]);
const pgbadger = (path: string): Measurement => measure('pgbadger', ['-q', '-f', 'stderr', '--prefix', values.prefix!, '-o', join(work, 'pgbadger.json'), path]);

const pgoptRuns: Measurement[] = [];
const badgerRuns: Measurement[] = [];
for (let i = 0; i < runs; i++) {
  // Alternate so that neither tool always runs on a warmer page cache.
  pgoptRuns.push(pgopt(log));
  badgerRuns.push(pgbadger(log));
}
const half = await firstHalf(log);
const pgoptHalf = pgopt(half);

const pgoptSeconds = median(pgoptRuns.map((run) => run.seconds));
const badgerSeconds = median(badgerRuns.map((run) => run.seconds));
const report = {
  log,
  sizeMb: Number(sizeMb.toFixed(1)),
  runs,
  pgopt: { seconds: Number(pgoptSeconds.toFixed(2)), mbPerSecond: Number((sizeMb / pgoptSeconds).toFixed(1)), peakMb: Number((Math.max(...pgoptRuns.map((r) => r.peakKb)) / 1024).toFixed(0)) },
  pgbadger: { seconds: Number(badgerSeconds.toFixed(2)), mbPerSecond: Number((sizeMb / badgerSeconds).toFixed(1)), peakMb: Number((Math.max(...badgerRuns.map((r) => r.peakKb)) / 1024).toFixed(0)) },
  throughputRatio: Number((badgerSeconds / pgoptSeconds).toFixed(2)),
  pgoptPeakMbOnHalfLog: Number((pgoptHalf.peakKb / 1024).toFixed(0)),
};
console.log(JSON.stringify(report, null, 2));
