import { relationDisplay, relationName } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'require-concurrent-index-creation',
    severity: 'error',
    category: 'locking',
    aliases: ['squawk:require-concurrent-index-creation'],
    description: 'CREATE INDEX without CONCURRENTLY on an existing table blocks writes for the whole build.',
    statementKinds: ['IndexStmt'],
    fixable: true,
    messages: {
      create: 'CREATE INDEX on {{table}} holds a SHARE lock for the whole index build: inserts, updates and deletes wait.',
      createInTransaction:
        'CREATE INDEX on {{table}} holds a SHARE lock for the whole index build: inserts, updates and deletes wait. This file runs in a transaction, where CONCURRENTLY is not allowed.',
    },
    help: {
      create: 'Use CREATE INDEX CONCURRENTLY (outside a transaction; check for an INVALID index if it fails).',
      createInTransaction: 'Move it to a migration that runs outside a transaction and use CREATE INDEX CONCURRENTLY.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('IndexStmt' in node) || node.IndexStmt.concurrent === true) return;
        const table = relationName(node.IndexStmt.relation);
        if (table === undefined || context.schema.isNewTable(table)) return;
        const match = /^create\s+(?:unique\s+)?index\s+/i.exec(statement.text);
        const at = match === null ? undefined : statement.start + match[0].length;
        const data = { table: relationDisplay(table) };
        if (statement.inTransaction) context.report({ statement, messageId: 'createInTransaction', data });
        else context.report({ statement, messageId: 'create', data, fix: at === undefined ? undefined : [{ start: at, end: at, text: 'CONCURRENTLY ' }] });
      },
    };
  },
};
export default rule;
