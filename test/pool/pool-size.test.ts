import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { registerPoolSizeCommand } from '../../src/cli/pool-size.js';
import { computePoolSize, measurePoolSizeInputs, type PoolSizeInputs } from '../../src/pool/pool-size.js';
import { testDatabase } from '../helpers/database.js';

const db = await testDatabase();

const base: PoolSizeInputs = {
  processes: 1,
  serverCores: 4,
  serverCoresSource: 'given',
  roundTripMillis: 0.2,
  statementMillis: undefined,
  statementMillisSource: 'unknown',
  maxConnections: 100,
  reservedConnections: 3,
  otherConnections: 0,
};

describe('computePoolSize', () => {
  const cases: Array<[string, Partial<PoolSizeInputs>, { max: number; exceeds: boolean; mentions: RegExp }]> = [
    ['one process: cores x 2 + spindles', {}, { max: 9, exceeds: false, mentions: /4 x 2 \+ 1 = 9/ }],
    ['split across processes, rounded up', { processes: 4 }, { max: 3, exceeds: false, mentions: /ceil\(9 \/ 4\) = 3/ }],
    ['network wait adds connections', { statementMillis: 1, roundTripMillis: 1 }, { max: 18, exceeds: false, mentions: /busy 50% of the time/ }],
    ['network adjustment is capped at 4x', { statementMillis: 0.1, roundTripMillis: 50 }, { max: 36, exceeds: false, mentions: /capped at 4x/ }],
    ['deadlock floor wins when tasks hold several connections', { processes: 8, tasksPerProcess: 3, connectionsPerTask: 2 }, { max: 4, exceeds: false, mentions: /3 x \(2 - 1\) \+ 1 = 4 is higher/ }],
    ['flags a total above max_connections', { processes: 50, maxConnections: 40 }, { max: 1, exceeds: true, mentions: /does NOT fit/ }],
  ];
  for (const [name, overrides, expected] of cases) {
    it(name, () => {
      const result = computePoolSize({ ...base, ...overrides });
      assert.equal(result.maxPerProcess, expected.max);
      assert.equal(result.exceedsServerLimit, expected.exceeds);
      assert.match(result.reasoning.join('\n'), expected.mentions);
    });
  }

  it('rejects a non-positive process count', () => {
    assert.throws(() => computePoolSize({ ...base, processes: 0 }), /processes must be a positive integer/);
  });
});

describe('pool-size against PostgreSQL', { skip: db.skip }, () => {
  it('measures cores, round trip and limits', async () => {
    const inputs = await measurePoolSizeInputs({ connectionString: db.url, samples: 5 });
    assert.ok(inputs.serverCores >= 1);
    assert.ok(inputs.roundTripMillis > 0);
    assert.ok(inputs.maxConnections >= 1);
  });

  it('pgopt pool-size prints the recommendation and the reasoning', async () => {
    const program = new Command().exitOverride();
    let exitCode = -1;
    const written: string[] = [];
    registerPoolSizeCommand(program, (code) => (exitCode = code), (text) => written.push(text));
    await program.parseAsync(['pool-size', '--database', db.url, '--processes', '2', '--server-cores', '2'], { from: 'user' });
    const output = written.join('');
    assert.equal(exitCode, 0);
    assert.match(output, /^Recommended pool max per process: \d+/);
    assert.match(output, /Server cores: 2 \(given\)/);
    assert.match(output, /Deadlock floor Tn x \(Cm - 1\) \+ 1/);
    assert.match(output, /max_connections \d+/);
  });

  it('needs --database', async () => {
    const program = new Command().exitOverride();
    registerPoolSizeCommand(program, () => undefined);
    await assert.rejects(program.parseAsync(['pool-size', '--processes', '2'], { from: 'user' }), /needs --database/);
  });
});
