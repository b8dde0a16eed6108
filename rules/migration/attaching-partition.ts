import { alterTableCommands } from '../../src/lint/alter-table-commands.js';
import { blockedBy } from '../../src/lint/lock-model.js';
import { relationDisplay, relationName } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'attaching-partition',
    severity: 'warning',
    category: 'locking',
    aliases: [],
    description: 'ATTACH PARTITION scans the attached table under an ACCESS EXCLUSIVE lock unless a CHECK constraint already proves its bound.',
    messages: {
      attach:
        'Attaching {{partition}} to {{table}} scans every row of {{partition}} to check the partition bound, holding an ACCESS EXCLUSIVE lock on it (reads and writes wait); a default partition of {{table}}, if there is one, is scanned too.',
    },
    help: {
      attach:
        'First add a CHECK constraint on {{partition}} that matches the bound, with NOT VALID, then VALIDATE it (a weaker lock, reads and writes go on); ATTACH PARTITION then skips the scan. Drop the CHECK afterwards.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const { cmd, tableText } of alterTableCommands(statement, context.schema)) {
          if (cmd.subtype !== 'AT_AttachPartition' || cmd.def === undefined || !('PartitionCmd' in cmd.def)) continue;
          const partition = relationName(cmd.def.PartitionCmd.name);
          // A table the migrations created has no other users yet: locking and scanning it hurts nobody.
          if (partition === undefined || context.schema.isNewTable(partition)) continue;
          // The recipe: a CHECK added to the partition by ALTER TABLE, then validated. pgopt does not prove that
          // it implies the bound; a CHECK from CREATE TABLE (amount >= 0 ...) or a constraint seen only
          // being validated (perhaps a foreign key) does not count.
          const checks = [...(context.schema.table(partition)?.constraints.values() ?? [])].filter((c) => c.kind === 'check' && c.validated && c.definedBy === 'alter');
          if (checks.length > 0) continue;
          const shown = relationDisplay(partition);
          context.report({
            statement,
            messageId: 'attach',
            data: { partition: shown, table: tableText },
            lock: { mode: 'ACCESS EXCLUSIVE', tables: [shown], blocks: blockedBy('ACCESS EXCLUSIVE'), rewrites: false, scans: true },
          });
        }
      },
    };
  },
};
export default rule;
