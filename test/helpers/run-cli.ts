/**
 * Runs the pgopt CLI in a child process, as a user would: from source by default, or as installed
 * (`bin/pgopt.js` on the bundle and code cache `npm run build` writes to dist/cli) with `installed: true`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/pgopt.js', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv; installed?: boolean } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const entry = options.installed === true ? [bin] : ['--import', 'tsx', main];
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: root,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
    child.stdin.end(options.stdin ?? '');
  });
}
