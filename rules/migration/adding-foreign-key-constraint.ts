import { alterTableCommands, columnConstraints, commandColumn, commandConstraint } from '../../src/lint/alter-table-commands.js';
import { relationDisplay, relationName } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'adding-foreign-key-constraint',
    severity: 'error',
    category: 'locking',
    aliases: ['squawk:adding-foreign-key-constraint', 'squawk:constraint-missing-not-valid'],
    description: 'A foreign key added to an existing table without NOT VALID.',
    statementKinds: ['AlterTableStmt'],
    fixable: true,
    messages: {
      addConstraint:
        'Adding foreign key `{{name}}` validates every row of {{table}} while holding SHARE ROW EXCLUSIVE locks on {{table}} and {{target}}: writes to both wait.',
      addColumn:
        'Adding `{{column}}` with REFERENCES {{target}} takes SHARE ROW EXCLUSIVE on {{target}} and ACCESS EXCLUSIVE on {{table}}, and cannot be NOT VALID.',
    },
    help: {
      addConstraint:
        'Add it with NOT VALID (only new rows are checked), then run ALTER TABLE {{table}} VALIDATE CONSTRAINT {{name}} in a later transaction: validation takes a weaker lock.',
      addColumn: 'Add the column first, then add the foreign key as a separate constraint with NOT VALID and validate it later.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const commands = alterTableCommands(statement, context.schema);
        for (const { cmd, tableText, newTable } of commands) {
          if (newTable) continue;
          if (cmd.subtype === 'AT_AddConstraint') {
            const constraint = commandConstraint(cmd);
            if (constraint?.contype !== 'CONSTR_FOREIGN' || constraint.skip_validation === true) continue;
            const target = relationName(constraint.pktable);
            const name = constraint.conname ?? '<name>';
            const canFix = commands.length === 1 && constraint.conname !== undefined && !statement.inTransaction && statement.text.endsWith(';');
            context.report({
              statement,
              messageId: 'addConstraint',
              data: { name, table: tableText, target: target === undefined ? '?' : relationDisplay(target) },
              offset: statement.locate(constraint.location),
              fix: canFix
                ? [{ start: statement.end - 1, end: statement.end, text: ` NOT VALID;\nALTER TABLE ${tableText} VALIDATE CONSTRAINT ${quoteIdent(name)};` }]
                : undefined,
            });
          } else if (cmd.subtype === 'AT_AddColumn') {
            const column = commandColumn(cmd);
            for (const constraint of columnConstraints(column)) {
              if (constraint.contype !== 'CONSTR_FOREIGN') continue;
              const target = relationName(constraint.pktable);
              context.report({
                statement,
                messageId: 'addColumn',
                data: { column: column?.colname ?? '?', table: tableText, target: target === undefined ? '?' : relationDisplay(target) },
                offset: statement.locate(constraint.location),
              });
            }
          }
        }
      },
    };
  },
};

function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
export default rule;
