import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idOrder, naturalOrder } from '../src/natural-order.js';

test('file names sort by the numbers in them', () => {
  const names = ['10_b.sql', '2_a.sql', 'V1__init.sql', '1_a.sql', 'V10__x.sql', 'V2__y.sql', '001_z.sql'];
  // 1 and 001 are the same number; the rest of the name decides.
  assert.deepEqual([...names].sort(naturalOrder), ['1_a.sql', '001_z.sql', '2_a.sql', '10_b.sql', 'V1__init.sql', 'V2__y.sql', 'V10__x.sql']);
  assert.deepEqual([...names].sort(naturalOrder), [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
});

test('rule ids sort as localeCompare sorted them', () => {
  const ids = ['require-lock-timeout', 'prefer-bigint-over-smallint', 'prefer-bigint-over-int', 'pg14-concurrent-index-corruption', 'ban-drop-table', 'ban-drop-column', 'adding-field-with-default'];
  assert.deepEqual([...ids].sort(idOrder), [...ids].sort((a, b) => a.localeCompare(b)));
  assert.equal(idOrder('a', 'a'), 0);
});

/** Deterministic pseudo-random numbers, so a failure names a reproducible case. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

test('naturalOrder orders printable ASCII names exactly as the en numeric collator does', () => {
  const collator = new Intl.Collator('en', { numeric: true });
  const random = generator(42);
  // Every printable ASCII character, with digits, separators and letters of both cases more often,
  // so names share prefixes, digit runs (leading zeros, long runs) and case-only differences.
  const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
  const alphabets = [printable, '0123456789', '_-.', 'aAbB', '0012_-.vV'];
  const name = (): string => {
    let out = '';
    const length = Math.floor(random() * 12);
    for (let i = 0; i < length; i++) {
      const alphabet = alphabets[Math.floor(random() * alphabets.length)] as string;
      out += alphabet[Math.floor(random() * alphabet.length)];
      if (random() < 0.05) out += '9'.repeat(Math.floor(random() * 40));
    }
    return out;
  };
  const sign = (n: number): number => Math.sign(n);
  for (let n = 0; n < 50_000; n++) {
    const a = name();
    const b = random() < 0.3 ? a.replace(/[a-z]/, (c) => c.toUpperCase()) + name().slice(0, 2) : name();
    assert.equal(sign(naturalOrder(a, b)), sign(collator.compare(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
});

test('names outside printable ASCII are ordered by the collator', () => {
  const collator = new Intl.Collator('en', { numeric: true });
  const pairs: [string, string][] = [
    ['é_1.sql', 'e_2.sql'],
    ['a\tb', 'a b'],
    ['x\u0001y', 'xy'],
    ['Ω10', 'Ω9'],
    ['a', 'a\u0000'],
    // A non-ASCII digit continues the number: 1٣ is 13, after 2.
    ['1٣.sql', '2.sql'],
    ['v1１_x.sql', 'v2_x.sql'],
  ];
  for (const [a, b] of pairs) assert.equal(Math.sign(naturalOrder(a, b)), Math.sign(collator.compare(a, b)), `${a} vs ${b}`);
});

test('digit runs longer than ICU compares at once (254 digits) are ordered by the collator', () => {
  const collator = new Intl.Collator('en', { numeric: true });
  const pairs: [string, string][] = [
    [`1${'0'.repeat(254)}`, `2${'0'.repeat(253)}`],
    [`${'9'.repeat(254)}05`, `${'9'.repeat(254)}5`],
    [`1${'0'.repeat(253)}05x`, `1${'0'.repeat(253)}5y`],
  ];
  for (const [a, b] of pairs) assert.equal(Math.sign(naturalOrder(a, b)), Math.sign(collator.compare(a, b)), `${a.length} vs ${b.length} digits`);
});

test('real migration names sort as the collator sorts them', () => {
  const names = [
    '2020-06-30-135809_remove_mat_views',
    '2020-06-30_x',
    '2023-01-01-000000_a.up.sql',
    '2023-01-01-000000_a.down.sql',
    '20230404095503_initial_migration',
    '20230404095503-initial',
    'V1.1__a.sql',
    'V1_1__a.sql',
    'V1__a.sql',
    '0001_init.sql',
    '1_init.sql',
    'README.md',
    'readme.md',
  ];
  const collator = new Intl.Collator('en', { numeric: true });
  assert.deepEqual([...names].sort(naturalOrder), [...names].sort(collator.compare));
});
