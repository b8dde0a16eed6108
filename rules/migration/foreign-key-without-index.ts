import { alterTableCommands, columnConstraints, commandColumn, commandConstraint } from '../../src/lint/alter-table-commands.js';
import { relationDisplay, relationKey, relationName, stringValue } from '../../src/sql/migration-ast.js';
import type { Constraint, RelationName } from '../../src/sql/migration-ast.js';
import type { LintStatement, MigrationRule } from '../../src/lint/types.js';

interface PendingForeignKey {
  readonly statement: LintStatement;
  readonly table: RelationName;
  readonly columns: readonly string[];
  readonly offset: number;
}

const rule: MigrationRule = {
  meta: {
    id: 'foreign-key-without-index',
    severity: 'info',
    category: 'locking',
    aliases: [],
    description: 'A foreign key whose referencing columns have no index.',
    statementKinds: ['CreateStmt', 'AlterTableStmt'],
    messages: {
      noIndex:
        'No index on {{table}} ({{columns}}): every DELETE or key UPDATE on the referenced table scans {{table}} to check this foreign key, holding its locks meanwhile.',
    },
    help: {
      noIndex: 'CREATE INDEX CONCURRENTLY ON {{table}} ({{columns}}); (outside a transaction, or in the same migration if the table is new).',
    },
  },
  create(context) {
    const pending: PendingForeignKey[] = [];
    const add = (statement: LintStatement, table: RelationName, constraint: Constraint, column: string | undefined): void => {
      const columns = (constraint.fk_attrs ?? []).map((a) => stringValue(a) ?? '?');
      if (columns.length === 0 && column !== undefined) columns.push(column);
      pending.push({ statement, table, columns, offset: statement.locate(constraint.location) });
    };
    return {
      statement(statement) {
        const node = statement.node;
        if ('CreateStmt' in node) {
          const table = relationName(node.CreateStmt.relation);
          if (table === undefined) return;
          for (const element of node.CreateStmt.tableElts ?? []) {
            if ('Constraint' in element && element.Constraint.contype === 'CONSTR_FOREIGN') add(statement, table, element.Constraint, undefined);
            if ('ColumnDef' in element) {
              for (const c of columnConstraints(element.ColumnDef)) if (c.contype === 'CONSTR_FOREIGN') add(statement, table, c, element.ColumnDef.colname);
            }
          }
          return;
        }
        for (const { cmd, table } of alterTableCommands(statement, context.schema)) {
          if (cmd.subtype === 'AT_AddConstraint') {
            const c = commandConstraint(cmd);
            if (c?.contype === 'CONSTR_FOREIGN') add(statement, table, c, undefined);
          } else if (cmd.subtype === 'AT_AddColumn') {
            const column = commandColumn(cmd);
            for (const c of columnConstraints(column)) if (c.contype === 'CONSTR_FOREIGN') add(statement, table, c, column?.colname);
          }
        }
      },
      // At the end of the run, not of the file: the index may come in a later migration.
      runEnd() {
        for (const fk of pending) {
          const key = relationKey(fk.table);
          const table = context.schema.table(fk.table);
          if (table === undefined) continue; // dropped again later in the run
          const covered = context.schema.indexesOf(table.key === key ? key : table.key).some((index) =>
            fk.columns.every((column, i) => index.columns[i] === column),
          );
          if (covered) continue;
          context.report({
            statement: fk.statement,
            messageId: 'noIndex',
            data: { table: relationDisplay(fk.table), columns: fk.columns.join(', ') },
            offset: fk.offset,
            lock: null,
          });
        }
      },
    };
  },
};
export default rule;
