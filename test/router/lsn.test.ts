import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatLsn, isLsn, lsnBytesBehind, maxLsn, parseLsn } from '../../src/router/lsn.js';
import { UsageError } from '../../src/errors.js';

describe('lsn', () => {
  const cases: readonly (readonly [string, bigint])[] = [
    ['0/0', 0n],
    ['0/3000060', 0x3000060n],
    ['1/0', 1n << 32n],
    ['16/B374D848', (0x16n << 32n) | 0xb374d848n],
    ['FFFFFFFF/FFFFFFFF', 0xffffffffffffffffn],
  ];
  for (const [text, value] of cases) {
    it(`parses and formats ${text}`, () => {
      assert.equal(parseLsn(text), value);
      assert.equal(formatLsn(value), text);
    });
  }

  it('accepts lower case and surrounding spaces', () => {
    assert.equal(parseLsn(' 16/b374d848 '), (0x16n << 32n) | 0xb374d848n);
  });

  it('rejects what is not an LSN', () => {
    for (const text of ['', '0', '0/', '/1', 'x/1', '1/2/3', '123456789/0', '0x1/2']) {
      assert.equal(isLsn(text), false, text);
      assert.throws(() => parseLsn(text), UsageError);
    }
  });

  it('orders across the 32-bit boundary where string comparison fails', () => {
    assert.ok(parseLsn('1/0') > parseLsn('0/FFFFFFFF'));
    assert.ok(parseLsn('A/0') > parseLsn('9/FFFFFFFF'));
    assert.ok(parseLsn('0/10') > parseLsn('0/9'));
  });

  it('measures bytes behind, never negative, exact beyond 2^32', () => {
    assert.equal(lsnBytesBehind(parseLsn('16/B374D848'), parseLsn('16/B374D800')), 72);
    assert.equal(lsnBytesBehind(parseLsn('1/0'), parseLsn('0/FFFFFFFF')), 1);
    assert.equal(lsnBytesBehind(parseLsn('2/0'), parseLsn('0/0')), 2 ** 33);
    assert.equal(lsnBytesBehind(parseLsn('0/10'), parseLsn('0/20')), 0);
    assert.equal(maxLsn(parseLsn('0/10'), parseLsn('0/20')), parseLsn('0/20'));
  });
});
