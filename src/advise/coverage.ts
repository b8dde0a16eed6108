/**
 * Whether an existing index already does what a candidate would, and which
 * existing indexes a suggestion makes redundant. Btree indexes scan both
 * ways, so keys that all flip direction are the same index to a query.
 */
import type { ExistingIndex, IndexKey } from './catalog.js';
import type { Candidate } from './candidate.js';

function normalizeWhere(where: string | null): string | null {
  return where === null ? null : where.replace(/[()\s]/g, '').toLowerCase();
}

function sameKeyBody(a: IndexKey, b: IndexKey): boolean {
  return a.key === b.key && (a.opclass ?? null) === (b.opclass ?? null);
}

const PATTERN_OPS = new Set(['text_pattern_ops', 'varchar_pattern_ops', 'bpchar_pattern_ops']);

/** A pattern_ops key answers equality as well as the default opclass does (not ranges or sorts). */
function servesEquality(wanted: IndexKey, have: IndexKey): boolean {
  return sameKeyBody(wanted, have) || (wanted.key === have.key && wanted.opclass === null && have.opclass !== null && PATTERN_OPS.has(have.opclass));
}

/** `prefix` leads `keys`, the first `permutable` keys in any order, directions all equal or all flipped. */
function leads(prefix: readonly IndexKey[], keys: readonly IndexKey[], permutable: number): boolean {
  if (prefix.length > keys.length || prefix.length === 0) return false;
  const head = prefix.slice(0, permutable);
  const lead = keys.slice(0, permutable);
  if (!head.every((k) => lead.some((l) => servesEquality(k, l)))) return false;
  const rest = prefix.slice(permutable);
  if (!rest.every((k, i) => sameKeyBody(k, keys[permutable + i]!))) return false;
  // Direction matters only past the equality keys.
  const ordered = rest.map((k, i) => k.descending === keys[permutable + i]!.descending);
  return ordered.every((same) => same) || ordered.every((same) => !same);
}

/** The existing index that already serves what the candidate would, if any. */
export function coveringExisting(candidate: Candidate, indexes: readonly ExistingIndex[]): ExistingIndex | undefined {
  return indexes.find((index) => {
    if (!index.valid || index.using !== candidate.using) return false;
    if (normalizeWhere(index.where) !== normalizeWhere(candidate.where)) return false;
    if (!leads(candidate.keys, index.keys, Math.min(candidate.equalityPrefix, candidate.keys.length))) return false;
    const covered = new Set([...index.keys.map((k) => k.key), ...index.include]);
    return candidate.include.every((c) => covered.has(c));
  });
}

/** Existing indexes (not backing constraints) whose keys lead the suggestion's keys: the suggestion serves their queries too. */
export function madeRedundant(candidate: Candidate, indexes: readonly ExistingIndex[]): ExistingIndex[] {
  return indexes.filter((index) => {
    if (index.constraint || index.unique || index.using !== candidate.using) return false;
    if (index.where !== null && normalizeWhere(index.where) !== normalizeWhere(candidate.where)) return false;
    if (candidate.where !== null && index.where === null) return false;
    if (!leads(index.keys, candidate.keys, 0)) return false;
    const covered = new Set([...candidate.keys.map((k) => k.key), ...candidate.include]);
    return index.include.every((c) => covered.has(c));
  });
}

/** Pairs of existing indexes where the first's keys lead the second's (same table, method and predicate). */
export function duplicateIndexes(indexes: readonly ExistingIndex[]): { index: ExistingIndex; of: ExistingIndex }[] {
  const pairs: { index: ExistingIndex; of: ExistingIndex }[] = [];
  for (const index of indexes) {
    if (index.constraint || index.unique || !index.valid) continue;
    const of = indexes.find(
      (other) =>
        other !== index &&
        other.valid &&
        other.using === index.using &&
        normalizeWhere(other.where) === normalizeWhere(index.where) &&
        leads(index.keys, other.keys, 0) &&
        // Of two identical indexes, report only the later one.
        (other.keys.length > index.keys.length || indexes.indexOf(other) < indexes.indexOf(index)) &&
        index.include.every((c) => other.include.includes(c) || other.keys.some((k) => k.key === c)),
    );
    if (of !== undefined) pairs.push({ index, of });
  }
  return pairs;
}

/** True when `wide` serves every query `narrow` was made for: same method and predicate, `narrow`'s keys lead. */
export function serves(wide: Candidate, narrow: Candidate): boolean {
  if (wide.using !== narrow.using || normalizeWhere(wide.where) !== normalizeWhere(narrow.where)) return false;
  if (!leads(narrow.keys, wide.keys, Math.min(narrow.equalityPrefix, narrow.keys.length))) return false;
  const covered = new Set([...wide.keys.map((k) => k.key), ...wide.include]);
  return narrow.include.every((c) => covered.has(c));
}
