/**
 * Which errors mean "this node could not run the query" (so a read may go to
 * another node and the node is suspect) rather than "the query failed" (the
 * same error on any node; never retried).
 */
import { ConnectionError } from '../errors.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

// Server-sent SQLSTATEs that end or refuse the session, whatever the statement.
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);

// node-postgres reports a lost socket with these messages and no code.
const CLIENT_MESSAGES = [
  'Connection terminated',
  'connection error',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed',
  'Query read timeout',
];

/**
 * True when the error says the node (or the way to it) failed, not the statement.
 *
 * @example
 * isConnectionLevelError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })) // true
 * isConnectionLevelError(Object.assign(new Error('duplicate key'), { code: '23505' }))        // false
 */
export function isConnectionLevelError(error: unknown): boolean {
  if (error instanceof ConnectionError) return true;
  if (error === null || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08')) return true;
  }
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && CLIENT_MESSAGES.some((text) => message.includes(text))) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isConnectionLevelError(cause);
}

/**
 * True when a connection-level error says the node itself failed, as opposed to its pool being busy
 * (queued past the acquire timeout, or shedding load) or closing: those send a read elsewhere but do not
 * take the node out of rotation.
 */
export function isNodeFailure(error: unknown): boolean {
  if (!isConnectionLevelError(error)) return false;
  const { code, reason } = (error ?? {}) as { code?: unknown; reason?: unknown };
  if (code === 'PGOPT_POOL_OVERLOADED' || code === 'PGOPT_POOL_CLOSED') return false;
  return !(code === 'PGOPT_ACQUIRE_TIMEOUT' && reason === 'queued');
}

/**
 * True for a standby cancelling a query because replay needed what it held
 * ("canceling statement due to conflict with recovery"): the statement is fine,
 * the node is not, so a read may run elsewhere.
 */
export function isRecoveryConflict(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (code === '40001' || code === '40P01') && typeof message === 'string' && message.includes('conflict with recovery');
}
