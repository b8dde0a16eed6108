import { relationName } from '../../src/sql/migration-ast.js';
import type { RangeVar } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'require-table-schema',
    severity: 'info',
    category: 'style',
    optIn: true,
    aliases: ['squawk:require-table-schema'],
    description: 'Table names without a schema depend on the search_path.',
    statementKinds: ['CreateStmt', 'AlterTableStmt', 'CreateTableAsStmt', 'DropStmt'],
    messages: {
      unqualified: 'Table `{{table}}` has no schema: which table this touches depends on search_path.',
    },
    help: {
      unqualified: 'Qualify it, e.g. public.{{table}}.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        const check = (rv: RangeVar | undefined): void => {
          const name = relationName(rv);
          if (name === undefined || name.schema !== undefined || rv?.relpersistence === 't') return;
          context.report({ statement, messageId: 'unqualified', data: { table: name.name }, offset: statement.locate(rv?.location) });
        };
        if ('CreateStmt' in node) check(node.CreateStmt.relation);
        else if ('AlterTableStmt' in node) check(node.AlterTableStmt.relation);
        else if ('CreateTableAsStmt' in node) check(node.CreateTableAsStmt.into?.rel);
        else if ('DropStmt' in node && node.DropStmt.removeType === 'OBJECT_TABLE') {
          for (const o of node.DropStmt.objects ?? []) {
            if ('List' in o && (o.List.items ?? []).length === 1) {
              const first = o.List.items?.[0];
              const table = first !== undefined && 'String' in first ? first.String.sval : '?';
              context.report({ statement, messageId: 'unqualified', data: { table: table ?? '?' } });
            }
          }
        }
      },
    };
  },
};
export default rule;
