import { DECLARING_KINDS, declaredTypes } from '../../src/lint/column-types.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'prefer-jsonb',
    severity: 'info',
    category: 'style',
    aliases: [],
    description: 'json columns where jsonb is almost always better.',
    statementKinds: DECLARING_KINDS,
    messages: {
      type: 'Column `{{column}}` is {{type}}: json stores text that is re-parsed on every access and has no equality operator, so it cannot be indexed, compared or used in DISTINCT/GROUP BY.',
    },
    help: {
      type: 'Use jsonb (unless key order or duplicate keys must be kept).',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const declared of declaredTypes(statement)) {
          if (declared.base === 'json') {
            context.report({ statement, messageId: 'type', data: { column: declared.column, type: declared.text }, offset: declared.offset });
          }
        }
      },
    };
  },
};
export default rule;
