/**
 * What the advisor knows about tables and their indexes, from the live
 * catalog (`./catalog-live.ts`) or from replayed schema SQL
 * (`./catalog-offline.ts`). Both fill the same shapes.
 */

/** One key of an index: a column or a canonical expression such as `lower(email)`. */
export interface IndexKey {
  /** Column name (unquoted) or canonical expression text (see `renderKeyExpression`). */
  readonly key: string;
  readonly expression: boolean;
  readonly descending: boolean;
  /** Operator class when not the default (`text_pattern_ops`, `gin_trgm_ops`), else null. */
  readonly opclass: string | null;
}

export interface ExistingIndex {
  readonly schema: string;
  readonly name: string;
  readonly using: string;
  readonly keys: readonly IndexKey[];
  readonly include: readonly string[];
  /** Partial-index predicate as SQL, or null. */
  readonly where: string | null;
  readonly unique: boolean;
  /** Backs a primary key, unique or exclusion constraint: never reported as droppable. */
  readonly constraint: boolean;
  /** False for an index left invalid by a failed CREATE INDEX CONCURRENTLY. */
  readonly valid: boolean;
  /** `pg_stat_user_indexes.idx_scan`, live only. */
  readonly scans: number | null;
  readonly sizeBytes: number | null;
}

export type RelationKind = 'table' | 'partitioned' | 'view' | 'materialized view' | 'foreign table' | 'other';

export interface TableFacts {
  readonly schema: string;
  readonly name: string;
  readonly kind: RelationKind;
  /** Estimated row count (`reltuples`), null when unknown (offline, or never analyzed). */
  readonly rows: number | null;
  /** Column name -> type name, in table order. */
  readonly columns: ReadonlyMap<string, string>;
  readonly indexes: readonly ExistingIndex[];
}

/** Looks tables up the way PostgreSQL would for an unqualified name (search path) or a qualified one. */
export interface Catalog {
  /** True when the facts come from a live database (row counts, usage statistics). */
  readonly live: boolean;
  find(schema: string | null, name: string): TableFacts | undefined;
  tables(): Iterable<TableFacts>;
}

/** A catalog over a fixed set of tables, resolving unqualified names through `searchPath`. */
export class StaticCatalog implements Catalog {
  readonly live: boolean;
  readonly #tables = new Map<string, TableFacts>();
  readonly #searchPath: readonly string[];

  constructor(tables: Iterable<TableFacts>, options: { live: boolean; searchPath?: readonly string[] }) {
    this.live = options.live;
    this.#searchPath = options.searchPath ?? ['public'];
    for (const table of tables) this.#tables.set(`${table.schema}.${table.name}`, table);
  }

  find(schema: string | null, name: string): TableFacts | undefined {
    if (schema !== null) return this.#tables.get(`${schema}.${name}`);
    for (const candidate of this.#searchPath) {
      const table = this.#tables.get(`${candidate}.${name}`);
      if (table !== undefined) return table;
    }
    return undefined;
  }

  tables(): Iterable<TableFacts> {
    return this.#tables.values();
  }
}
