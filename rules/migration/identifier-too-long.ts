import { nameList, visitTree } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

/** PostgreSQL's NAMEDATALEN - 1. */
const MAX_IDENTIFIER_BYTES = 63;
const NAME_KEYS = new Set(['relname', 'colname', 'idxname', 'conname', 'newname', 'name']);

const rule: MigrationRule = {
  meta: {
    id: 'identifier-too-long',
    severity: 'warning',
    category: 'correctness',
    aliases: ['squawk:identifier-too-long'],
    description: 'An identifier longer than 63 bytes, which PostgreSQL silently truncates.',
    messages: {
      tooLong: 'Identifier `{{name}}` is {{bytes}} bytes; PostgreSQL truncates it to 63, so later references by the full name fail or collide.',
    },
    help: {
      tooLong: 'Use a name of at most 63 bytes (UTF-8).',
    },
  },
  create(context) {
    return {
      statement(statement) {
        if (!/^(Create|Alter|Drop|Index|Rename|View)/.test(statement.kind)) return;
        const seen = new Set<string>();
        const check = (name: unknown): void => {
          if (typeof name !== 'string' || seen.has(name)) return;
          const bytes = Buffer.byteLength(name, 'utf8');
          if (bytes <= MAX_IDENTIFIER_BYTES) return;
          seen.add(name);
          context.report({ statement, messageId: 'tooLong', data: { name, bytes } });
        };
        const root = statement.node as unknown as Record<string, Record<string, unknown>>;
        const body = root[statement.kind];
        if (body !== undefined) for (const key of NAME_KEYS) check(body[key]);
        visitTree(statement.node, (key, value) => {
          if (key === 'RangeVar' || key === 'relation' || key === 'ColumnDef' || key === 'Constraint' || key === 'IndexStmt') {
            for (const k of NAME_KEYS) check(value[k]);
          }
        });
        if ('DropStmt' in statement.node) {
          for (const object of statement.node.DropStmt.objects ?? []) {
            if ('List' in object) for (const n of nameList(object.List.items)) check(n);
          }
        }
      },
    };
  },
};
export default rule;
