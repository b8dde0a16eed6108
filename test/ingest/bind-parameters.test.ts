import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBindParameters } from '../../src/ingest/bind-parameters.js';

describe('parseBindParameters', () => {
  const cases: [string, (string | null)[] | undefined][] = [
    ["$1 = '1'", ['1']],
    ["$1 = 'a', $2 = NULL, $3 = 'c'", ['a', null, 'c']],
    ["$1 = 'it''s'", ["it's"]],
    ["$1 = 'two\nlines', $2 = ''", ['two\nlines', '']],
    ["$1 = 'a, $2 = b'", ['a, $2 = b']],
    ["$2 = 'x'", [null, 'x']],
    ["$1 = '[2023-02-24T00:00,2023-02-25T00:00]'", ['[2023-02-24T00:00,2023-02-25T00:00]']],
    ["$1 = 'unterminated", undefined],
    ['$1 = 42', undefined],
    ['nothing', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseBindParameters(text), expected);
    });
  }
});
