import { doBlockDynamicSql } from '../../src/sql/do-block.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'do-block-dynamic-sql',
    severity: 'info',
    category: 'correctness',
    optIn: true,
    aliases: [],
    description: 'EXECUTE of SQL built at run time inside a DO block: no linter can see what it runs.',
    statementKinds: ['DoStmt'],
    messages: {
      dynamic: 'This EXECUTE runs SQL built at run time; pgopt cannot check its locks or rewrites.',
    },
    help: {
      dynamic: 'Write the statements out when they are known in advance (they are then linted), or review this one by hand for the locks it takes.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        if (!('DoStmt' in statement.node)) return;
        for (const range of doBlockDynamicSql(statement.node, statement.text, statement.start)) {
          context.report({ statement, messageId: 'dynamic', offset: range.start, lock: null });
        }
      },
    };
  },
};
export default rule;
