import { DECLARING_KINDS, declaredTypes, retypeFix } from '../../src/lint/column-types.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'prefer-timestamp-tz',
    severity: 'info',
    category: 'style',
    fixable: true,
    optIn: true,
    aliases: ['squawk:prefer-timestamp-tz', 'squawk:prefer-timestamptz'],
    description: 'timestamp without time zone columns.',
    statementKinds: DECLARING_KINDS,
    messages: {
      type: 'Column `{{column}}` is {{type}}: values have no time zone, so they shift meaning with the session TimeZone setting.',
    },
    help: {
      type: 'Use timestamptz (timestamp with time zone).',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const declared of declaredTypes(statement)) {
          if (declared.base === 'timestamp') {
            const fix = retypeFix(statement, declared, (w) => (w.name === 'timestamp' ? `timestamptz${w.args}${w.array}` : undefined));
            context.report({ statement, messageId: 'type', data: { column: declared.column, type: declared.text }, offset: declared.offset, fix });
          }
        }
      },
    };
  },
};
export default rule;
