import { alterTableCommands } from '../../src/lint/alter-table-commands.js';
import { optionEnabled } from '../../src/lint/lock-model.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-concurrent-index-creation-in-transaction',
    severity: 'error',
    category: 'transaction',
    aliases: ['squawk:ban-concurrent-index-creation-in-transaction'],
    description: 'A statement PostgreSQL refuses inside a transaction block (the CONCURRENTLY forms, VACUUM) fails the migration.',
    statementKinds: ['IndexStmt', 'DropStmt', 'ReindexStmt', 'AlterTableStmt', 'VacuumStmt', 'AlterEnumStmt'],
    messages: {
      inTransaction: '{{what}} cannot run inside a transaction block: this migration will fail{{why}}.',
    },
    help: {
      inTransaction:
        'Run it in a migration of its own outside a transaction (e.g. golang-migrate with one statement per file, dbmate `transaction:false`, an ory `.autocommit` file, diesel `run_in_transaction = false`).',
    },
  },
  create(context) {
    const why = context.implicitTransaction ? ' (the migration tool runs this file in a transaction)' : '';
    return {
      statement(statement) {
        if (!statement.inTransaction) return;
        const node = statement.node;
        let what: string | undefined;
        if ('IndexStmt' in node && node.IndexStmt.concurrent === true) what = 'CREATE INDEX CONCURRENTLY';
        else if ('DropStmt' in node && node.DropStmt.concurrent === true) what = 'DROP INDEX CONCURRENTLY';
        else if ('ReindexStmt' in node && optionEnabled(node.ReindexStmt.params, 'concurrently')) what = 'REINDEX CONCURRENTLY';
        else if (
          alterTableCommands(statement, context.schema).some(
            ({ cmd }) => cmd.subtype === 'AT_DetachPartition' && cmd.def !== undefined && 'PartitionCmd' in cmd.def && cmd.def.PartitionCmd.concurrent === true,
          )
        ) {
          what = 'DETACH PARTITION CONCURRENTLY';
        } else if ('VacuumStmt' in node && node.VacuumStmt.is_vacuumcmd === true) {
          what = 'VACUUM'; // ANALYZE alone may run in a transaction
        } else if ('AlterEnumStmt' in node && node.AlterEnumStmt.newVal !== undefined && node.AlterEnumStmt.oldVal === undefined && context.settings.pgVersion.major < 12) {
          what = 'ALTER TYPE ... ADD VALUE (before PostgreSQL 12)';
        }
        if (what !== undefined) context.report({ statement, messageId: 'inTransaction', data: { what, why } });
      },
    };
  },
};
export default rule;
