/**
 * Index advisor output. `IndexSuggestion` is part of the `pgopt analyze` JSON
 * contract (`indexes`): keep its names.
 */
export interface IndexSuggestion {
  /** `schema.table` */
  readonly table: string;
  /** Key columns or expressions, in order, with ` DESC` where the sort needs it. */
  readonly columns: readonly string[];
  readonly include: readonly string[];
  /** Partial-index predicate, or null. */
  readonly where: string | null;
  /** Access method: btree, gin, ... */
  readonly using: string;
  /** A complete `CREATE INDEX CONCURRENTLY IF NOT EXISTS ...` statement. */
  readonly ddl: string;
  /** Fingerprints of the queries it serves. */
  readonly fingerprints: readonly string[];
  readonly estimatedCostBefore: number | null;
  readonly estimatedCostAfter: number | null;
  /** True when HypoPG what-if planning confirmed the saving. */
  readonly validated: boolean;
  /** Why it is suggested (and, when unvalidated, why it could not be). */
  readonly reason: string;
}

/** What the advisor says about one slow query. */
export interface QueryVerdict {
  readonly fingerprint: string;
  /** DDL of the suggestion that serves it, or null. */
  readonly index: string | null;
  /** Why that index, or why none ("no indexable predicate", "table has 250 rows", ...). */
  readonly reason: string;
}

/** An existing index the advisor has something to say about. */
export interface ExistingIndexNote {
  /** `schema.index` */
  readonly index: string;
  /** `schema.table` */
  readonly table: string;
  /** Why it is listed: the suggestion that makes it redundant, the index it duplicates, or its scan count. */
  readonly reason: string;
  /** Its size on disk, when the live catalog said. */
  readonly sizeBytes: number | null;
}

/**
 * Existing indexes worth a second look: made redundant by a suggestion
 * (prefix of a suggested index), and, with a live database, never scanned
 * since statistics were reset or duplicating another index.
 */
export interface ExistingIndexReport {
  readonly redundant: readonly ExistingIndexNote[];
  /** Live only: `pg_stat_user_indexes.idx_scan = 0`, not backing a constraint. */
  readonly unused: readonly ExistingIndexNote[];
  /** Same table, same method, keys a prefix of another index's keys, not backing a constraint. */
  readonly duplicates: readonly ExistingIndexNote[];
}
