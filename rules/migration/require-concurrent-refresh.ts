import { relationDisplay, relationName } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'require-concurrent-refresh',
    severity: 'warning',
    category: 'locking',
    aliases: [],
    description: 'REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks every read of the view.',
    statementKinds: ['RefreshMatViewStmt'],
    fixable: true,
    messages: {
      refresh: 'REFRESH MATERIALIZED VIEW {{view}} holds an ACCESS EXCLUSIVE lock for the whole refresh: every SELECT on it waits.',
    },
    help: {
      refresh: 'Use REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view; reads continue).',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('RefreshMatViewStmt' in node)) return;
        const stmt = node.RefreshMatViewStmt;
        const view = relationName(stmt.relation);
        if (stmt.concurrent === true || stmt.skipData === true || view === undefined || context.schema.isNewTable(view)) return;
        const match = /^refresh\s+materialized\s+view\s+/i.exec(statement.text);
        const at = match === null ? undefined : statement.start + match[0].length;
        context.report({
          statement,
          messageId: 'refresh',
          data: { view: relationDisplay(view) },
          fix: at === undefined ? undefined : [{ start: at, end: at, text: 'CONCURRENTLY ' }],
        });
      },
    };
  },
};
export default rule;
