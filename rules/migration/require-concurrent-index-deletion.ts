import { nameList } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'require-concurrent-index-deletion',
    severity: 'error',
    category: 'locking',
    aliases: ['squawk:require-concurrent-index-deletion'],
    description: 'DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table.',
    statementKinds: ['DropStmt'],
    fixable: true,
    messages: {
      drop: 'DROP INDEX {{index}} takes an ACCESS EXCLUSIVE lock on its table: it waits behind running queries and blocks reads and writes meanwhile.',
      dropInTransaction: 'DROP INDEX {{index}} takes an ACCESS EXCLUSIVE lock on its table. This file runs in a transaction, where CONCURRENTLY is not allowed.',
    },
    help: {
      drop: 'Use DROP INDEX CONCURRENTLY (outside a transaction).',
      dropInTransaction: 'Move it to a migration that runs outside a transaction and use DROP INDEX CONCURRENTLY.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('DropStmt' in node) || node.DropStmt.removeType !== 'OBJECT_INDEX' || node.DropStmt.concurrent === true) return;
        const names = (node.DropStmt.objects ?? []).map((o) => ('List' in o ? nameList(o.List.items) : []));
        const allNew = names.every((parts) => {
          const index = context.schema.index({ schema: parts.length > 1 ? parts[0] : undefined, name: parts[parts.length - 1] ?? '' });
          if (index === undefined) return false;
          const [schema, ...rest] = index.tableKey.split('.');
          return context.schema.isNewTable({ schema, name: rest.join('.') });
        });
        if (allNew) return;
        const index = names.map((p) => p.join('.')).join(', ');
        const match = /^drop\s+index\s+/i.exec(statement.text);
        const at = match === null ? undefined : statement.start + match[0].length;
        if (statement.inTransaction) context.report({ statement, messageId: 'dropInTransaction', data: { index } });
        else context.report({ statement, messageId: 'drop', data: { index }, fix: at === undefined ? undefined : [{ start: at, end: at, text: 'CONCURRENTLY ' }] });
      },
    };
  },
};
export default rule;
