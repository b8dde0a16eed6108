import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LagHistory } from '../../src/router/lag-history.js';

describe('LagHistory', () => {
  it('reports no lag for a replica at or past the latest primary position', () => {
    const history = new LagHistory();
    history.record(1_000, 100n);
    assert.equal(history.lagMillis(100n, 5_000), 0);
    assert.equal(history.lagMillis(150n, 5_000), 0);
  });

  it('reports no lag behind an idle primary, however long ago it last wrote', () => {
    const history = new LagHistory();
    history.record(0, 100n);
    for (let t = 1_000; t <= 3_600_000; t += 1_000) history.record(t, 100n);
    assert.equal(history.lagMillis(100n, 3_600_000), 0);
  });

  it('measures time since the primary first passed the replay position', () => {
    const history = new LagHistory();
    history.record(0, 100n);
    history.record(1_000, 200n);
    history.record(2_000, 300n);
    history.record(3_000, 400n);
    assert.equal(history.lagMillis(250n, 3_500), 1_500); // first sample past 250 is 300 at t=2000
    assert.equal(history.lagMillis(100n, 3_500), 2_500);
    assert.equal(history.lagMillis(50n, 3_500), 3_500);
    assert.equal(history.lagMillis(399n, 3_500), 500);
  });

  it('measures from the moment an idle primary started writing again', () => {
    const history = new LagHistory();
    history.record(0, 100n);
    history.record(60_000, 100n);
    history.record(61_000, 500n);
    assert.equal(history.lagMillis(100n, 62_000), 1_000);
  });

  it('keeps a bounded number of samples and reports the oldest age beyond them', () => {
    const history = new LagHistory(4);
    for (let i = 0; i < 10; i++) history.record(i * 1_000, BigInt(i + 1) * 10n);
    assert.equal(history.latest, 100n);
    assert.equal(history.lagMillis(0n, 10_000), 4_000); // oldest kept sample is t=6000
  });

  it('restarts when the primary position goes backwards (a new primary)', () => {
    const history = new LagHistory();
    history.record(0, 1_000n);
    history.record(1_000, 10n);
    assert.equal(history.latest, 10n);
    assert.equal(history.lagMillis(10n, 2_000), 0);
  });
});
