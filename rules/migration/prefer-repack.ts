import { optionEnabled } from '../../src/lint/lock-model.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'prefer-repack',
    severity: 'warning',
    category: 'locking',
    aliases: ['squawk:prefer-repack'],
    description: 'CLUSTER and VACUUM FULL rewrite the table under an ACCESS EXCLUSIVE lock.',
    statementKinds: ['ClusterStmt', 'VacuumStmt'],
    messages: {
      repack: '{{what}} rewrites the whole table while holding an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes.',
    },
    help: {
      repack: '{{instead}}',
    },
  },
  create(context) {
    const instead =
      context.settings.pgVersion.major >= 19
        ? 'Use REPACK (CONCURRENTLY), which rebuilds the table while allowing reads and writes.'
        : 'Use the pg_repack extension, which rebuilds the table online; plain VACUUM (not FULL) does not block.';
    return {
      statement(statement) {
        const node = statement.node;
        if ('ClusterStmt' in node) context.report({ statement, messageId: 'repack', data: { what: 'CLUSTER', instead } });
        else if ('VacuumStmt' in node && node.VacuumStmt.is_vacuumcmd === true && optionEnabled(node.VacuumStmt.options, 'full')) {
          context.report({ statement, messageId: 'repack', data: { what: 'VACUUM FULL', instead } });
        }
      },
    };
  },
};
export default rule;
