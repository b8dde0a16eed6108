/** One-line wording of a finding's lock, shared by the lint reporters. */
import type { LockInfo } from '../lint/types.js';

/** E.g. `ACCESS EXCLUSIVE on orders: blocks reads, writes and DDL; rewrites the table`. */
export function describeLock(lock: LockInfo): string {
  const blocks = lock.blocks.map((b) => (b === 'ddl' ? 'DDL' : b));
  const list = blocks.length > 1 ? `${blocks.slice(0, -1).join(', ')} and ${blocks[blocks.length - 1]}` : (blocks[0] ?? 'nothing');
  const work = lock.rewrites ? 'rewrites the table' : lock.scans ? 'scans the table' : 'no table scan';
  return `${lock.mode} on ${lock.tables.join(', ') || '(none)'}: blocks ${list}; ${work}`;
}
