import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateGate } from '../../src/pool/create-gate.js';

const never = new AbortController().signal;

describe('CreateGate', () => {
  // The gate's backoff timers are unref'd (a pool must not keep a process alive by retrying),
  // so something else has to keep this test's event loop running.
  let keepAlive: NodeJS.Timeout | undefined;
  before(() => {
    keepAlive = setInterval(() => undefined, 1_000);
  });
  after(() => clearInterval(keepAlive));

  it('doubles the backoff per consecutive failure up to the cap', () => {
    const gate = new CreateGate({ maxConcurrent: 1, backoffInitialMillis: 100, backoffMaxMillis: 1_000 });
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((n) => gate.backoffMillis(n)), [0, 100, 200, 400, 800, 1_000]);
  });

  it('waits half to all of the backoff after a failure (equal jitter), and nothing after a success', async () => {
    const gate = new CreateGate({ maxConcurrent: 1, backoffInitialMillis: 80, backoffMaxMillis: 1_000, random: () => 0 });
    await assert.rejects(gate.attempt(() => Promise.reject(new Error('refused')), never), /refused/);
    const started = performance.now();
    await gate.attempt(() => Promise.resolve(1), never);
    assert.ok(performance.now() - started >= 35, 'waited about half of 80 ms');
    const again = performance.now();
    await gate.attempt(() => Promise.resolve(2), never);
    assert.ok(performance.now() - again < 35, 'no wait after a success');
    assert.equal(gate.state().consecutiveFailures, 0);
  });

  it('does not back off after failures the classifier excuses, but remembers them', async () => {
    const gate = new CreateGate({ maxConcurrent: 1, backoffInitialMillis: 10_000, backoffMaxMillis: 10_000, backOffAfter: () => false });
    await assert.rejects(gate.attempt(() => Promise.reject(new Error('terminated')), never));
    const started = performance.now();
    assert.equal(await gate.attempt(() => Promise.resolve('ok'), never), 'ok');
    assert.ok(performance.now() - started < 1_000);
    assert.equal(gate.state().lastError?.message, 'terminated');
  });

  it('runs at most maxConcurrent attempts at once', async () => {
    const gate = new CreateGate({ maxConcurrent: 2, backoffInitialMillis: 10, backoffMaxMillis: 10 });
    let running = 0;
    let peak = 0;
    const attempt = async (): Promise<void> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
    };
    await Promise.all(Array.from({ length: 6 }, () => gate.attempt(attempt, never)));
    assert.equal(peak, 2);
  });

  it('rejects a waiting attempt when its signal aborts', async () => {
    const gate = new CreateGate({ maxConcurrent: 1, backoffInitialMillis: 10, backoffMaxMillis: 10 });
    const controller = new AbortController();
    const blocker = gate.attempt(() => new Promise((resolve) => setTimeout(resolve, 100)), never);
    const waiting = gate.attempt(() => Promise.resolve('late'), controller.signal);
    controller.abort(new Error('pool ending'));
    await assert.rejects(waiting, /pool ending/);
    await blocker;
  });
});
