import { alterTableCommands } from '../../src/lint/alter-table-commands.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-drop-not-null',
    severity: 'warning',
    category: 'correctness',
    aliases: ['squawk:ban-drop-not-null'],
    description: 'DROP NOT NULL lets running code that assumes a value see NULLs.',
    statementKinds: ['AlterTableStmt'],
    messages: {
      dropNotNull: 'Dropping NOT NULL on {{table}}.{{column}} lets NULLs reach code that assumes a value.',
    },
    help: {
      dropNotNull: 'Make sure every reader handles NULL before this ships.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const { cmd, tableText, newTable } of alterTableCommands(statement, context.schema)) {
          if (!newTable && cmd.subtype === 'AT_DropNotNull') {
            context.report({ statement, messageId: 'dropNotNull', data: { table: tableText, column: cmd.name ?? '?' } });
          }
        }
      },
    };
  },
};
export default rule;
