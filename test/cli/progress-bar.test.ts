import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgressBar } from '../../src/cli/progress-bar.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const stream = { isTTY, written: '', write(text: string) { stream.written += text; return true; } };
  return stream as unknown as NodeJS.WriteStream & { written: string };
}

describe('progress bar', () => {
  it('draws on a terminal for a large input and clears itself', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pgopt-progress-'));
    const path = join(dir, 'big.log');
    await writeFile(path, Buffer.alloc(21 * 1024 * 1024));
    const stream = fakeStream(true);
    const bar = await createProgressBar([path], stream);
    assert.ok(bar);
    bar.update({ path, bytesRead: 11 * 1024 * 1024 });
    assert.match(stream.written, /\[#{16}\.{14}\]  52%/);
    bar.finish();
    assert.ok(stream.written.endsWith('\r'));
  });

  it('stays silent when stderr is not a terminal, for stdin, and for small inputs', async () => {
    assert.equal(await createProgressBar(['examples/postgresql.log'], fakeStream(false)), undefined);
    assert.equal(await createProgressBar(['-'], fakeStream(true)), undefined);
    assert.equal(await createProgressBar(['examples/postgresql.log'], fakeStream(true)), undefined);
  });
});
