import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBalancer } from '../../src/router/balancer.js';
import type { BalancedNode } from '../../src/router/balancer.js';

const node = (name: string, weight: number, inFlight: number): BalancedNode => ({ name, weight, inFlight });

function counts(picks: readonly string[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const name of picks) result[name] = (result[name] ?? 0) + 1;
  return result;
}

describe('least-busy balancer', () => {
  it('picks the node with the fewest queries in flight', () => {
    const balancer = createBalancer('least-busy');
    for (let i = 0; i < 10; i++) {
      assert.equal(balancer.pick([node('a', 1, 5), node('b', 1, 1), node('c', 1, 3)]).name, 'b');
    }
  });

  it('weighs in-flight queries by weight', () => {
    const balancer = createBalancer('least-busy');
    // a: (3+1)/4 = 1, b: (1+1)/1 = 2
    assert.equal(balancer.pick([node('a', 4, 3), node('b', 1, 1)]).name, 'a');
    // a: (8+1)/4 = 2.25, b: 2
    assert.equal(balancer.pick([node('a', 4, 8), node('b', 1, 1)]).name, 'b');
  });

  it('spreads ties instead of always picking the first node', () => {
    const balancer = createBalancer('least-busy');
    const picks = Array.from({ length: 30 }, () => balancer.pick([node('a', 1, 0), node('b', 1, 0), node('c', 1, 0)]).name);
    assert.deepEqual(counts(picks), { a: 10, b: 10, c: 10 });
  });

  it('balances a simulated load by weight', () => {
    const balancer = createBalancer('least-busy');
    const nodes = [{ name: 'a', weight: 3, inFlight: 0 }, { name: 'b', weight: 1, inFlight: 0 }];
    for (let i = 0; i < 40; i++) balancer.pick(nodes).inFlight++;
    assert.deepEqual(nodes.map((n) => n.inFlight), [30, 10]);
  });
});

describe('round-robin balancer', () => {
  it('cycles through equal nodes', () => {
    const balancer = createBalancer('round-robin');
    const nodes = [node('a', 1, 0), node('b', 1, 0), node('c', 1, 0)];
    assert.deepEqual(Array.from({ length: 6 }, () => balancer.pick(nodes).name), ['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('interleaves by weight (smooth)', () => {
    const balancer = createBalancer('round-robin');
    const nodes = [node('a', 5, 0), node('b', 1, 0), node('c', 1, 0)];
    const picks = Array.from({ length: 7 }, () => balancer.pick(nodes).name);
    assert.deepEqual(picks, ['a', 'a', 'b', 'a', 'c', 'a', 'a']);
  });
});

describe('random balancer', () => {
  it('picks in proportion to weight', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const balancer = createBalancer('random', random);
    const picks = counts(Array.from({ length: 4_000 }, () => balancer.pick([node('a', 3, 0), node('b', 1, 0)]).name));
    assert.ok((picks['a'] ?? 0) > 2_700 && (picks['a'] ?? 0) < 3_300, JSON.stringify(picks));
  });

  it('always returns a candidate, even at the top of the random range', () => {
    const balancer = createBalancer('random', () => 0.999_999_999);
    assert.equal(balancer.pick([node('a', 1, 0), node('b', 1, 0)]).name, 'b');
  });
});
