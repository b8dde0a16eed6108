import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lexicalKey } from '../../src/sql/lexical-key.js';

describe('lexicalKey', () => {
  const cases: [string, string, string][] = [
    ['numbers and strings', "SELECT a FROM t WHERE id = 42 AND name = 'bob'", 'SELECT a FROM t WHERE id = ? AND name = ?'],
    ['doubled quotes inside a string', "select 'it''s' from t", 'select ? from t'],
    ['E strings with backslash escapes', "select E'a\\'b', 1", 'select ?, ?'],
    ['dollar quotes', 'select $$x$$, $tag$ y $ z $tag$', 'select ?, ?'],
    ['parameters are kept', 'select * from t where a = $1 and b = $12', 'select * from t where a = $1 and b = $12'],
    ['comments and white space are folded', 'select 1 -- one\n  /* two */ ,\t2', 'select ? ,?'.replace(',?', ', ?')],
    ['digits inside identifiers stay', 'select col2 from t1', 'select col2 from t1'],
    ['quoted identifiers stay', 'select "Col 9" from "T 1"', 'select "Col 9" from "T 1"'],
    ['floats and exponents', 'select 1.5, .5, 3e10, 2E-3', 'select ?, ?, ?, ?'],
    ['bit and hex strings lose their prefix', "select B'101', X'ff'", 'select ?, ?'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(lexicalKey(input), expected));
  }

  it('gives statements that differ only in literals the same key', () => {
    assert.equal(lexicalKey("update t set a = 1 where id = 'x'"), lexicalKey("update t set a = 99 where id = 'yy'"));
  });

  it('survives unterminated strings, quotes and comments', () => {
    assert.equal(lexicalKey("select 'abc"), 'select ?');
    assert.equal(lexicalKey('select "abc'), 'select "abc');
    assert.equal(lexicalKey('select 1 /* never closed'), 'select ?');
  });
});
