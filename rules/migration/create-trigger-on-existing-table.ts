import { relationDisplay, relationName } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'create-trigger-on-existing-table',
    severity: 'info',
    category: 'locking',
    aliases: [],
    description: 'A trigger added to an existing table: a write-blocking lock now, per-row cost on every write after.',
    statementKinds: ['CreateTrigStmt'],
    messages: {
      trigger: 'CREATE TRIGGER {{name}} takes a SHARE ROW EXCLUSIVE lock on {{table}} (writes wait) and then runs on {{events}} for every affected row of a possibly hot table.',
    },
    help: {
      trigger: 'Set lock_timeout first, keep the trigger function cheap, and prefer FOR EACH STATEMENT with transition tables when per-row work is not needed.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('CreateTrigStmt' in node)) return;
        const stmt = node.CreateTrigStmt;
        const table = relationName(stmt.relation);
        if (table === undefined || context.schema.isNewTable(table)) return;
        const events = stmt.row === true ? 'each row' : 'each statement';
        context.report({ statement, messageId: 'trigger', data: { name: stmt.trigname ?? '?', table: relationDisplay(table), events } });
      },
    };
  },
};
export default rule;
