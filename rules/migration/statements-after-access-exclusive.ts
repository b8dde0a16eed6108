import { locksExistingTable } from '../../src/lint/timeout-rule.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'statements-after-access-exclusive',
    severity: 'warning',
    category: 'locking',
    aliases: [],
    description: 'Slow statements after an ACCESS EXCLUSIVE lock in the same transaction keep the table blocked.',
    messages: {
      held: '{{table}} is still locked ACCESS EXCLUSIVE (reads and writes wait) by an earlier statement of this transaction while this {{what}} runs.',
    },
    help: {
      held: 'COMMIT right after the statement that takes the ACCESS EXCLUSIVE lock, and run this in its own transaction.',
    },
  },
  create(context) {
    let heldOn: string | undefined;
    let reported = false;
    return {
      statement(statement) {
        if ('TransactionStmt' in statement.node || !statement.inTransaction) {
          heldOn = undefined;
          reported = false;
          return;
        }
        const lock = statement.lock;
        if (heldOn !== undefined && !reported && lock !== null) {
          const slow = lock.rewrites || lock.scans || lock.tables.some((t) => t !== heldOn);
          if (slow && locksExistingTable(lock, context.schema)) {
            reported = true;
            const what = lock.rewrites ? 'rewrite' : lock.scans ? 'table scan' : `lock on ${lock.tables.join(', ')}`;
            context.report({ statement, messageId: 'held', data: { table: heldOn, what } });
          }
        }
        if (heldOn === undefined && lock?.mode === 'ACCESS EXCLUSIVE' && locksExistingTable(lock, context.schema)) heldOn = lock.tables[0];
      },
    };
  },
};
export default rule;
