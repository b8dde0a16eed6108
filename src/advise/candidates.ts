/**
 * Index shapes for one table demand: multi-column btree (equality and IN
 * first, then one range or LIKE-prefix column, or the sort keys with their
 * directions), partial for constant predicates, covering (INCLUDE) when the
 * query reads few other columns, join keys for nested loops, and GIN for
 * jsonb/array containment and `LIKE '%x%'` (pg_trgm).
 */
import { quoteIdentifier } from '../sql/expression.js';
import type { IndexKey } from './catalog.js';
import type { Candidate } from './candidate.js';
import type { Condition, TableDemand } from './demand.js';

export interface CandidateShapeOptions {
  /** Most non-key columns a covering variant may INCLUDE. */
  readonly maxIncludeColumns: number;
  /** Orders equality keys: lower rank first (columns many queries filter on lead, so indexes share prefixes). */
  readonly rank: (table: string, key: string) => number;
}

// Types a default btree cannot index.
const NOT_BTREE = new Set(['json', 'point', 'polygon', 'box', 'circle', 'line', 'lseg', 'path', 'xml', 'hstore', 'tsvector']);

function btreeable(demand: TableDemand, c: { key: string; expression: boolean }): boolean {
  if (c.expression) return true;
  const type = demand.table.columns.get(c.key);
  return type === undefined || !NOT_BTREE.has(type);
}

function isPrefixPattern(pattern: string | null): boolean {
  return pattern !== null && pattern.length > 0 && !pattern.startsWith('%') && !pattern.startsWith('_');
}

function key(c: { key: string; expression: boolean }, descending = false, opclass: string | null = null): IndexKey {
  return { key: c.key, expression: c.expression, descending, opclass };
}

function conditionSql(c: Condition): string {
  const target = c.expression ? c.key : quoteIdentifier(c.key);
  if (c.kind === 'is-null') return `${target} IS NULL`;
  if (c.kind === 'is-not-null') return `${target} IS NOT NULL`;
  return `${target} = ${c.constant ?? 'NULL'}`;
}

/** Partial-index material: IS [NOT] NULL, and equality with a constant. */
function isConstant(c: Condition): boolean {
  return c.kind === 'is-null' || c.kind === 'is-not-null' || (c.kind === 'eq' && c.constant !== null);
}

