import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isConnectionLevelError, isNodeFailure, isRecoveryConflict } from '../../src/router/connection-errors.js';
import { ConnectionError } from '../../src/errors.js';

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('isConnectionLevelError', () => {
  const yes: readonly [string, unknown][] = [
    ['ECONNREFUSED', withCode('ECONNREFUSED')],
    ['ECONNRESET', withCode('ECONNRESET')],
    ['EPIPE', withCode('EPIPE')],
    ['ETIMEDOUT', withCode('ETIMEDOUT')],
    ['admin_shutdown 57P01', withCode('57P01', 'terminating connection due to administrator command')],
    ['cannot_connect_now 57P03', withCode('57P03')],
    ['too_many_connections 53300', withCode('53300')],
    ['connection_failure 08006', withCode('08006')],
    ['pg lost socket', new Error('Connection terminated unexpectedly')],
    ['pg connect timeout', new Error('timeout exceeded when trying to connect')],
    ['pgopt ConnectionError', new ConnectionError('could not connect')],
    ['wrapped cause', new Error('query failed', { cause: withCode('ECONNRESET') })],
  ];
  const no: readonly [string, unknown][] = [
    ['syntax error', withCode('42601', 'syntax error at or near "x"')],
    ['unique violation', withCode('23505')],
    ['read-only transaction', withCode('25006', 'cannot execute INSERT in a read-only transaction')],
    ['statement timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['plain error', new Error('boom')],
    ['not an error', 'ECONNRESET'],
    ['null', null],
  ];
  for (const [name, error] of yes) it(`is true for ${name}`, () => assert.equal(isConnectionLevelError(error), true));
  for (const [name, error] of no) it(`is false for ${name}`, () => assert.equal(isConnectionLevelError(error), false));

  it('recognises a standby cancelling for recovery, not other serialization failures', () => {
    assert.equal(isRecoveryConflict(withCode('40001', 'canceling statement due to conflict with recovery')), true);
    assert.equal(isRecoveryConflict(withCode('40001', 'could not serialize access due to concurrent update')), false);
  });
});

describe('isNodeFailure', () => {
  it('takes a node out for network and server failures, not for a busy or closing pool', () => {
    assert.equal(isNodeFailure(withCode('ECONNREFUSED')), true);
    assert.equal(isNodeFailure(Object.assign(new ConnectionError('timed out'), { code: 'PGOPT_ACQUIRE_TIMEOUT', reason: 'connect' })), true);
    assert.equal(isNodeFailure(Object.assign(new ConnectionError('timed out'), { code: 'PGOPT_ACQUIRE_TIMEOUT', reason: 'queued' })), false);
    assert.equal(isNodeFailure(Object.assign(new ConnectionError('shed'), { code: 'PGOPT_POOL_OVERLOADED' })), false);
    assert.equal(isNodeFailure(Object.assign(new ConnectionError('closed'), { code: 'PGOPT_POOL_CLOSED' })), false);
    assert.equal(isNodeFailure(withCode('23505')), false);
  });
});
