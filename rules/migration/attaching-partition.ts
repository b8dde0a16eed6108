import { alterTableCommands } from '../../src/lint/alter-table-commands.js';
import { blockedBy } from '../../src/lint/lock-model.js';
import { relationDisplay, relationName } from '../../src/sql/migration-ast.js';
import type { RelationName } from '../../src/sql/migration-ast.js';
import type { LockInfo, MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'attaching-partition',
    severity: 'warning',
    category: 'locking',
    aliases: [],
    description: 'ATTACH PARTITION scans the attached table under an ACCESS EXCLUSIVE lock unless a CHECK constraint already proves its bound.',
    statementKinds: ['AlterTableStmt', 'CreateStmt'],
    messages: {
      attach:
        'Attaching {{partition}} to {{table}} scans every row of {{partition}} to check the partition bound, holding an ACCESS EXCLUSIVE lock on it (reads and writes wait); a default partition of {{table}}, if there is one, is scanned too.',
      defaultScanned:
        'Attaching {{partition}} to {{table}} also scans its default partition {{defaultPartition}} for rows that belong in {{partition}}, holding an ACCESS EXCLUSIVE lock on {{defaultPartition}} (reads and writes wait).',
      createScansDefault:
        'Creating {{partition}} as a partition of {{table}} scans its default partition {{defaultPartition}} for rows that belong in {{partition}}, holding an ACCESS EXCLUSIVE lock on {{defaultPartition}} and on {{table}} (reads and writes wait).',
    },
    help: {
      attach:
        'First add a CHECK constraint on {{partition}} that matches the bound, with NOT VALID, then VALIDATE it (a weaker lock, reads and writes go on); ATTACH PARTITION then skips the scan. Drop the CHECK afterwards.',
      defaultScanned:
        'First add a CHECK constraint on {{defaultPartition}} that excludes the new bound, with NOT VALID, then VALIDATE it (reads and writes go on; it fails if rows of the new range are there: move them out first); ATTACH PARTITION then skips this scan and holds the lock only for a moment. Or attach while {{defaultPartition}} is small.',
      createScansDefault:
        'First add a CHECK constraint on {{defaultPartition}} that excludes the new bound, with NOT VALID, then VALIDATE it (reads and writes go on; it fails if rows of the new range are there: move them out first); creating the partition then skips this scan. Or create it while {{defaultPartition}} is small.',
    },
  },
  create(context) {
    // The recipe: a CHECK added to the table by ALTER TABLE, then validated. pgopt does not prove that it
    // implies the bound (or, on a default partition, excludes it); a CHECK from CREATE TABLE (amount >= 0 ...)
    // or a constraint seen only being validated (perhaps a foreign key) does not count.
    const recipeFollowed = (table: RelationName): boolean =>
      [...(context.schema.table(table)?.constraints.values() ?? [])].some((c) => c.kind === 'check' && c.validated && c.definedBy === 'alter');
    const scanLock = (table: string): LockInfo => ({ mode: 'ACCESS EXCLUSIVE', tables: [table], blocks: blockedBy('ACCESS EXCLUSIVE'), rewrites: false, scans: true });
    return {
      statement(statement) {
        const node = statement.node;
        if ('CreateStmt' in node) {
          // CREATE TABLE ... PARTITION OF checks the default partition's rows the way ATTACH does.
          const bound = node.CreateStmt.partbound;
          const parentNode = node.CreateStmt.inhRelations?.[0];
          const parent = parentNode !== undefined && 'RangeVar' in parentNode ? relationName(parentNode.RangeVar) : undefined;
          const partition = relationName(node.CreateStmt.relation);
          if (bound === undefined || bound.is_default === true || parent === undefined || partition === undefined) return;
          // IF NOT EXISTS on a table that is there already does nothing.
          if (node.CreateStmt.if_not_exists === true && context.schema.table(partition) !== undefined) return;
          const defaultPartition = context.schema.table(parent)?.defaultPartition;
          if (defaultPartition === undefined || context.schema.isNewTable(defaultPartition) || recipeFollowed(defaultPartition)) return;
          const defaultShown = relationDisplay(defaultPartition);
          context.report({
            statement,
            messageId: 'createScansDefault',
            data: { partition: relationDisplay(partition), table: relationDisplay(parent), defaultPartition: defaultShown },
            lock: scanLock(defaultShown),
          });
          return;
        }
        for (const { cmd, table, tableText } of alterTableCommands(statement, context.schema)) {
          if (cmd.subtype !== 'AT_AttachPartition' || cmd.def === undefined || !('PartitionCmd' in cmd.def)) continue;
          const partition = relationName(cmd.def.PartitionCmd.name);
          if (partition === undefined) continue;
          const shown = relationDisplay(partition);
          // A table the migrations created has no other users yet: locking and scanning it hurts nobody.
          if (!context.schema.isNewTable(partition) && !recipeFollowed(partition)) {
            context.report({ statement, messageId: 'attach', data: { partition: shown, table: tableText }, lock: scanLock(shown) });
          }
          // Attaching a DEFAULT partition where there is one already fails; any other bound is checked
          // against the rows of the existing default partition, whatever the new partition is.
          const defaultPartition = cmd.def.PartitionCmd.bound?.is_default === true ? undefined : context.schema.table(table)?.defaultPartition;
          if (defaultPartition !== undefined && !context.schema.isNewTable(defaultPartition) && !recipeFollowed(defaultPartition)) {
            const defaultShown = relationDisplay(defaultPartition);
            context.report({
              statement,
              messageId: 'defaultScanned',
              data: { partition: shown, table: tableText, defaultPartition: defaultShown },
              lock: scanLock(defaultShown),
            });
          }
        }
      },
    };
  },
};
export default rule;
