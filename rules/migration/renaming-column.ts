import type { MigrationRule } from '../../src/lint/types.js';
import { relationDisplay, relationName } from '../../src/sql/migration-ast.js';

const rule: MigrationRule = {
  meta: {
    id: 'renaming-column',
    severity: 'warning',
    category: 'correctness',
    aliases: ['squawk:renaming-column'],
    description: 'Renaming a column breaks running application versions that use the old name.',
    statementKinds: ['RenameStmt'],
    messages: {
      rename: 'Renaming {{table}}.{{from}} to {{to}} breaks every running query that uses the old name.',
    },
    help: {
      rename: 'Add the new column, write to both, backfill, move readers, then drop the old one (or use a view for the transition).',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('RenameStmt' in node) || node.RenameStmt.renameType !== 'OBJECT_COLUMN') return;
        const table = relationName(node.RenameStmt.relation);
        if (table === undefined || context.schema.isNewTable(table)) return;
        context.report({ statement, messageId: 'rename', data: { table: relationDisplay(table), from: node.RenameStmt.subname ?? '?', to: node.RenameStmt.newname ?? '?' } });
      },
    };
  },
};
export default rule;
