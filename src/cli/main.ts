/**
 * The `pgopt` program: parses arguments, hands each command to the library,
 * and turns errors into exit codes (0 done, 1 findings at or above --fail-on,
 * 2 usage or input error). The only code that sets process.exitCode.
 */
import { Command, CommanderError } from 'commander';
import { isKnownError } from '../errors.js';
import { libpgReady } from '../sql/libpg-instance.js';
import { registerCommands } from './commands.js';

export async function runCli(argv: readonly string[]): Promise<number> {
  const program = new Command('pgopt')
    .description('PostgreSQL query and connection-pool optimizer')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  let exitCode = 0;
  registerCommands(program, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isKnownError(error)) {
      process.stderr.write(`pgopt: ${error.message}\n`);
      const hint = 'hint' in error ? error.hint : undefined;
      if (hint) process.stderr.write(`hint: ${hint}\n`);
      return 2;
    }
    throw error;
  }
}

// A reader that stops early (`pgopt lint --help | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

/**
 * Whether nothing but the standard streams, all written out, keeps the process alive: no connection,
 * child process, timer or file write still open, no `beforeExit` listener, no output still queued for a
 * slow reader (exiting then would cut it off).
 */
function onlyFlushedStdio(): boolean {
  return (
    process.stdout.writableLength === 0 &&
    process.stderr.writableLength === 0 &&
    process.listenerCount('beforeExit') === 0 &&
    // Experimental in Node.js 20: without it, Node's own exit.
    typeof process.getActiveResourcesInfo === 'function' &&
    process.getActiveResourcesInfo().every((resource) => resource === 'TTYWrap' || resource === 'PipeWrap')
  );
}

// Not a top-level await: the CLI bundle is CommonJS (see bin/pgopt.js). The parser must be ready first.
void libpgReady
  .then(() => runCli(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
    // Done, with nothing left to wait for: exit now instead of letting Node tear down the heap first
    // (about 2% of a large lint). Otherwise Node exits by itself once the rest has finished.
    if (onlyFlushedStdio()) process.exit(code);
  });
