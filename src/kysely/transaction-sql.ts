/**
 * The SQL of transaction control, built from Kysely's settings.
 */
import type { TransactionSettings } from 'kysely';
import { UsageError } from '../errors.js';

const isolationLevels = new Set(['read uncommitted', 'read committed', 'repeatable read', 'serializable']);

/** `start transaction` with the requested isolation level and access mode. */
export function beginStatement(settings: TransactionSettings): string {
  const modes: string[] = [];
  if (settings.isolationLevel !== undefined) {
    if (!isolationLevels.has(settings.isolationLevel)) {
      throw new UsageError(`PostgreSQL has no "${settings.isolationLevel}" isolation level.`);
    }
    modes.push(`isolation level ${settings.isolationLevel}`);
  }
  if (settings.accessMode !== undefined) modes.push(settings.accessMode);
  return modes.length === 0 ? 'start transaction' : `start transaction ${modes.join(', ')}`;
}

/** `savepoint`, `rollback to savepoint` or `release savepoint` for a quoted name. */
export function savepointStatement(command: 'savepoint' | 'rollback to savepoint' | 'release savepoint', name: string): string {
  return `${command} ${quoteIdentifier(name)}`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
