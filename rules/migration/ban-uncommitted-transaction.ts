import type { LintStatement, MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-uncommitted-transaction',
    severity: 'error',
    category: 'transaction',
    aliases: ['squawk:ban-uncommitted-transaction'],
    description: 'A BEGIN with no COMMIT before the end of the file.',
    fixable: true,
    messages: {
      uncommitted: 'This transaction is never committed: its changes roll back (or the connection stays idle in transaction, holding its locks).',
    },
    help: {
      uncommitted: 'Add COMMIT; at the end of the transaction.',
    },
  },
  create(context) {
    let openedBy: LintStatement | undefined;
    let last: LintStatement | undefined;
    return {
      statement(statement) {
        last = statement;
        const node = statement.node;
        if (!('TransactionStmt' in node)) return;
        const kind = node.TransactionStmt.kind;
        if ((kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') && openedBy === undefined) openedBy = statement;
        else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') openedBy = undefined;
      },
      fileEnd() {
        // With a tool-opened transaction, a trailing BEGIN is closed by the tool's own COMMIT.
        if (openedBy === undefined || last === undefined || context.implicitTransaction) return;
        const end = last.end;
        context.report({ statement: openedBy, messageId: 'uncommitted', fix: [{ start: end, end, text: '\nCOMMIT;' }] });
      },
    };
  },
};
export default rule;
