import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DurationHistogram } from '../../src/analyze/duration-histogram.js';

describe('DurationHistogram', () => {
  it('estimates percentiles within about 2%', () => {
    const histogram = new DurationHistogram();
    for (let i = 1; i <= 1000; i++) histogram.add(i);
    assert.equal(histogram.count, 1000);
    assert.equal(histogram.max, 1000);
    const p50 = histogram.quantile(0.5);
    const p95 = histogram.quantile(0.95);
    assert.ok(Math.abs(p50 - 500) / 500 < 0.02, `p50 ${p50}`);
    assert.ok(Math.abs(p95 - 950) / 950 < 0.02, `p95 ${p95}`);
  });

  it('weights a value by its count and never reports above the max', () => {
    const histogram = new DurationHistogram();
    histogram.add(10, 99);
    histogram.add(1000, 1);
    assert.ok(Math.abs(histogram.quantile(0.95) - 10) < 0.2);
    assert.equal(histogram.quantile(1), 1000);
    assert.ok(histogram.quantile(0.99) <= 1000);
  });

  it('ignores negative and non-numeric durations', () => {
    const histogram = new DurationHistogram();
    histogram.add(-1);
    histogram.add(Number.NaN);
    assert.equal(histogram.count, 0);
    assert.equal(histogram.quantile(0.5), 0);
  });
});
