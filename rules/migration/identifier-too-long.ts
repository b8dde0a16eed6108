import { longIdentifiers } from '../../src/sql/migration-identifiers.js';
import type { MigrationRule } from '../../src/lint/types.js';

/** PostgreSQL's NAMEDATALEN - 1. */
const MAX_IDENTIFIER_BYTES = 63;

const rule: MigrationRule = {
  meta: {
    id: 'identifier-too-long',
    severity: 'warning',
    category: 'correctness',
    aliases: ['squawk:identifier-too-long'],
    description: 'An identifier longer than 63 bytes, which PostgreSQL silently truncates.',
    messages: {
      tooLong: 'Identifier `{{name}}` is {{bytes}} bytes; PostgreSQL truncates it to 63, so later references by the full name fail or collide.',
    },
    help: {
      tooLong: 'Use a name of at most 63 bytes (UTF-8).',
    },
  },
  create(context) {
    return {
      statement(statement) {
        if (!/^(Create|Alter|Drop|Index|Rename|View|Comment)/.test(statement.kind)) return;
        for (const id of longIdentifiers(statement.text, MAX_IDENTIFIER_BYTES)) {
          context.report({ statement, messageId: 'tooLong', data: { name: id.name, bytes: id.bytes }, offset: statement.start + id.offset });
        }
      },
    };
  },
};
export default rule;
