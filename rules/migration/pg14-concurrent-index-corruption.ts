import { optionEnabled } from '../../src/lint/lock-model.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'pg14-concurrent-index-corruption',
    severity: 'error',
    category: 'correctness',
    aliases: [],
    description: 'CREATE INDEX / REINDEX CONCURRENTLY on PostgreSQL 14.0 to 14.3 can build corrupt indexes.',
    statementKinds: ['IndexStmt', 'ReindexStmt'],
    messages: {
      corrupt: '{{what}} on PostgreSQL {{version}} can silently miss rows written during the build (a bug fixed in 14.4): the index is corrupt.',
      unknownMinor: '{{what}} on PostgreSQL 14 before 14.4 can silently miss rows written during the build; the configured version (14) does not say which minor.',
    },
    help: {
      corrupt: 'Upgrade to 14.4 or later before running this; after upgrading, REINDEX indexes built concurrently on 14.0-14.3 (amcheck finds them).',
      unknownMinor: 'Check the server is 14.4+ and set --pg-version to the full version (e.g. 14.11).',
    },
  },
  create(context) {
    const { major, minor } = context.settings.pgVersion;
    if (major !== 14 || (minor !== undefined && minor >= 4)) return {};
    return {
      statement(statement) {
        const node = statement.node;
        let what: string | undefined;
        if ('IndexStmt' in node && node.IndexStmt.concurrent === true) what = 'CREATE INDEX CONCURRENTLY';
        else if ('ReindexStmt' in node && optionEnabled(node.ReindexStmt.params, 'concurrently')) what = 'REINDEX CONCURRENTLY';
        if (what === undefined) return;
        const version = `14.${minor ?? 'x'}`;
        context.report({ statement, messageId: minor === undefined ? 'unknownMinor' : 'corrupt', data: { what, version } });
      },
    };
  },
};
export default rule;
