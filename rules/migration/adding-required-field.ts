import { alterTableCommands, columnConstraints, commandColumn } from '../../src/lint/alter-table-commands.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'adding-required-field',
    severity: 'error',
    category: 'correctness',
    aliases: ['squawk:adding-required-field'],
    description: 'ADD COLUMN ... NOT NULL without a default: fails as soon as the table has a row.',
    statementKinds: ['AlterTableStmt'],
    messages: {
      required: 'Adding `{{column}}` as NOT NULL without a default fails on {{table}} if it has any row.',
      newTableWithRows: 'Adding `{{column}}` as NOT NULL without a default fails: {{table}} is new, but the migrations already put rows in it.',
    },
    help: {
      required: 'Add the column with a constant DEFAULT (metadata-only on PostgreSQL 11+), or add it nullable, backfill, then make it NOT NULL safely.',
      newTableWithRows: 'Declare the column in CREATE TABLE, add it before the rows go in, or give it a DEFAULT.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const { cmd, table, tableText, newTable } of alterTableCommands(statement, context.schema)) {
          if (cmd.subtype !== 'AT_AddColumn') continue;
          // A table the migrations created is empty, unless they filled it.
          const filledNewTable = newTable && context.schema.table(table)?.hasRows === true;
          if (newTable && !filledNewTable) continue;
          const column = commandColumn(cmd);
          const constraints = columnConstraints(column);
          const notNull = constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
          const filled = constraints.some((c) => ['CONSTR_DEFAULT', 'CONSTR_GENERATED', 'CONSTR_IDENTITY'].includes(c.contype ?? ''));
          const serial = /serial/i.test(column?.typeName?.names?.map((n) => ('String' in n ? n.String.sval : '')).join('.') ?? '');
          if (notNull && !filled && !serial) {
            context.report({ statement, messageId: filledNewTable ? 'newTableWithRows' : 'required', data: { column: column?.colname ?? '?', table: tableText } });
          }
        }
      },
    };
  },
};
export default rule;
