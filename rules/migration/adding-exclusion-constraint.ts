import { alterTableCommands, commandConstraint } from '../../src/lint/alter-table-commands.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'adding-exclusion-constraint',
    severity: 'warning',
    category: 'locking',
    aliases: [],
    description: 'Adding an EXCLUDE constraint to an existing table builds its index under an ACCESS EXCLUSIVE lock.',
    statementKinds: ['AlterTableStmt'],
    messages: {
      exclusion:
        'Adding an exclusion constraint to {{table}} builds its index and checks every row while holding an ACCESS EXCLUSIVE lock: reads and writes wait for the whole build.',
    },
    help: {
      exclusion:
        'PostgreSQL has no USING INDEX or NOT VALID form for exclusion constraints: add it while the table is small or in a maintenance window, or enforce the rule with a trigger plus a unique index built CONCURRENTLY.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const { cmd, tableText, newTable } of alterTableCommands(statement, context.schema)) {
          if (newTable || cmd.subtype !== 'AT_AddConstraint') continue;
          const constraint = commandConstraint(cmd);
          if (constraint?.contype !== 'CONSTR_EXCLUSION') continue;
          context.report({ statement, messageId: 'exclusion', data: { table: tableText }, offset: statement.locate(constraint.location) });
        }
      },
    };
  },
};
export default rule;
