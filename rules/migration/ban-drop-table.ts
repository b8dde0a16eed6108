import { nameList } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-drop-table',
    severity: 'warning',
    category: 'correctness',
    aliases: ['squawk:ban-drop-table'],
    description: 'Dropping a table breaks every running application version that still uses it.',
    statementKinds: ['DropStmt'],
    messages: {
      dropTable: 'Dropping {{table}} loses its data and breaks code still using it (ACCESS EXCLUSIVE lock).',
      dropSchemaCascade: 'DROP SCHEMA {{schema}} CASCADE drops every table (and view, function, type) in it, with their data, under ACCESS EXCLUSIVE locks.',
    },
    help: {
      dropTable: 'First deploy code that no longer uses the table, then drop it in a later migration.',
      dropSchemaCascade: 'Drop the tables you mean to drop by name, each once no code uses it; then DROP SCHEMA without CASCADE, which refuses a schema that is not empty.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('DropStmt' in node)) return;
        if (node.DropStmt.removeType === 'OBJECT_SCHEMA' && node.DropStmt.behavior === 'DROP_CASCADE') {
          for (const object of node.DropStmt.objects ?? []) {
            const schema = 'String' in object ? object.String.sval : undefined;
            // A schema the migrations created holds nothing anyone else uses yet.
            if (schema !== undefined && !context.schema.isNewSchema(schema)) context.report({ statement, messageId: 'dropSchemaCascade', data: { schema } });
          }
          return;
        }
        if (node.DropStmt.removeType !== 'OBJECT_TABLE') return;
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
