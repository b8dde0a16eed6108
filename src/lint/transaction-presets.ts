/**
 * Which migration tools open a transaction around each file. A CONCURRENTLY
 * statement fails inside one, so this decides where CONCURRENTLY advice may
 * be given. Each preset answers for one file.
 */
import type { TransactionPreset } from './types.js';

export interface TransactionPresetInfo {
  readonly description: string;
  /** Whether the tool runs this file inside a transaction block. */
  implicitTransaction(path: string, text: string, statementCount: number): boolean;
}

const always = (): boolean => true;
const never = (): boolean => false;
/** One multi-statement simple query runs as one implicit transaction block. */
const whenSeveralStatements = (_path: string, _text: string, count: number): boolean => count > 1;

export const TRANSACTION_PRESETS: Readonly<Record<TransactionPreset, TransactionPresetInfo>> = {
  none: { description: 'no implicit transaction; only explicit BEGIN/COMMIT count', implicitTransaction: never },
  // Flyway's and diesel's per-file opt-outs live in sidecar files, read by sidecar-transaction.ts.
  flyway: { description: 'Flyway: each migration in a transaction unless its .conf says executeInTransaction=false', implicitTransaction: always },
  'golang-migrate': {
    description: 'golang-migrate: the file is sent as one multi-statement query (an implicit transaction)',
    implicitTransaction: whenSeveralStatements,
  },
  dbmate: {
    description: 'dbmate: each migration in a transaction unless `-- migrate:up transaction:false`',
    implicitTransaction: (_path, text) => !/migrate:up\s+transaction:false/.test(text),
  },
  prisma: { description: 'Prisma: migration.sql sent as one script (an implicit transaction)', implicitTransaction: whenSeveralStatements },
  diesel: { description: 'diesel: each up.sql in a transaction unless metadata.toml says run_in_transaction = false', implicitTransaction: always },
  knex: { description: 'Knex: each migration in a transaction', implicitTransaction: always },
  kysely: { description: 'Kysely Migrator: migrations in a transaction on PostgreSQL', implicitTransaction: always },
  alembic: { description: "alembic --sql output: explicit BEGIN/COMMIT in the file", implicitTransaction: never },
  ory: {
    description: 'ory/pop (kratos, hydra, keto): each file in a transaction except `*.autocommit.*` files',
    implicitTransaction: (path) => !/\.autocommit\./.test(path),
  },
};

export function isTransactionPreset(name: string): name is TransactionPreset {
  return Object.hasOwn(TRANSACTION_PRESETS, name);
}
