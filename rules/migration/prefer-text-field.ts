import { DECLARING_KINDS, declaredTypes, retypeFix } from '../../src/lint/column-types.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'prefer-text-field',
    severity: 'info',
    category: 'style',
    fixable: true,
    optIn: true,
    aliases: ['squawk:prefer-text-field'],
    description: 'varchar(n) columns: changing the limit later can lock the table.',
    statementKinds: DECLARING_KINDS,
    messages: {
      type: 'Column `{{column}}` is {{type}}: shrinking the limit later rewrites the table; a CHECK on length can be changed with NOT VALID instead.',
    },
    help: {
      type: 'Use text with a CHECK (char_length(col) <= n) constraint, added NOT VALID when the table exists.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const declared of declaredTypes(statement)) {
          if (declared.base === 'varchar' && declared.type.typmods !== undefined && declared.type.typmods.length > 0) {
            const fix = retypeFix(statement, declared, (w) => `text${w.array}`);
            context.report({ statement, messageId: 'type', data: { column: declared.column, type: declared.text }, offset: declared.offset, fix });
          }
        }
      },
    };
  },
};
export default rule;
