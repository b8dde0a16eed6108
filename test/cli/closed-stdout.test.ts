import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

test('a reader that closes the pipe early (| head) ends pgopt quietly with exit code 0', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'lint', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Closed before pgopt writes anything: its first write fails with EPIPE.
  child.stdout.destroy();
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const text = Buffer.concat(stderr).toString('utf8');
  assert.doesNotMatch(text, /EPIPE|Unhandled/);
  assert.equal(code, 0);
});
