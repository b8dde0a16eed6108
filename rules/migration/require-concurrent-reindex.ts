import { optionEnabled } from '../../src/lint/lock-model.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'require-concurrent-reindex',
    severity: 'error',
    category: 'locking',
    aliases: ['squawk:require-concurrent-reindex'],
    description: 'REINDEX without CONCURRENTLY (PostgreSQL 12+) blocks writes, and reads that use the index.',
    statementKinds: ['ReindexStmt'],
    fixable: true,
    messages: {
      reindex: 'REINDEX locks the table against writes (and the index against reads that use it) for the whole rebuild.',
    },
    help: {
      reindex: 'Use REINDEX ... CONCURRENTLY (PostgreSQL 12+, outside a transaction).',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('ReindexStmt' in node) || context.settings.pgVersion.major < 12) return;
        const stmt = node.ReindexStmt;
        if (stmt.kind === 'REINDEX_OBJECT_SYSTEM' || optionEnabled(stmt.params, 'concurrently')) return;
        const match = /^reindex\s+(?:\([^)]*\)\s*)?(?:index|table|schema|database)\s+/i.exec(statement.text);
        const plain = (stmt.params ?? []).length === 0 && match !== null && !statement.inTransaction;
        const at = match === null ? 0 : statement.start + match[0].length;
        context.report({ statement, messageId: 'reindex', fix: plain ? [{ start: at, end: at, text: 'CONCURRENTLY ' }] : undefined });
      },
    };
  },
};
export default rule;
