import { alterTableCommands } from '../../src/lint/alter-table-commands.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-drop-column',
    severity: 'warning',
    category: 'correctness',
    aliases: ['squawk:ban-drop-column'],
    description: 'Dropping a column breaks every running application version that still reads it.',
    statementKinds: ['AlterTableStmt'],
    messages: {
      dropColumn: 'Dropping {{table}}.{{column}} breaks queries of application versions still running that use it (ACCESS EXCLUSIVE lock, no rewrite).',
    },
    help: {
      dropColumn: 'First deploy code that no longer reads or writes the column, then drop it in a later migration.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const { cmd, tableText, newTable } of alterTableCommands(statement, context.schema)) {
          if (!newTable && cmd.subtype === 'AT_DropColumn') {
            context.report({ statement, messageId: 'dropColumn', data: { table: tableText, column: cmd.name ?? '?' } });
          }
        }
      },
    };
  },
};
export default rule;
