import { alterTableCommands, commandConstraint } from '../../src/lint/alter-table-commands.js';
import { notNullProven } from '../../src/lint/lock-model.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'adding-not-nullable-field',
    severity: 'error',
    category: 'locking',
    aliases: ['squawk:adding-not-nullable-field'],
    description: 'SET NOT NULL on an existing column without a validated CHECK (col IS NOT NULL) first.',
    statementKinds: ['AlterTableStmt'],
    messages: {
      setNotNull: 'SET NOT NULL on {{table}}.{{column}} scans the whole table under an ACCESS EXCLUSIVE lock to prove no row is NULL.',
      primaryKey:
        'PRIMARY KEY USING INDEX makes {{table}}.{{column}} NOT NULL: PostgreSQL scans the whole table under an ACCESS EXCLUSIVE lock to prove no row is NULL.',
    },
    help: {
      setNotNull:
        '{{recipe}}',
      primaryKey: 'Make the column NOT NULL first without the scan: {{recipe}}',
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
          if (newTable) continue;
          if (cmd.subtype === 'AT_AddConstraint') {
            // The index's columns become NOT NULL with the key; only columns the replayed schema knows to be
            // nullable are reported (a table from outside the history may already have NOT NULL).
            const constraint = commandConstraint(cmd);
            if (constraint?.contype !== 'CONSTR_PRIMARY' || constraint.indexname === undefined) continue;
            const index = context.schema.index({ schema: table.schema, name: constraint.indexname });
            const columns = context.schema.table(table)?.columns;
            for (const column of index?.columns ?? []) {
              if (columns?.get(column)?.notNull !== false || notNullProven(context.schema, table, column, context.settings)) continue;
              context.report({ statement, messageId: 'primaryKey', data: { table: tableText, column, recipe }, offset: statement.locate(constraint.location) });
            }
            continue;
          }
          if (cmd.subtype !== 'AT_SetNotNull' || cmd.name === undefined) continue;
          if (notNullProven(context.schema, table, cmd.name, context.settings)) continue;
          context.report({ statement, messageId: 'setNotNull', data: { table: tableText, column: cmd.name, recipe } });
        }
      },
    };
  },
};
export default rule;
