import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceLines } from '../../src/lint/source-lines.js';

test('line starts for LF, CRLF, CR and mixed line ends', () => {
  const cases: [string, string[]][] = [
    ['', ['']],
    ['one line', ['one line']],
    ['a\nb\n', ['a', 'b', '']],
    ['a\r\nb\r\n', ['a', 'b', '']],
    ['a\rb\rc', ['a', 'b', 'c']],
    ['a\r\n\nb\r\rc\n\r\nd', ['a', '', 'b', '', 'c', '', 'd']],
  ];
  for (const [text, lines] of cases) {
    const source = new SourceLines(text);
    assert.equal(source.lineCount, lines.length, JSON.stringify(text));
    assert.deepEqual(
      lines.map((_, i) => source.lineText(i + 1)),
      lines,
      JSON.stringify(text),
    );
  }
});

test('offsets map to 1-based line and column', () => {
  const source = new SourceLines('ab\r\ncd\re\nf');
  const at = (offset: number): string => {
    const { line, column } = source.position(offset);
    return `${line}:${column}`;
  };
  assert.deepEqual([0, 1, 2, 4, 5, 7, 9, 10].map(at), ['1:1', '1:2', '1:3', '2:1', '2:2', '3:1', '4:1', '4:2']);
});
