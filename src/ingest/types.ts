/**
 * What every input reader yields. Readers are async generators over lines or
 * records; they never throw for one bad entry: they yield an `IngestError`
 * and carry on, so the rest of a file is still analysed.
 */
import type { Plan } from '../plan/types.js';

/** Input formats pgopt recognises; `detectFormat` picks one, `--input-format` forces one. */
export type InputFormat =
  | 'stderr'
  | 'csvlog'
  | 'jsonlog'
  | 'syslog'
  | 'rds'
  | 'cloudsql'
  | 'cnpg'
  | 'explain-json'
  | 'explain-text'
  | 'pg-stat-statements'
  | 'sql';

export const INPUT_FORMATS: readonly InputFormat[] = [
  'stderr',
  'csvlog',
  'jsonlog',
  'syslog',
  'rds',
  'cloudsql',
  'cnpg',
  'explain-json',
  'explain-text',
  'pg-stat-statements',
  'sql',
];

/** One statement the server ran (or a pg_stat_statements row standing for many runs). */
export interface StatementEntry {
  readonly type: 'statement';
  /** 1-based line in the input where the entry starts. */
  readonly line: number;
  /** The SQL as logged: may hold literals (personal data); never printed unless asked. */
  readonly query: string;
  /** Bind parameters from `DETAIL:  parameters: $1 = '...'`, index 0 is `$1`. */
  readonly params?: readonly (string | null)[];
  /** Duration of one run in milliseconds, when the input logged one. */
  readonly durationMs?: number;
  /** How many runs this entry stands for (pg_stat_statements rows); 1 when absent. */
  readonly calls?: number;
  /** Total time over `calls` runs (pg_stat_statements); `durationMs` is then the mean. */
  readonly totalMs?: number;
  /** Rows returned or affected, when known. */
  readonly rows?: number;
  /** The auto_explain (or standalone EXPLAIN) plan of this run, when the input had one. */
  readonly plan?: Plan;
  readonly database?: string;
  readonly user?: string;
  readonly application?: string;
  /** Timestamp text exactly as logged. */
  readonly timestamp?: string;
  /** Server process id as logged, used to pair a statement with its plan. */
  readonly pid?: string;
  /** pg_stat_statements `queryid` or `%Q`, when known. */
  readonly queryId?: string;
}

/** An entry a reader could not use: skipped and counted, with its line. */
export interface IngestError {
  readonly type: 'error';
  readonly line: number;
  readonly message: string;
}

export type IngestEvent = StatementEntry | IngestError;

/** What a reader reports about one input when it is done. */
export interface InputSummary {
  readonly path: string;
  readonly format: InputFormat;
  /** Physical lines read. */
  readonly lines: number;
  /** Statement entries yielded. */
  readonly entries: number;
  /** Entries skipped because they could not be read. */
  readonly skipped: number;
  readonly errors: readonly { readonly line: number; readonly message: string }[];
}
