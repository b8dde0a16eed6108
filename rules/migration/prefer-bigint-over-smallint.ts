import { DECLARING_KINDS, declaredTypes, retypeFix } from '../../src/lint/column-types.js';
import type { MigrationRule } from '../../src/lint/types.js';

/** The 64-bit spelling of each way to write the type, as squawk's fix writes it. */
const WIDER_SMALLINT: Readonly<Record<string, string>> = { smallint: 'bigint', int2: 'int8', smallserial: 'bigserial', serial2: 'serial8' };

const rule: MigrationRule = {
  meta: {
    id: 'prefer-bigint-over-smallint',
    severity: 'info',
    category: 'style',
    fixable: true,
    optIn: true,
    aliases: ['squawk:prefer-bigint-over-smallint'],
    description: 'smallint/smallserial columns that can run out of values (32,767).',
    statementKinds: DECLARING_KINDS,
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
            const fix = retypeFix(statement, declared, (w) => (WIDER_SMALLINT[w.name] === undefined ? undefined : `${WIDER_SMALLINT[w.name]}${w.array}`));
            context.report({ statement, messageId: 'type', data: { column: declared.column, type: declared.text }, offset: declared.offset, fix });
          }
        }
      },
    };
  },
};
export default rule;
