import { addedConstraints, alterTableCommands } from '../../src/lint/alter-table-commands.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'disallowed-unique-constraint',
    severity: 'error',
    category: 'locking',
    aliases: ['squawk:disallowed-unique-constraint'],
    description: 'Adding a UNIQUE constraint to an existing table builds its index under an ACCESS EXCLUSIVE lock.',
    statementKinds: ['AlterTableStmt'],
    messages: {
      unique: 'Adding a UNIQUE constraint to {{table}} builds its index while holding an ACCESS EXCLUSIVE lock: reads and writes wait for the whole build.',
    },
    help: {
      unique:
        'CREATE UNIQUE INDEX CONCURRENTLY first (outside a transaction), then ALTER TABLE {{table}} ADD CONSTRAINT <name> UNIQUE USING INDEX <index>.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const { cmd, tableText, newTable } of alterTableCommands(statement, context.schema)) {
          if (newTable) continue;
          for (const constraint of addedConstraints(cmd)) {
            if (constraint.contype !== 'CONSTR_UNIQUE' || constraint.indexname !== undefined) continue;
            context.report({ statement, messageId: 'unique', data: { table: tableText }, offset: statement.locate(constraint.location) });
          }
        }
      },
    };
  },
};
export default rule;