/** All shapes worth trying for one demand, best guess first. */
export function candidatesFor(demand: TableDemand, options: CandidateShapeOptions): Candidate[] {
  const table = `${demand.table.schema}.${demand.table.name}`;
  const base = { schema: demand.table.schema, table: demand.table.name };
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const push = (c: Candidate): void => {
    const id = `${c.using}|${c.keys.map((k) => k.key + (k.descending ? '-' : '') + (k.opclass ?? '')).join(',')}|${c.include.join(',')}|${c.where ?? ''}`;
    if (c.keys.length === 0 || seen.has(id)) return;
    seen.add(id);
    out.push(c);
  };
  const byRank = (a: { key: string }, b: { key: string }): number =>
    options.rank(table, a.key) - options.rank(table, b.key) || a.key.localeCompare(b.key);

  const usable = demand.conditions.filter((c) => btreeable(demand, c));
  const equality = usable.filter((c) => c.kind === 'eq' || c.kind === 'is-null');
  const inList = usable.filter((c) => c.kind === 'in');
  const ranges = usable.filter((c) => c.kind === 'range');
  const likePrefix = usable.filter((c) => c.kind === 'like' && c.operator === 'LIKE' && isPrefixPattern(c.pattern));
  const constants = demand.conditions.filter(isConstant);

  const unique = <T extends { key: string }>(items: readonly T[]): T[] => {
    const keys = new Set<string>();
    return items.filter((item) => (keys.has(item.key) ? false : (keys.add(item.key), true)));
  };

  const shapes = (leading: readonly Condition[], where: string | null, why: string[]): void => {
    const eqKeys = unique([...leading].sort(byRank)).map((c) => key(c));
    const inKeys = unique([...inList].sort(byRank)).map((c) => key(c)).filter((k) => !eqKeys.some((e) => e.key === k.key));
    const head = [...eqKeys, ...inKeys];
    const tails: { keys: IndexKey[]; why: string }[] = [];
    const range = ranges.find((r) => !head.some((h) => h.key === r.key));
    const like = likePrefix.find((r) => !head.some((h) => h.key === r.key));
    const sort = demand.sort.filter((s) => btreeable(demand, s));
    const sortUsable = sort.length === demand.sort.length && sort.length > 0 && inKeys.length === 0;
    if (range !== undefined) {
      const rangeKeys = [key(range)];
      // The sort still comes free when it is on the range column itself.
      if (sortUsable && sort[0]!.key === range.key) rangeKeys[0] = key(range, sort[0]!.descending);
      tails.push({ keys: rangeKeys, why: `range on ${range.key}` });
    }
    if (like !== undefined) {
      const opclass = demand.table.columns.get(like.key) === 'bpchar' ? 'bpchar_pattern_ops' : 'text_pattern_ops';
      tails.push({ keys: [key(like, false, like.expression ? null : opclass)], why: `LIKE prefix on ${like.key}` });
    }
    if (sortUsable && (range === undefined || sort[0]!.key !== range.key)) {
      const sortKeys = sort.filter((s) => !head.some((h) => h.key === s.key)).map((s) => key(s, s.descending));
      if (sortKeys.length > 0) tails.push({ keys: sortKeys, why: `sort on ${sort.map((s) => s.key + (s.descending ? ' DESC' : '')).join(', ')}` });
    }
    if (tails.length === 0) tails.push({ keys: [], why: '' });
    for (const tail of tails) {
      const keys = [...head, ...tail.keys];
      if (keys.length === 0) continue;
      const because = [
        ...why,
        ...(eqKeys.length > 0 ? [`equality on ${eqKeys.map((k) => k.key).join(', ')}`] : []),
        ...(inKeys.length > 0 ? [`IN on ${inKeys.map((k) => k.key).join(', ')}`] : []),
        ...(tail.why === '' ? [] : [tail.why]),
      ].join('; ');
      const plain: Candidate = { ...base, role: 'filter', using: 'btree', keys, include: [], equalityPrefix: head.length, where, validatable: true, extension: null, because };
      push(plain);
      // Columns only the partial predicate reads need not be stored: the predicate implies them.
      const implied = where === null ? new Set<string>() : new Set(constants.filter((c) => !c.expression).map((c) => c.key));
      const include = coveringColumns(demand, keys, options.maxIncludeColumns, implied);
      if (include !== null && include.length > 0) push({ ...plain, include, because: `${because}; INCLUDE for an index-only scan` });
    }
  };

  // Plain shape: every equality is a key.
  shapes(equality, null, []);
  // Partial shape: constant predicates move to WHERE, the rest are keys.
  if (constants.length > 0) {
    const where = constants.map(conditionSql).join(' AND ');
    const rest = equality.filter((c) => !isConstant(c));
    const hasOther = rest.length > 0 || inList.length > 0 || ranges.length > 0 || likePrefix.length > 0 || demand.sort.length > 0;
    if (hasOther) shapes(rest, where, [`partial on ${where}`]);
    else {
      const first = constants[0]!;
      push({
        ...base,
        role: 'filter',
        using: 'btree',
        keys: [key(first)],
        include: [],
        equalityPrefix: 1,
        where,
        validatable: true,
        extension: null,
        because: `partial on ${where}`,
      });
    }
  }
  // Join shapes: the inner side of a nested loop looks rows up by the join key.
  for (const joinKey of demand.joinKeys) {
    const ref = { key: joinKey, expression: false };
    if (!btreeable(demand, ref)) continue;
    const rest = unique([...equality, ...inList].filter((c) => c.key !== joinKey).sort(byRank));
    push({
      ...base,
      role: 'join',
      using: 'btree',
      keys: [key(ref), ...rest.map((c) => key(c))],
      include: [],
      equalityPrefix: 1 + rest.length,
      where: null,
      validatable: true,
      extension: null,
      because: `join key ${joinKey}${rest.length > 0 ? `; equality on ${rest.map((c) => c.key).join(', ')}` : ''}`,
    });
  }
  // GIN shapes: HypoPG cannot simulate them, so they stay unvalidated.
  for (const c of demand.conditions) {
    if (c.kind === 'contains') {
      // jsonb_path_ops is smaller and faster than the default jsonb_ops, and answers @> (not ?, ?|, ?&).
      const onlyContainment = demand.conditions.filter((o) => o.key === c.key && o.kind === 'contains').every((o) => o.operator === '@>');
      const opclass = onlyContainment && demand.table.columns.get(c.key) === 'jsonb' ? 'jsonb_path_ops' : null;
      push({ ...base, role: 'filter', using: 'gin', keys: [key(c, false, opclass)], include: [], equalityPrefix: 0, where: null, validatable: false, extension: null, because: `containment (${c.operator}) on ${c.key}` });
    } else if (c.kind === 'like' && (c.operator === 'ILIKE' || (c.pattern !== null && !isPrefixPattern(c.pattern)))) {
      push({
        ...base,
        role: 'filter',
        using: 'gin',
        keys: [key(c, false, 'gin_trgm_ops')],
        include: [],
        equalityPrefix: 0,
        where: null,
        validatable: false,
        extension: 'pg_trgm',
        because: `${c.operator} with a leading wildcard on ${c.key} (pg_trgm)`,
      });
    }
  }
  return out;
}

/** Columns to INCLUDE so the query needs only the index, or null when it reads `*` or too many. */
function coveringColumns(demand: TableDemand, keys: readonly IndexKey[], max: number, implied: ReadonlySet<string>): string[] | null {
  if (!demand.select || demand.readColumns === null) return null;
  const keyColumns = new Set(keys.filter((k) => !k.expression).map((k) => k.key));
  const extra = demand.readColumns.filter((c) => !keyColumns.has(c) && !implied.has(c));
  if (demand.table.columns.size > 0 && extra.some((c) => !demand.table.columns.has(c))) return null;
  return extra.length <= max ? extra.sort() : null;
}
