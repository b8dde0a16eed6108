/** Options of `adviseIndexes`, with their defaults in one place. */

export interface AdviseOptions {
  /** Live mode: catalog facts, and HypoPG what-if validation when the extension is installed. */
  readonly database?: { readonly connectionString: string };
  /** Offline mode: a schema dump or migrations, replayed in the order given. */
  readonly schemaSql?: readonly { readonly path: string; readonly sql: string }[];
  /** Most indexes to suggest for the whole workload. */
  readonly maxIndexes?: number;
  /** A suggestion must cut some query's estimated cost by at least this percentage. */
  readonly minSavingPercent?: number;
  /**
   * Allow EXPLAIN ANALYZE (plain SELECTs only) to measure the baseline's real
   * row counts. Off by default: ANALYZE executes the query.
   */
  readonly analyze?: boolean;
  /** `statement_timeout` of every advisor session. */
  readonly statementTimeoutMillis?: number;
  /** Tables with fewer rows than this never get an index. */
  readonly minTableRows?: number;
  /** Predicates matching more than this percentage of a table's rows are not worth an index (offline estimate). */
  readonly maxSelectivityPercent?: number;
  /** Cost of maintaining one more index, as a percentage of the time the workload spends writing to its table. */
  readonly writePenaltyPercent?: number;
  /** Most non-key columns a covering index may INCLUDE. */
  readonly maxIncludeColumns?: number;
  /** Called once per warning ("HypoPG is not installed: falling back to offline mode"). */
  readonly onWarning?: (message: string) => void;
}

export const ADVISE_DEFAULTS = {
  maxIndexes: 10,
  minSavingPercent: 30,
  analyze: false,
  statementTimeoutMillis: 5_000,
  minTableRows: 1_000,
  maxSelectivityPercent: 30,
  writePenaltyPercent: 10,
  maxIncludeColumns: 3,
} as const;

export interface ResolvedAdviseOptions {
  readonly maxIndexes: number;
  readonly minSavingPercent: number;
  readonly analyze: boolean;
  readonly statementTimeoutMillis: number;
  readonly minTableRows: number;
  readonly maxSelectivityPercent: number;
  readonly writePenaltyPercent: number;
  readonly maxIncludeColumns: number;
  readonly onWarning: (message: string) => void;
}

export function resolveOptions(options: AdviseOptions): ResolvedAdviseOptions {
  return {
    maxIndexes: options.maxIndexes ?? ADVISE_DEFAULTS.maxIndexes,
    minSavingPercent: options.minSavingPercent ?? ADVISE_DEFAULTS.minSavingPercent,
    analyze: options.analyze ?? ADVISE_DEFAULTS.analyze,
    statementTimeoutMillis: options.statementTimeoutMillis ?? ADVISE_DEFAULTS.statementTimeoutMillis,
    minTableRows: options.minTableRows ?? ADVISE_DEFAULTS.minTableRows,
    maxSelectivityPercent: options.maxSelectivityPercent ?? ADVISE_DEFAULTS.maxSelectivityPercent,
    writePenaltyPercent: options.writePenaltyPercent ?? ADVISE_DEFAULTS.writePenaltyPercent,
    maxIncludeColumns: options.maxIncludeColumns ?? ADVISE_DEFAULTS.maxIncludeColumns,
    onWarning: options.onWarning ?? (() => {}),
  };
}
