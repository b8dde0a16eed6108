import { DECLARING_KINDS, declaredTypes, retypeFix } from '../../src/lint/column-types.js';
import type { MigrationRule } from '../../src/lint/types.js';

/** The 64-bit spelling of each way to write the type, as squawk's fix writes it. */
const WIDER_INT: Readonly<Record<string, string>> = { int: 'bigint', integer: 'bigint', int4: 'int8', serial: 'bigserial', serial4: 'serial8' };

const rule: MigrationRule = {
  meta: {
    id: 'prefer-bigint-over-int',
    severity: 'info',
    category: 'style',
    fixable: true,
    optIn: true,
    aliases: ['squawk:prefer-bigint-over-int'],
    description: 'int/serial columns that can run out of values (2^31).',
    statementKinds: DECLARING_KINDS,
    messages: {
      type: 'Column `{{column}}` is {{type}}: its values run out at 2,147,483,647, and widening it later rewrites the table.',
    },
    help: {
      type: 'Use bigint (or bigserial / bigint GENERATED ... AS IDENTITY).',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const declared of declaredTypes(statement)) {
          if (['int4', 'serial', 'serial4'].includes(declared.base)) {
            const fix = retypeFix(statement, declared, (w) => (WIDER_INT[w.name] === undefined ? undefined : `${WIDER_INT[w.name]}${w.array}`));
            context.report({ statement, messageId: 'type', data: { column: declared.column, type: declared.text }, offset: declared.offset, fix });
          }
        }
      },
    };
  },
};
export default rule;
