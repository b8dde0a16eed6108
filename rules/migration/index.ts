/**
 * Every migration rule, in id order. The meta-test checks that each file here is
 * registered, named after its id, documented and tested.
 */
import type { MigrationRule } from '../../src/lint/types.js';
import addingExclusionConstraint from './adding-exclusion-constraint.js';
import addingFieldWithDefault from './adding-field-with-default.js';
import addingForeignKeyConstraint from './adding-foreign-key-constraint.js';
import addingNotNullableField from './adding-not-nullable-field.js';
import addingRequiredField from './adding-required-field.js';
import addingSerialPrimaryKeyField from './adding-serial-primary-key-field.js';
import attachingPartition from './attaching-partition.js';
import banAlterDomainWithAddConstraint from './ban-alter-domain-with-add-constraint.js';
import banCharField from './ban-char-field.js';
import banConcurrentIndexCreationInTransaction from './ban-concurrent-index-creation-in-transaction.js';
import banCreateDomainWithConstraint from './ban-create-domain-with-constraint.js';
import banDropColumn from './ban-drop-column.js';
import banDropDatabase from './ban-drop-database.js';
import banDropNotNull from './ban-drop-not-null.js';
import banDropTable from './ban-drop-table.js';
import banDuplicateColumnAssignments from './ban-duplicate-column-assignments.js';
import banTruncateCascade from './ban-truncate-cascade.js';
import banUncommittedTransaction from './ban-uncommitted-transaction.js';
import changingColumnType from './changing-column-type.js';
import changingTablePersistence from './changing-table-persistence.js';
import constraintMissingNotValid from './constraint-missing-not-valid.js';
import createTriggerOnExistingTable from './create-trigger-on-existing-table.js';
import disallowedUniqueConstraint from './disallowed-unique-constraint.js';
import doBlockDynamicSql from './do-block-dynamic-sql.js';
import enumValueUsedInSameTransaction from './enum-value-used-in-same-transaction.js';
import foreignKeyWithoutIndex from './foreign-key-without-index.js';
import identifierTooLong from './identifier-too-long.js';
import invalidIgnore from './invalid-ignore.js';
import multipleAlterTable from './multiple-alter-table.js';
import pg14ConcurrentIndexCorruption from './pg14-concurrent-index-corruption.js';
import preferBigintOverInt from './prefer-bigint-over-int.js';
import preferBigintOverSmallint from './prefer-bigint-over-smallint.js';
import preferIdentity from './prefer-identity.js';
import preferJsonb from './prefer-jsonb.js';
import preferRepack from './prefer-repack.js';
import preferRobustStmts from './prefer-robust-stmts.js';
import preferTextField from './prefer-text-field.js';
import preferTimestampTz from './prefer-timestamp-tz.js';
import renamingColumn from './renaming-column.js';
import renamingTable from './renaming-table.js';
import requireConcurrentIndexCreation from './require-concurrent-index-creation.js';
import requireConcurrentIndexDeletion from './require-concurrent-index-deletion.js';
import requireConcurrentPartitionDetach from './require-concurrent-partition-detach.js';
import requireConcurrentRefresh from './require-concurrent-refresh.js';
import requireConcurrentReindex from './require-concurrent-reindex.js';
import requireEnumValueOrdering from './require-enum-value-ordering.js';
import requireLockTimeout from './require-lock-timeout.js';
import requireStatementTimeout from './require-statement-timeout.js';
import requireTableSchema from './require-table-schema.js';
import statementsAfterAccessExclusive from './statements-after-access-exclusive.js';
import transactionNesting from './transaction-nesting.js';

export const migrationRules: readonly MigrationRule[] = [
  addingExclusionConstraint,
  addingFieldWithDefault,
  addingForeignKeyConstraint,
  addingNotNullableField,
  addingRequiredField,
  addingSerialPrimaryKeyField,
  attachingPartition,
  banAlterDomainWithAddConstraint,
  banCharField,
  banConcurrentIndexCreationInTransaction,
  banCreateDomainWithConstraint,
  banDropColumn,
  banDropDatabase,
  banDropNotNull,
  banDropTable,
  banDuplicateColumnAssignments,
  banTruncateCascade,
  banUncommittedTransaction,
  changingColumnType,
  changingTablePersistence,
  constraintMissingNotValid,
  createTriggerOnExistingTable,
  disallowedUniqueConstraint,
  doBlockDynamicSql,
  enumValueUsedInSameTransaction,
  foreignKeyWithoutIndex,
  identifierTooLong,
  invalidIgnore,
  multipleAlterTable,
  pg14ConcurrentIndexCorruption,
  preferBigintOverInt,
  preferBigintOverSmallint,
  preferIdentity,
  preferJsonb,
  preferRepack,
  preferRobustStmts,
  preferTextField,
  preferTimestampTz,
  renamingColumn,
  renamingTable,
  requireConcurrentIndexCreation,
  requireConcurrentIndexDeletion,
  requireConcurrentPartitionDetach,
  requireConcurrentRefresh,
  requireConcurrentReindex,
  requireEnumValueOrdering,
  requireLockTimeout,
  requireStatementTimeout,
  requireTableSchema,
  statementsAfterAccessExclusive,
  transactionNesting,
];
