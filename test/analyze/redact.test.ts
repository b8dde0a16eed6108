import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskStringLiterals } from '../../src/analyze/redact.js';
import { redactConnectionString } from '../../src/redact-connection-string.js';

describe('maskStringLiterals', () => {
  it('masks quoted strings, doubled quotes included, and keeps the rest', () => {
    assert.equal(maskStringLiterals("Filter: (email = 'bob''s@x.com') removed 900 rows"), "Filter: (email = '?') removed 900 rows");
  });
});

describe('redactConnectionString', () => {
  const cases: [string, string][] = [
    ['postgres://app:s3cret@db.internal:5432/shop', 'postgres://app:***@db.internal:5432/shop'],
    ['postgresql://app@db/shop', 'postgresql://app@db/shop'],
    ['postgres://app:p@ss@db/shop', 'postgres://app:***@db/shop'],
    ['postgres://db/shop?user=app&password=s3cret&sslmode=require', 'postgres://db/shop?user=app&password=***&sslmode=require'],
    ["host=db user=app password='s 3cret' dbname=shop", 'host=db user=app password=*** dbname=shop'],
  ];
  for (const [input, expected] of cases) {
    it(`redacts ${expected}`, () => {
      const output = redactConnectionString(input);
      assert.equal(output, expected);
      assert.ok(!output.includes('s3cret'));
    });
  }
});
