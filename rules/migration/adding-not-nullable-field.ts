import { alterTableCommands } from '../../src/lint/alter-table-commands.js';
import { notNullProven } from '../../src/lint/lock-model.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'adding-not-nullable-field',
    severity: 'error',
    category: 'locking',
    aliases: ['squawk:adding-not-nullable-field'],
    description: 'SET NOT NULL on an existing column without a validated CHECK (col IS NOT NULL) first.',
    messages: {
      setNotNull: 'SET NOT NULL on {{table}}.{{column}} scans the whole table under an ACCESS EXCLUSIVE lock to prove no row is NULL.',
    },
    help: {
      setNotNull:
        '{{recipe}}',
    },
  },
  create(context) {
    const major = context.settings.pgVersion.major;
    const recipe =
      major >= 18
        ? 'On PostgreSQL 18+: ALTER TABLE t ADD CONSTRAINT c NOT NULL col NOT VALID; then, in a later transaction, ALTER TABLE t VALIDATE CONSTRAINT c (weaker lock), which makes the column NOT NULL.'
        : major >= 12
          ? 'Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later transaction, then SET NOT NULL (PostgreSQL 12+ skips the scan) and drop the check.'
          : 'Before PostgreSQL 12 SET NOT NULL always scans; keep a validated CHECK (col IS NOT NULL) constraint instead of NOT NULL.';
    return {
      statement(statement) {
        for (const { cmd, table, tableText, newTable } of alterTableCommands(statement, context.schema)) {
          if (newTable || cmd.subtype !== 'AT_SetNotNull' || cmd.name === undefined) continue;
          if (notNullProven(context.schema, table, cmd.name, context.settings)) continue;
          context.report({ statement, messageId: 'setNotNull', data: { table: tableText, column: cmd.name, recipe } });
        }
      },
    };
  },
};
export default rule;
