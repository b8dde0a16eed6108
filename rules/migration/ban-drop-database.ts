import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-drop-database',
    severity: 'error',
    category: 'correctness',
    aliases: ['squawk:ban-drop-database'],
    description: 'DROP DATABASE in a migration.',
    statementKinds: ['DropdbStmt'],
    messages: {
      dropDatabase: 'DROP DATABASE {{name}} destroys all of its data irreversibly.',
    },
    help: {
      dropDatabase: 'Drop databases by hand, not from a migration.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        if ('DropdbStmt' in statement.node) {
          context.report({ statement, messageId: 'dropDatabase', data: { name: statement.node.DropdbStmt.dbname ?? '?' } });
        }
      },
    };
  },
};
export default rule;
