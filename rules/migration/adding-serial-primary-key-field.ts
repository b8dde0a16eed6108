import { addedConstraints, alterTableCommands } from '../../src/lint/alter-table-commands.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'adding-serial-primary-key-field',
    severity: 'error',
    category: 'locking',
    aliases: ['squawk:adding-serial-primary-key-field'],
    description: 'Adding a PRIMARY KEY to an existing table builds its index under an ACCESS EXCLUSIVE lock.',
    statementKinds: ['AlterTableStmt'],
    messages: {
      primaryKey: 'Adding a primary key to {{table}} builds a unique index while holding an ACCESS EXCLUSIVE lock: reads and writes wait for the whole build.',
    },
    help: {
      primaryKey:
        'CREATE UNIQUE INDEX CONCURRENTLY the index first (outside a transaction), then ALTER TABLE {{table}} ADD CONSTRAINT <name> PRIMARY KEY USING INDEX <index>.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const { cmd, tableText, newTable } of alterTableCommands(statement, context.schema)) {
          if (newTable) continue;
          for (const constraint of addedConstraints(cmd)) {
            if (constraint.contype !== 'CONSTR_PRIMARY' || constraint.indexname !== undefined) continue;
            context.report({ statement, messageId: 'primaryKey', data: { table: tableText }, offset: statement.locate(constraint.location) });
          }
        }
      },
    };
  },
};
export default rule;
