/** Files changed since a git ref (committed, staged, unstaged and untracked), as absolute paths. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../errors.js';

const run = promisify(execFile);

export async function changedFilesSince(ref: string, cwd: string): Promise<Set<string>> {
  try {
    const top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd })).stdout.trim();
    const diff = await run('git', ['diff', '--name-only', '--diff-filter=ACMR', ref], { cwd: top });
    const untracked = await run('git', ['ls-files', '--others', '--exclude-standard'], { cwd: top });
    const names = `${diff.stdout}\n${untracked.stdout}`.split('\n').filter((n) => n !== '');
    return new Set(names.map((n) => resolve(top, n)));
  } catch (error) {
    throw new UsageError(`--changed-since ${ref}: git failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, {
      hint: 'run inside a git repository, with the ref fetched (actions/checkout needs fetch-depth: 0)',
      cause: error,
    });
  }
}
