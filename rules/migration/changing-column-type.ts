import { alterTableCommands, commandColumn } from '../../src/lint/alter-table-commands.js';
import { typeChangeRewrites } from '../../src/lint/type-change.js';
import { typeNameText } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'changing-column-type',
    severity: 'error',
    category: 'locking',
    aliases: ['squawk:changing-column-type'],
    description: 'ALTER COLUMN TYPE that rewrites the table and its indexes.',
    statementKinds: ['AlterTableStmt'],
    messages: {
      rewrite: 'Changing {{table}}.{{column}} from {{from}} to {{to}} rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock.',
      unknownOldType:
        'Changing {{table}}.{{column}} to {{to}} rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old type is binary-coercible (the old type is not in the replayed migrations).',
    },
    help: {
      rewrite: 'Add a new column of the new type, backfill it in batches, switch readers and writers, then drop the old column.',
      unknownOldType:
        'Lint the whole migration history so the old type is known; safe changes (varchar(n) to a larger n or to text, numeric precision up) are not flagged. Otherwise add a new column, backfill, swap.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const { cmd, table, tableText, newTable } of alterTableCommands(statement, context.schema)) {
          if (newTable || cmd.subtype !== 'AT_AlterColumnType' || cmd.name === undefined) continue;
          const to = typeNameText(commandColumn(cmd)?.typeName);
          const from = context.schema.table(table)?.columns.get(cmd.name)?.type;
          const rewrites = typeChangeRewrites(from, to);
          if (rewrites === false) continue;
          const data = { table: tableText, column: cmd.name, to, from: from ?? '?' };
          context.report({ statement, messageId: rewrites === undefined ? 'unknownOldType' : 'rewrite', data });
        }
      },
    };
  },
};
export default rule;
