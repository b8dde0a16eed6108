/**
 * Throughput of the input readers alone (no analysis): reads a file through
 * `openInput` and prints MB/s by wall clock and by CPU time, and peak RSS.
 *
 *   node --import tsx bench/ingest-throughput.ts /tmp/big.log [runs]
 *
 * Make a large stderr log first (for example by concatenating copies of
 * examples/postgresql.log into /tmp); never commit it.
 */
import { stat } from 'node:fs/promises';
import { openInput } from '../src/ingest/index.js';

async function main(): Promise<void> {
  const path = process.argv[2];
  const runs = Number(process.argv[3] ?? '1');
  if (path === undefined || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write('usage: node --import tsx bench/ingest-throughput.ts <file> [runs]\n');
    process.exitCode = 2;
    return;
  }
  const megabytes = (await stat(path)).size / 1e6;
  for (let run = 1; run <= runs; run++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const input = await openInput(path);
    let entries = 0;
    let plans = 0;
    for await (const event of input.events()) {
      if (event.type !== 'statement') continue;
      entries++;
      if (event.plan !== undefined) plans++;
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const summary = input.summary();
    process.stdout.write(
      `run ${run}: ${input.format}, ${megabytes.toFixed(1)} MB, ${summary.lines} lines, ${entries} entries (${plans} with plans), ${summary.skipped} skipped; ` +
        `${wallSeconds.toFixed(2)} s wall = ${(megabytes / wallSeconds).toFixed(1)} MB/s, ${cpuSeconds.toFixed(2)} s CPU = ${(megabytes / cpuSeconds).toFixed(1)} MB/s; ` +
        `RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB\n`,
    );
  }
}

await main();
