import type { LintStatement, MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'transaction-nesting',
    severity: 'warning',
    category: 'transaction',
    aliases: ['squawk:transaction-nesting'],
    description: 'BEGIN inside a transaction, or COMMIT/ROLLBACK of a transaction the file did not open.',
    messages: {
      nestedBegin: 'BEGIN inside an open transaction does nothing (PostgreSQL has no nested transactions); the first COMMIT ends everything.',
      toolBegin: 'The migration tool already runs this file in a transaction: this BEGIN is ignored and the next COMMIT ends the tool\'s transaction early.',
      strayEnd: '{{what}} without an open transaction does nothing but warn.',
      toolEnd: "{{what}} ends the transaction the migration tool opened: statements after it run outside any transaction, and the tool's own COMMIT finds none.",
    },
    help: {
      nestedBegin: 'Remove the inner BEGIN (use SAVEPOINT for a partial rollback).',
      toolBegin: 'Remove BEGIN/COMMIT from the file, or tell the tool not to wrap this migration.',
      strayEnd: 'Remove it, or add the BEGIN it was meant to close.',
      toolEnd: 'Remove BEGIN/COMMIT from the file, or tell the tool not to wrap this migration.',
    },
  },
  create(context) {
    // Under a tool-opened transaction, `COMMIT; BEGIN;` is the idiom for splitting a file into two
    // transactions (the tool commits the second): the COMMIT is reported only if no BEGIN follows it.
    let pendingEnd: { statement: LintStatement; what: string } | undefined;
    const flush = (): void => {
      if (pendingEnd !== undefined) context.report({ statement: pendingEnd.statement, messageId: 'toolEnd', data: { what: pendingEnd.what } });
      pendingEnd = undefined;
    };
    return {
      statement(statement) {
        const node = statement.node;
        const kind = 'TransactionStmt' in node ? node.TransactionStmt.kind : undefined;
        const begin = kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START';
        if (begin && pendingEnd !== undefined && !statement.inTransaction) {
          pendingEnd = undefined;
          return;
        }
        flush();
        if (begin) {
          if (statement.explicitDepth > 0) context.report({ statement, messageId: 'nestedBegin' });
          else if (context.implicitTransaction && statement.inTransaction) context.report({ statement, messageId: 'toolBegin' });
        } else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK') {
          const what = kind === 'TRANS_STMT_COMMIT' ? 'COMMIT' : 'ROLLBACK';
          if (context.implicitTransaction && statement.explicitDepth === 0 && statement.inTransaction) pendingEnd = { statement, what };
          else if (context.implicitTransaction && statement.explicitDepth > 0) context.report({ statement, messageId: 'toolEnd', data: { what } });
          else if (!statement.inTransaction) context.report({ statement, messageId: 'strayEnd', data: { what } });
        }
      },
      fileEnd: flush,
    };
  },
};
export default rule;
