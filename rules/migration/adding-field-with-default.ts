import { alterTableCommands, columnConstraints, commandColumn } from '../../src/lint/alter-table-commands.js';
import { volatileFunctionIn } from '../../src/lint/volatile-default.js';
import type { MigrationRule } from '../../src/lint/types.js';
import { typeNameText } from '../../src/sql/migration-ast.js';

const rule: MigrationRule = {
  meta: {
    id: 'adding-field-with-default',
    severity: 'error',
    category: 'locking',
    aliases: ['squawk:adding-field-with-default'],
    description: 'ADD COLUMN whose default or generated value makes PostgreSQL rewrite the table.',
    statementKinds: ['AlterTableStmt'],
    messages: {
      volatile: 'Adding `{{column}}` with the volatile default `{{fn}}` rewrites {{table}} under an ACCESS EXCLUSIVE lock: every row gets its own value.',
      generated: 'Adding the stored generated column `{{column}}` rewrites {{table}} under an ACCESS EXCLUSIVE lock.',
      sequence:
        'Adding the {{kind}} column `{{column}}` numbers every existing row from a sequence (nextval() is volatile): PostgreSQL rewrites {{table}} under an ACCESS EXCLUSIVE lock.',
      before11: 'Before PostgreSQL 11, adding `{{column}}` with any default rewrites {{table}} under an ACCESS EXCLUSIVE lock.',
    },
    help: {
      volatile: 'Add the column without a default (or with a constant one), backfill it in batches, then set the default.',
      generated: 'Add a plain column, fill it in batches and keep it current with a trigger, or use a virtual generated column (PostgreSQL 18+).',
      sequence:
        'Add a plain nullable bigint column, create the sequence and set the column default to nextval() (new rows only), backfill existing rows in batches, then add NOT NULL through a validated CHECK.',
      before11: 'Add the column without a default, set the default with a separate ALTER COLUMN SET DEFAULT, then backfill in batches.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const { cmd, tableText, newTable } of alterTableCommands(statement, context.schema)) {
          if (newTable || cmd.subtype !== 'AT_AddColumn') continue;
          const column = commandColumn(cmd);
          const name = column?.colname ?? '?';
          const constraints = columnConstraints(column);
          const serial = /^(small|big)?serial[248]?$/.test(typeNameText(column?.typeName).toLowerCase());
          const identity = constraints.some((c) => c.contype === 'CONSTR_IDENTITY');
          // A serial primary key is adding-serial-primary-key-field's finding (the index build comes on top).
          const primaryKey = constraints.some((c) => c.contype === 'CONSTR_PRIMARY');
          if ((serial || identity) && !primaryKey) {
            const kind = serial ? typeNameText(column?.typeName).toLowerCase() : 'identity';
            context.report({ statement, messageId: 'sequence', data: { column: name, table: tableText, kind }, offset: statement.locate(column?.location) });
            continue;
          }
          for (const constraint of constraints) {
            const data = { column: name, table: tableText };
            if (constraint.contype === 'CONSTR_GENERATED' && constraint.generated_kind !== 'v') {
              context.report({ statement, messageId: 'generated', data, offset: statement.locate(column?.location) });
            } else if (constraint.contype === 'CONSTR_DEFAULT') {
              const fn = volatileFunctionIn(constraint.raw_expr);
              if (context.settings.pgVersion.major < 11) context.report({ statement, messageId: 'before11', data, offset: statement.locate(column?.location) });
              else if (fn !== undefined) context.report({ statement, messageId: 'volatile', data: { ...data, fn }, offset: statement.locate(column?.location) });
            }
          }
        }
      },
    };
  },
};
export default rule;
