import { declaredTypes } from '../../src/lint/column-types.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'prefer-bigint-over-smallint',
    severity: 'info',
    category: 'style',
    optIn: true,
    aliases: ['squawk:prefer-bigint-over-smallint'],
    description: 'smallint/smallserial columns that can run out of values (32,767).',
    messages: {
      type: 'Column `{{column}}` is {{type}}: its values run out at 32,767, and widening it later rewrites the table.',
    },
    help: {
      type: 'Use bigint (or bigint GENERATED ... AS IDENTITY).',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const declared of declaredTypes(statement)) {
          if (['int2', 'smallserial', 'serial2'].includes(declared.base)) {
            context.report({ statement, messageId: 'type', data: { column: declared.column, type: declared.text }, offset: declared.offset });
          }
        }
      },
    };
  },
};
export default rule;
