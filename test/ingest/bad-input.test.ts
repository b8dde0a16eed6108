import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputError } from '../../src/errors.js';
import { openInput } from '../../src/ingest/index.js';
import { fixture, readAll } from './read-all.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgopt-ingest-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEAD = '2024-03-01 10:00:01.000 UTC [1] app@shop LOG:  duration: 1.000 ms  statement: SELECT 1\n';
const TAIL = '2024-03-01 10:00:02.000 UTC [2] app@shop LOG:  duration: 2.000 ms  statement: SELECT 2\n';

describe('bad input', () => {
  it('skips binary garbage and invalid UTF-8 lines, counts them, and reads the rest', async () => {
    const path = join(dir, 'garbage.log');
    const garbage = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
    await writeFile(path, Buffer.concat([Buffer.from(HEAD), garbage, Buffer.from('\n'), Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from(TAIL)]));
    const { entries, errors, summary } = await readAll(path);
    assert.deepEqual(
      entries.map((entry) => entry.query),
      ['SELECT 1', 'SELECT 2'],
    );
    assert.ok(errors.length >= 2, 'each bad line is reported');
    assert.equal(summary.skipped, errors.length);
    assert.ok(errors.every((error) => error.line > 1 && error.line < summary.lines));
  });

  it('skips a 50 MB single line without holding it, and reads the lines around it', async () => {
    const path = join(dir, 'long.log');
    const out = createWriteStream(path);
    out.write(HEAD);
    out.write('2024-03-01 10:00:01.500 UTC [3] app@shop LOG:  duration: 3.000 ms  statement: SELECT ');
    const block = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 50; i++) out.write(block);
    out.write('\n' + TAIL);
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const { entries, errors, summary } = await readAll(path);
    assert.deepEqual(
      entries.map((entry) => entry.query),
      ['SELECT 1', 'SELECT 2'],
    );
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.line, 2);
    assert.match(errors[0]?.message ?? '', /longer than/);
    assert.equal(summary.lines, 3);
  });

  it('reads gzip transparently, and reports a truncated gzip file after what it could read', async () => {
    const log = await readFile(fixture('stderr-extended.log'));
    const zipped = gzipSync(log);
    const whole = join(dir, 'whole.log.gz');
    await writeFile(whole, zipped);
    const read = await readAll(whole);
    assert.equal(read.entries.length, 4);
    assert.equal(read.summary.skipped, 0);

    const big = gzipSync(Buffer.concat(Array.from({ length: 2000 }, () => log)));
    const cut = join(dir, 'cut.log.gz');
    await writeFile(cut, big.subarray(0, Math.floor(big.length / 2)));
    const partial = await readAll(cut);
    assert.ok(partial.entries.length > 100, 'entries before the cut are read');
    assert.ok(partial.entries.length < 8000);
    assert.match(partial.errors.at(-1)?.message ?? '', /ends unexpectedly/);
  });

  it('refuses an input with nothing recognisable with one line saying what was expected', async () => {
    const path = join(dir, 'nothing.txt');
    await writeFile(path, 'hello\nthis is not a log\n');
    await assert.rejects(openInput(path), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /expected a PostgreSQL log/);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
    const empty = join(dir, 'empty.log');
    await writeFile(empty, '');
    await assert.rejects(openInput(empty), InputError);
    await assert.rejects(openInput(join(dir, 'missing.log')), /cannot read .*ENOENT/);
  });

  it('never quotes log text in its errors', async () => {
    const { errors } = await readAll(fixture('stderr-auto-explain.log'));
    for (const error of errors) assert.doesNotMatch(error.message, /orders|customer_id|prefix at all/);
  });

  it('reads stdin when the path is -', () => {
    const script = `import { openInput } from ${JSON.stringify(new URL('../../src/ingest/index.ts', import.meta.url).pathname)};
const input = await openInput('-');
let n = 0;
for await (const event of input.events()) if (event.type === 'statement') n++;
process.stdout.write(JSON.stringify({ n, format: input.format, path: input.path }));`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      input: HEAD + TAIL,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { n: 2, format: 'stderr', path: '-' });
  });
});

describe('error bookkeeping', () => {
  it('counts every bad line but keeps only the first 100 errors', async () => {
    const path = join(dir, 'many-bad.log');
    // Lines that look like log lines with another prefix: not continuations, errors.
    const bad = Array.from({ length: 250 }, (_, i) => `2024/03/01 10:00:01 junk ${i}\n`).join('');
    await writeFile(path, HEAD + bad + TAIL);
    const { entries, summary } = await readAll(path);
    assert.equal(entries.length, 2);
    assert.equal(summary.skipped, 250);
    assert.equal(summary.errors.length, 100);
    assert.equal(summary.errors[0]?.line, 2);
  });

  it('accepts log_line_prefix quoted as in postgresql.conf', async () => {
    const { entries, errors } = await readAll(fixture('stderr-extended.log'), { logLinePrefix: "'%m [%p] %q%u@%d '" });
    assert.equal(entries.length, 4);
    assert.deepEqual(errors, []);
  });
});

describe('auto_explain JSON cut inside a long string', () => {
  it('keeps the query of a plan cut in a 5 MB value without exhausting the regex stack', async () => {
    const path = join(dir, 'cut-plan.log');
    const prefix = '2024-03-01 10:00:01.000 UTC [7] app@shop ';
    const body = ['{', '  "Query Text": "SELECT 42",', `  "Plan": { "Node Type": "Result", "Output": "${'y'.repeat(5_000_000)}`].map((line) => `\t${line}`).join('\n');
    await writeFile(path, `${prefix}LOG:  duration: 1.000 ms  plan:\n${body}\n${TAIL}`);
    const { entries, errors } = await readAll(path);
    assert.deepEqual(
      entries.map((entry) => [entry.query, entry.plan]),
      [
        ['SELECT 42', undefined],
        ['SELECT 2', undefined],
      ],
    );
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.line, 1);
  });
});

describe('stopping early', () => {
  it('lets a caller stop after the first entry and closes the input', async () => {
    const input = await openInput(fixture('stderr-extended.log'));
    let seen = 0;
    for await (const event of input.events()) {
      if (event.type === 'statement') seen++;
      break;
    }
    assert.equal(seen, 1);
    assert.equal(input.summary().entries >= 1, true);
  });
});
