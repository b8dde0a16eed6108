/**
 * The migration linter's data: settings, the lock a statement takes, what a
 * rule sees and reports, and `LintResult`, whose JSON form is a public
 * contract documented in the README (keep its names).
 */
import type { Severity } from '../analyze/types.js';
import type { AstNode, NodeKind } from '../sql/migration-ast.js';
import type { SchemaView } from './schema-model.js';

export type { Severity };

/** PostgreSQL's table lock modes, weakest first. */
export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

/** What other sessions cannot do on the table while the lock is held. */
export type BlockedOperation = 'reads' | 'writes' | 'ddl';

/** The lock a statement takes and what it does to the table while holding it. */
export interface LockInfo {
  readonly mode: LockMode;
  /** Tables (as written in the SQL) the lock is taken on. */
  readonly tables: readonly string[];
  readonly blocks: readonly BlockedOperation[];
  /** The whole table (and its indexes) is rewritten while the lock is held. */
  readonly rewrites: boolean;
  /** The whole table is read (validation, index build) while the lock is held. */
  readonly scans: boolean;
}

/** A PostgreSQL server version; `minor` is undefined when only the major was given. */
export interface PgVersion {
  readonly major: number;
  readonly minor: number | undefined;
}

/** Names of the transaction presets (which migration tool runs the files). */
export type TransactionPreset =
  | 'none'
  | 'flyway'
  | 'golang-migrate'
  | 'dbmate'
  | 'prisma'
  | 'diesel'
  | 'knex'
  | 'kysely'
  | 'alembic'
  | 'ory';

/** Settings every rule can read; defaults in `lint-settings.ts`. */
export interface LintSettings {
  readonly pgVersion: PgVersion;
  /** Every file runs inside a transaction the tool opens (like squawk's `--assume-in-transaction`). */
  readonly assumeInTransaction: boolean;
  readonly transactionPreset: TransactionPreset;
  /** The migration runner sets lock_timeout/statement_timeout itself, so files need not. */
  readonly runnerSetsTimeouts: boolean;
}

/** A statement as rules see it. Offsets are UTF-16 offsets into the file text. */
export interface LintStatement {
  /** 0-based index in its file. */
  readonly index: number;
  readonly node: AstNode;
  /** The node type, e.g. `AlterTableStmt`. */
  readonly kind: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** File offset of a parser location (a byte offset) inside this statement. */
  locate(byteLocation: number | undefined): number;
  /** The lock this statement takes (null for statements that lock no table). */
  readonly lock: LockInfo | null;
  /** The statement runs inside a transaction block (explicit or opened by the tool). */
  readonly inTransaction: boolean;
  /** Explicit BEGIN depth before this statement runs. */
  readonly explicitDepth: number;
  /**
   * Set for a statement inside a DO block's PL/pgSQL body: the DO statement's range (the statement's
   * `index` is the DO statement's too). It runs in the block's transaction, so `inTransaction` is
   * true, and fixes that would edit the block are dropped.
   */
  readonly doBlock?: { readonly start: number; readonly end: number };
}

/** A text edit on the file: replace [start, end) with `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface MigrationReport {
  readonly statement: LintStatement;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  /** File offset to point at; the statement start when absent. */
  readonly offset?: number;
  /** Lock to show; the statement's own lock when absent. */
  readonly lock?: LockInfo | null;
  /** A mechanical rewrite that makes the finding go away. */
  readonly fix?: readonly TextEdit[];
}

/** What a rule gets for one file. Rules keep per-file state in `create`'s closure. */
export interface MigrationRuleContext {
  readonly settings: LintSettings;
  readonly path: string;
  /** The schema as replayed up to (not including) the current statement. */
  readonly schema: SchemaView;
  /** The tool opens a transaction around this file. */
  readonly implicitTransaction: boolean;
  report(report: MigrationReport): void;
}

export interface MigrationVisitor {
  statement?(statement: LintStatement): void;
  /** After the last statement of the file, with the schema replayed through it. */
  fileEnd?(): void;
  /**
   * After the last statement of the whole run (every file, in order), with the final schema: for
   * checks a later migration can satisfy, such as an index added in the next file. Reports still
   * belong to this file and obey its ignore comments.
   */
  runEnd?(): void;
}

export type RuleCategory = 'locking' | 'correctness' | 'transaction' | 'timeout' | 'style';

export interface MigrationRuleMeta {
  /** Equal to the file name under `rules/migration/`. */
  readonly id: string;
  readonly severity: Severity;
  readonly category: RuleCategory;
  /** Rule ids of other tools this rule stands for, as `tool:id` (e.g. `squawk:ban-drop-table`). */
  readonly aliases: readonly string[];
  /** One line for `--help` and the rule index. */
  readonly description: string;
  /** messageId -> template with `{{name}}` placeholders: what PostgreSQL does and why it hurts. */
  readonly messages: Readonly<Record<string, string>>;
  /** messageId -> template: what to do instead. */
  readonly help: Readonly<Record<string, string>>;
  /** Off unless enabled in config or by `--enable-all`. */
  readonly optIn?: boolean;
  /** Reports carry a fix that `--fix` applies. */
  readonly fixable?: boolean;
  /**
   * The statement kinds the rule's `statement` handler looks at; the engine calls it for no other.
   * Most rules care about one or two kinds, and not calling the rest (tens of thousands of calls
   * on a large migrations tree, most of them in V8's interpreter on a cold run) is a large share
   * of a CLI run's time. Leave it out for a rule that must see every statement (it tracks
   * transactions or remembers the last statement).
   */
  readonly statementKinds?: readonly NodeKind[];
}

export interface MigrationRule {
  readonly meta: MigrationRuleMeta;
  /**
   * Called for a file when the first statement the rule handles arrives (see `statementKinds`); a file
   * with none of them gets no visitor, so neither `fileEnd` nor `runEnd` runs for it.
   */
  create(context: MigrationRuleContext): MigrationVisitor;
}

/** One problem found, as data. */
export interface LintFinding {
  readonly rule: string;
  /** Which of the rule's messages; not part of the JSON output. */
  readonly messageId: string;
  readonly aliases: readonly string[];
  readonly severity: Severity;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters. */
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  readonly help: string;
  readonly lock: LockInfo | null;
  /** Present when `--fix` can rewrite this; not part of the JSON output. */
  readonly fix?: readonly TextEdit[];
}

export interface LintParseError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface LintFileResult {
  readonly path: string;
  readonly statements: number;
  readonly parseErrors: readonly LintParseError[];
}

export interface LintResult {
  readonly version: 1;
  readonly files: readonly LintFileResult[];
  readonly findings: readonly LintFinding[];
}
