import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DownWatch, RouterNode } from '../../src/router/router-node.js';
import type { NodePool } from '../../src/router/node-pool.js';

const pool: NodePool = {
  query: () => Promise.reject(new Error('not used')),
  connect: () => Promise.reject(new Error('not used')),
  end: () => Promise.resolve(),
};

class Recorder extends DownWatch {
  readonly reasons: string[] = [];
  override nodeDown(reason: Error): void {
    this.reasons.push(reason.message);
  }
}

describe('RouterNode down watches', () => {
  it('tells every watch still on the list once, and none after it was unwatched (head, middle, tail)', () => {
    const node = new RouterNode('r1', 'replica', 1, pool);
    const watches = Array.from({ length: 5 }, () => new Recorder());
    for (const watch of watches) node.watch(watch);
    // Watched last is the list's head; first is its tail.
    node.unwatch(watches[4] as Recorder);
    node.unwatch(watches[2] as Recorder);
    node.unwatch(watches[0] as Recorder);
    node.cancelWaits('probe timed out');
    assert.deepEqual(
      watches.map((w) => w.reasons.length),
      [0, 1, 0, 1, 0],
    );
    assert.match((watches[1] as Recorder).reasons[0] ?? '', /replica r1 is down: probe timed out/);
    // The list is empty afterwards: a second down period tells nobody who did not watch again.
    node.cancelWaits('again');
    assert.deepEqual(
      watches.map((w) => w.reasons.length),
      [0, 1, 0, 1, 0],
    );
  });

  it('ignores a second watch or unwatch of the same watch, and lets a watch that reacts unwatch others', () => {
    const node = new RouterNode('r1', 'replica', 1, pool);
    const a = new Recorder();
    const b = new Recorder();
    node.watch(a);
    node.watch(a);
    node.unwatch(b);
    node.watch(b);
    node.unwatch(b);
    node.unwatch(b);
    const calls: string[] = [];
    node.watchDown(() => {
      calls.push('callback');
      // Reacting to the down event may touch the list; it was emptied before anyone was told.
      node.unwatch(a);
    });
    node.cancelWaits('gone');
    assert.deepEqual([a.reasons.length, b.reasons.length, calls], [1, 0, ['callback']]);
  });

  it('an unsubscribe returned by watchDown stops the callback', () => {
    const node = new RouterNode('r1', 'replica', 1, pool);
    let told = 0;
    const unwatch = node.watchDown(() => told++);
    unwatch();
    node.cancelWaits('gone');
    assert.equal(told, 0);
  });
});
