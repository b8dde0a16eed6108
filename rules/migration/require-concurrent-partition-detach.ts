import { alterTableCommands } from '../../src/lint/alter-table-commands.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'require-concurrent-partition-detach',
    severity: 'warning',
    category: 'locking',
    aliases: ['squawk:require-concurrent-partition-detach'],
    description: 'DETACH PARTITION without CONCURRENTLY (PostgreSQL 14+) locks the parent table.',
    statementKinds: ['AlterTableStmt'],
    fixable: true,
    messages: {
      detach: 'DETACH PARTITION takes an ACCESS EXCLUSIVE lock on {{table}}: queries on every partition wait.',
    },
    help: {
      detach: 'Use DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+, outside a transaction), which takes SHARE UPDATE EXCLUSIVE.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        if (context.settings.pgVersion.major < 14) return;
        for (const { cmd, tableText, newTable } of alterTableCommands(statement, context.schema)) {
          if (newTable || cmd.subtype !== 'AT_DetachPartition') continue;
          if (cmd.def !== undefined && 'PartitionCmd' in cmd.def && cmd.def.PartitionCmd.concurrent === true) continue;
          const single = statement.text.endsWith(';') && !statement.inTransaction;
          context.report({
            statement,
            messageId: 'detach',
            data: { table: tableText },
            fix: single ? [{ start: statement.end - 1, end: statement.end - 1, text: ' CONCURRENTLY' }] : undefined,
          });
        }
      },
    };
  },
};
export default rule;
