import type { MigrationRule } from '../../src/lint/types.js';
import { relationDisplay, relationName } from '../../src/sql/migration-ast.js';

const rule: MigrationRule = {
  meta: {
    id: 'renaming-table',
    severity: 'warning',
    category: 'correctness',
    aliases: ['squawk:renaming-table'],
    description: 'Renaming a table breaks running application versions that use the old name.',
    statementKinds: ['RenameStmt'],
    messages: {
      rename: 'Renaming {{table}} to {{to}} breaks every running query that uses the old name.',
    },
    help: {
      rename: 'Rename, then create a view with the old name for the transition (simple views are updatable), and drop it once no code uses it.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('RenameStmt' in node) || node.RenameStmt.renameType !== 'OBJECT_TABLE') return;
        const table = relationName(node.RenameStmt.relation);
        if (table === undefined || context.schema.isNewTable(table)) return;
        context.report({ statement, messageId: 'rename', data: { table: relationDisplay(table), to: node.RenameStmt.newname ?? '?' } });
      },
    };
  },
};
export default rule;
