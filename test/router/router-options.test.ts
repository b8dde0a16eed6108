import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRouterOptions, routerDefaults } from '../../src/router/router-options.js';
import type { RouterOptions } from '../../src/router/router-options.js';
import { UsageError } from '../../src/errors.js';

const primary = { connectionString: 'postgres://localhost/app' };

describe('resolveRouterOptions', () => {
  it('applies the documented defaults', () => {
    assert.deepEqual(resolveRouterOptions({ primary }), {
      maxLagMillis: 5_000,
      maxLagBytes: Number.POSITIVE_INFINITY,
      healthCheckIntervalMillis: 1_000,
      healthCheckTimeoutMillis: 2_000,
      healthCheckMaxBackoffMillis: 30_000,
      balance: 'least-busy',
      classificationCacheSize: 2048,
      primaryReadWeight: 0,
    });
    assert.equal(routerDefaults.maxLagMillis, 5_000);
  });

  it('keeps given values', () => {
    const resolved = resolveRouterOptions({ primary, maxLagMillis: 0, maxLagBytes: 1024, balance: 'round-robin', healthCheckIntervalMillis: 50 });
    assert.deepEqual([resolved.maxLagMillis, resolved.maxLagBytes, resolved.balance, resolved.healthCheckIntervalMillis], [0, 1024, 'round-robin', 50]);
  });

  const invalid: readonly [string, unknown, RegExp][] = [
    ['no primary', {}, /needs a primary/],
    ['a null primary', { primary: null }, /needs a primary/],
    ['an unknown balance', { primary, balance: 'fastest' }, /balance must be one of least-busy, round-robin, random/],
    ['a negative lag', { primary, maxLagMillis: -1 }, /maxLagMillis must be a number >= 0/],
    ['a NaN byte lag', { primary, maxLagBytes: Number.NaN }, /maxLagBytes/],
    ['a negative primary read weight', { primary, primaryReadWeight: -1 }, /primaryReadWeight must be a number >= 0/],
    ['a zero interval', { primary, healthCheckIntervalMillis: 0 }, /healthCheckIntervalMillis must be a number >= 1/],
    ['a zero weight', { primary, replicas: [{ weight: 0 }] }, /replica 0 weight must be a positive number/],
    ['duplicate names', { primary, replicas: [{ name: 'a' }, { name: 'a' }] }, /node name 'a' is used twice/],
    ['a replica named like the primary', { primary, replicas: [{ name: 'primary' }] }, /node name 'primary' is used twice/],
  ];
  for (const [name, options, message] of invalid) {
    it(`rejects ${name} with a UsageError`, () => {
      assert.throws(() => resolveRouterOptions(options as RouterOptions), (error: unknown) => error instanceof UsageError && message.test(error.message));
    });
  }
});
