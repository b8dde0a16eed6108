import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../src/ingest/line-splitter.js';

interface Seen {
  lines: [number, string][];
  bad: [number, string][];
}

function split(chunks: readonly Buffer[], maxLineBytes?: number): Seen {
  const seen: Seen = { lines: [], bad: [] };
  const splitter = new LineSplitter(
    {
      line: (text, n) => seen.lines.push([n, text]),
      badLine: (n, reason) => seen.bad.push([n, reason]),
      end: () => {},
    },
    maxLineBytes === undefined ? {} : { maxLineBytes },
  );
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return seen;
}

/** Cuts a buffer into pieces of `size` bytes, to cross every boundary. */
function pieces(buffer: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < buffer.length; at += size) out.push(buffer.subarray(at, at + size));
  return out;
}

describe('LineSplitter', () => {
  const text = 'first line\nsecond — with UTF-8 é\r\n\nlast without newline';
  const expected: [number, string][] = [
    [1, 'first line'],
    [2, 'second — with UTF-8 é'],
    [3, ''],
    [4, 'last without newline'],
  ];
  for (const size of [1, 2, 3, 7, 1000]) {
    it(`gives the same lines with ${size}-byte chunks (CRLF stripped, multi-byte characters kept)`, () => {
      const seen = split(pieces(Buffer.from(text), size));
      assert.deepEqual(seen.lines, expected);
      assert.deepEqual(seen.bad, []);
    });
  }

  it('skips and reports lines with invalid UTF-8 or NUL bytes, keeping the others and the numbering', () => {
    const input = Buffer.concat([Buffer.from('ok 1\n'), Buffer.from([0xc3, 0x28, 0x0a]), Buffer.from('ok 3\nbin\0ary\nok 5\n')]);
    for (const size of [2, 1000]) {
      const seen = split(pieces(input, size));
      assert.deepEqual(seen.lines, [
        [1, 'ok 1'],
        [3, 'ok 3'],
        [5, 'ok 5'],
      ]);
      assert.deepEqual(
        seen.bad.map(([n]) => n),
        [2, 4],
      );
    }
  });

  it('skips a line longer than the limit without holding it, and goes on', () => {
    const long = Buffer.alloc(5000, 'x');
    const seen = split([Buffer.from('before\n'), long, long, Buffer.from('\nafter\n')], 4096);
    assert.deepEqual(seen.lines, [
      [1, 'before'],
      [3, 'after'],
    ]);
    assert.equal(seen.bad.length, 1);
    assert.equal(seen.bad[0]?.[0], 2);
    assert.match(seen.bad[0]?.[1] ?? '', /longer than 4096 bytes/);
  });

  it('drops a UTF-8 byte order mark at the start only', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const seen = split([Buffer.concat([bom, Buffer.from('first\n'), bom, Buffer.from('second\n')])]);
    assert.deepEqual(seen.lines, [
      [1, 'first'],
      [2, '\uFEFFsecond'],
    ]);
  });

  it('reports an over-long last line that has no newline', () => {
    const seen = split([Buffer.alloc(100, 'y')], 10);
    assert.deepEqual(seen.lines, []);
    assert.deepEqual(
      seen.bad.map(([n]) => n),
      [1],
    );
  });
});
