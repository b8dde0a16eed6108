import { DECLARING_KINDS, declaredTypes, retypeFix } from '../../src/lint/column-types.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-char-field',
    severity: 'info',
    category: 'style',
    fixable: true,
    optIn: true,
    aliases: ['squawk:ban-char-field'],
    description: 'char(n) pads with spaces and is never faster than text or varchar.',
    statementKinds: DECLARING_KINDS,
    messages: {
      char: 'Column `{{column}}` uses {{type}}, which pads values with spaces and compares them oddly.',
    },
    help: {
      char: 'Use text (with a CHECK on length if needed) or varchar(n).',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const declared of declaredTypes(statement)) {
          // Every spelling of char(n) reaches the parser as bpchar. A bare "char" (quoted) is the one-byte
          // internal type, not this; "char"(n) or "character"(n), with a length, can only mean char(n).
          const quotedWithLength = ['char', 'character', 'nchar'].includes(declared.base) && (declared.type.typmods?.length ?? 0) > 0;
          const isChar = declared.base === 'bpchar' || quotedWithLength;
          if (isChar) {
            // squawk's rewrite: char(n) becomes varchar(n), a bare char becomes text.
            const fix = retypeFix(statement, declared, (w) => `${w.args === '' ? 'text' : `varchar${w.args}`}${w.array}`);
            context.report({ statement, messageId: 'char', data: { column: declared.column, type: declared.text }, offset: declared.offset, fix });
          }
        }
      },
    };
  },
};
export default rule;
