import { alterTableCommands } from '../../src/lint/alter-table-commands.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'changing-table-persistence',
    severity: 'warning',
    category: 'locking',
    aliases: [],
    description: 'SET LOGGED or SET UNLOGGED rewrites an existing table under an ACCESS EXCLUSIVE lock.',
    statementKinds: ['AlterTableStmt'],
    messages: {
      logged: 'SET LOGGED rewrites {{table}} into the WAL under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole copy.',
      unlogged: 'SET UNLOGGED rewrites {{table}} under an ACCESS EXCLUSIVE lock (reads and writes wait), and an unlogged table is emptied after a crash and is not replicated.',
    },
    help: {
      logged: 'Run it in a maintenance window, or build a logged copy, backfill it in batches and swap the names.',
      unlogged: 'Keep the table logged; if losing it on a crash is really fine, create a new unlogged table and move the data in batches.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const { cmd, tableText, newTable } of alterTableCommands(statement, context.schema)) {
          if (newTable) continue;
          if (cmd.subtype === 'AT_SetLogged') context.report({ statement, messageId: 'logged', data: { table: tableText } });
          else if (cmd.subtype === 'AT_SetUnLogged') context.report({ statement, messageId: 'unlogged', data: { table: tableText } });
        }
      },
    };
  },
};
export default rule;
