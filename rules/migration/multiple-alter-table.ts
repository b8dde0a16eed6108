import { relationDisplay, relationKey, relationName } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'multiple-alter-table',
    severity: 'info',
    category: 'locking',
    aliases: [],
    description: 'Several ALTER TABLE statements on one existing table in one file.',
    statementKinds: ['AlterTableStmt'],
    messages: {
      again: '{{table}} was already altered by statement {{first}} of this file: each ALTER TABLE queues for its ACCESS EXCLUSIVE lock again (and may scan again).',
    },
    help: {
      again: 'Combine the changes into one ALTER TABLE {{table}} ... , ... ; statement so the lock is taken once.',
    },
  },
  create(context) {
    const firstStatement = new Map<string, number>();
    return {
      statement(statement) {
        const node = statement.node;
        if (!('AlterTableStmt' in node) || node.AlterTableStmt.objtype !== 'OBJECT_TABLE') return;
        const table = relationName(node.AlterTableStmt.relation);
        if (table === undefined || context.schema.isNewTable(table) || statement.lock?.mode !== 'ACCESS EXCLUSIVE') return;
        const key = relationKey(table);
        const first = firstStatement.get(key);
        if (first === undefined) {
          firstStatement.set(key, statement.index + 1);
          return;
        }
        context.report({ statement, messageId: 'again', data: { table: relationDisplay(table), first } });
      },
    };
  },
};
export default rule;
