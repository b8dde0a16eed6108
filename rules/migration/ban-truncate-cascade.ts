import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-truncate-cascade',
    severity: 'error',
    category: 'correctness',
    aliases: ['squawk:ban-truncate-cascade'],
    description: 'TRUNCATE ... CASCADE also empties every table with a foreign key to it.',
    statementKinds: ['TruncateStmt'],
    messages: {
      cascade: 'TRUNCATE ... CASCADE also empties every table that references these, recursively, under ACCESS EXCLUSIVE locks.',
    },
    help: {
      cascade: 'Name every table to truncate explicitly, without CASCADE.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if ('TruncateStmt' in node && node.TruncateStmt.behavior === 'DROP_CASCADE') context.report({ statement, messageId: 'cascade' });
      },
    };
  },
};
export default rule;
