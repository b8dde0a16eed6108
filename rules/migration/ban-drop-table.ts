import { nameList } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-drop-table',
    severity: 'warning',
    category: 'correctness',
    aliases: ['squawk:ban-drop-table'],
    description: 'Dropping a table breaks every running application version that still uses it.',
    messages: {
      dropTable: 'Dropping {{table}} loses its data and breaks code still using it (ACCESS EXCLUSIVE lock).',
    },
    help: {
      dropTable: 'First deploy code that no longer uses the table, then drop it in a later migration.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('DropStmt' in node) || node.DropStmt.removeType !== 'OBJECT_TABLE') return;
        for (const object of node.DropStmt.objects ?? []) {
          if (!('List' in object)) continue;
          const names = nameList(object.List.items);
          const name = names[names.length - 1] ?? '?';
          const schema = names.length > 1 ? names[0] : undefined;
          if (context.schema.isNewTable({ schema, name })) continue;
          context.report({ statement, messageId: 'dropTable', data: { table: names.join('.') } });
        }
      },
    };
  },
};
export default rule;
