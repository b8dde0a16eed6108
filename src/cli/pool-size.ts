/** `pgopt pool-size`: measure the server, recommend `max` per process, print the reasoning. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { UsageError } from '../errors.js';
import type { SetExitCode } from './commands.js';

interface PoolSizeFlags {
  database?: string;
  processes: string;
  tasksPerProcess: string;
  connectionsPerTask: string;
  serverCores?: string;
  spindles: string;
  format: 'text' | 'json';
}

/** `write` is where the report goes (stdout by default; tests pass their own). */
export function registerPoolSizeCommand(
  program: Command,
  setExitCode: SetExitCode,
  write: (text: string) => void = (text) => process.stdout.write(text),
): void {
  program
    .command('pool-size')
    .description("Recommend each process's pool max from the server's cores and latency (HikariCP's pool sizing and the deadlock bound)")
    .option('--database <url>', 'the PostgreSQL to measure (read-only: select 1, settings, pg_stat_statements)')
    .option('--processes <n>', 'application processes that each run a pool', '1')
    .option('--tasks-per-process <n>', 'concurrent tasks per process that may each hold connections (Tn)', '1')
    .option('--connections-per-task <n>', 'connections one task may hold at once (Cm)', '1')
    .option('--server-cores <n>', "the server's vCPUs, when they cannot be read from the server")
    .option('--spindles <n>', 'effective spindles: 0 if the working set is cached, 1 for SSD', '1')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExample:\n  pgopt pool-size --database postgres://localhost/app --processes 4')
    .action(async (flags: PoolSizeFlags) => {
      setExitCode(await runPoolSize(flags, write));
    });
}

async function runPoolSize(flags: PoolSizeFlags, write: (text: string) => void): Promise<number> {
  if (flags.database === undefined) throw new UsageError('pool-size needs --database <url>', { hint: 'pgopt pool-size --database postgres://localhost/app --processes 4' });
  // Loaded here: node-postgres costs ~90 ms of start-up that `pgopt lint` and `--help` should not pay.
  const { recommendPoolSize } = await import('../pool/pool-size.js');
  const recommendation = await recommendPoolSize({
    connectionString: flags.database,
    processes: count(flags.processes, '--processes', 1),
    tasksPerProcess: count(flags.tasksPerProcess, '--tasks-per-process', 1),
    connectionsPerTask: count(flags.connectionsPerTask, '--connections-per-task', 1),
    effectiveSpindles: count(flags.spindles, '--spindles', 0),
    ...(flags.serverCores === undefined ? {} : { serverCores: count(flags.serverCores, '--server-cores', 1) }),
  });
  if (flags.format === 'json') {
    write(`${JSON.stringify(recommendation, null, 2)}\n`);
  } else {
    const lines = [`Recommended pool max per process: ${recommendation.maxPerProcess}`, '', 'Why:', ...recommendation.reasoning.map((line, i) => `  ${i + 1}. ${line}`)];
    write(`${lines.join('\n')}\n`);
  }
  return 0;
}

function count(text: string, flag: string, least: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) throw new UsageError(`${flag} must be an integer >= ${least}, got ${text}`);
  return value;
}
