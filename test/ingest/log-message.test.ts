import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isParseOrBindDuration, parseLogMessage, type LogMessage } from '../../src/ingest/log-message.js';

describe('parseLogMessage', () => {
  const cases: [string, LogMessage][] = [
    ['duration: 1.234 ms  statement: SELECT 1', { kind: 'statement', durationMs: 1.234, query: 'SELECT 1', extended: false }],
    ['duration: 0.054 ms statement: SELECT 1', { kind: 'statement', durationMs: 0.054, query: 'SELECT 1', extended: false }],
    ['duration: 2 ms  execute <unnamed>: SELECT $1', { kind: 'statement', durationMs: 2, query: 'SELECT $1', extended: true }],
    ['duration: 2.5 ms  execute S_1/C_2: SELECT 1', { kind: 'statement', durationMs: 2.5, query: 'SELECT 1', extended: true }],
    ['duration: 3.0 ms  execute fetch from S_1/C_2: SELECT 1', { kind: 'statement', durationMs: 3, query: 'SELECT 1', extended: true }],
    ['statement: SELECT 2', { kind: 'statement', durationMs: undefined, query: 'SELECT 2', extended: false }],
    ['execute <unnamed>: SELECT 3', { kind: 'statement', durationMs: undefined, query: 'SELECT 3', extended: true }],
    ['duration: 12.3 ms  plan:\n{"Plan": {}}', { kind: 'plan', durationMs: 12.3, body: '\n{"Plan": {}}' }],
    ['duration: 1.0 ms  parse <unnamed>: SELECT 1', { kind: 'other-duration' }],
    ['duration: 1.0 ms  bind S_1: SELECT 1', { kind: 'other-duration' }],
    ['duration: 1.0 ms', { kind: 'other-duration' }],
    ['duration: abc ms  statement: x', { kind: 'other' }],
    ['checkpoint starting: time', { kind: 'other' }],
    ['statement: ', { kind: 'statement', durationMs: undefined, query: '', extended: false }],
  ];
  for (const [message, expected] of cases) {
    it(`reads ${JSON.stringify(message.slice(0, 50))}`, () => {
      assert.deepEqual(parseLogMessage(message), expected);
    });
  }
});

describe('isParseOrBindDuration', () => {
  const cases: [string, number, boolean][] = [
    ['duration: 1.0 ms  parse <unnamed>: SELECT 1', 0, true],
    ['xx duration: 1.0 ms  bind S_1: SELECT 1', 3, true],
    ['duration: 1.0 ms  execute S_1: SELECT 1', 0, false],
    ['duration: 1.0 ms  statement: parse me', 0, false],
    ['statement: bind', 0, false],
  ];
  for (const [message, from, expected] of cases) {
    it(`is ${expected} for ${JSON.stringify(message.slice(from, from + 30))}`, () => {
      assert.equal(isParseOrBindDuration(message, from), expected);
    });
  }
});
