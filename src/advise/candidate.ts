/** An index the advisor considers, before it becomes an `IndexSuggestion`. */
import type { IndexKey } from './catalog.js';

export interface Candidate {
  readonly schema: string;
  readonly table: string;
  readonly using: 'btree' | 'gin';
  readonly keys: readonly IndexKey[];
  readonly include: readonly string[];
  /** How many leading keys are equality (or IN) keys, whose order does not matter to the queries. */
  readonly equalityPrefix: number;
  /** Partial-index predicate as SQL, or null. */
  readonly where: string | null;
  /** False when HypoPG cannot simulate it (GIN) or its opclass needs an extension. */
  readonly validatable: boolean;
  /** Extension the index needs (`pg_trgm`), or null. */
  readonly extension: string | null;
  /** `join` when it only serves as the inner side of a nested loop (join key first), else `filter`. */
  readonly role: 'filter' | 'join';
  /** Why the candidate exists, in a few words ("equality on customer_id, sort on created_at"). */
  readonly because: string;
}

/** A stable identity: two candidates with the same id are the same index. */
export function candidateId(candidate: Candidate): string {
  const keys = candidate.keys.map((k) => `${k.key}${k.descending ? ' DESC' : ''}${k.opclass ? ` ${k.opclass}` : ''}`);
  return `${candidate.schema}.${candidate.table}|${candidate.using}|${keys.join(',')}|${candidate.include.join(',')}|${candidate.where ?? ''}`;
}
