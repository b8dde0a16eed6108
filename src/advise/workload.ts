/**
 * The workload as the advisor sees it: each query's demands, the candidate
 * shapes for each demand, minus those an existing index already covers, and
 * the write time per table (what each extra index taxes).
 */
import type { QueryStats } from '../analyze/types.js';
import type { Catalog, ExistingIndex } from './catalog.js';
import type { Candidate } from './candidate.js';
import { candidateId } from './candidate.js';
import { candidatesFor } from './candidates.js';
import { coveringExisting } from './coverage.js';
import type { QueryDemands, TableDemand } from './demand.js';
import { queryDemands } from './demand.js';
import type { ResolvedAdviseOptions } from './options.js';

export interface DemandCandidates {
  readonly demand: TableDemand;
  /** Shapes worth trying, best guess first, none of them covered by an existing index. */
  readonly candidates: readonly Candidate[];
  /** The existing index that already serves the demand's best shape, if any. */
  readonly coveredBy: ExistingIndex | null;
}

export interface WorkloadQuery {
  readonly query: QueryStats;
  readonly demands: QueryDemands;
  readonly perDemand: readonly DemandCandidates[];
}

export interface Workload {
  readonly queries: readonly WorkloadQuery[];
  /** Distinct candidates by id, with the fingerprints of the queries that asked for them. */
  readonly candidates: ReadonlyMap<string, { readonly candidate: Candidate; readonly fingerprints: Set<string> }>;
  /** `schema.table` -> ms the workload spent in statements writing it. */
  readonly writeMs: ReadonlyMap<string, number>;
  /** `schema.table` -> fingerprints of queries with a demand on it. */
  readonly queriesByTable: ReadonlyMap<string, Set<string>>;
}

export function tableOf(candidate: { schema: string; table: string }): string {
  return `${candidate.schema}.${candidate.table}`;
}

export function buildWorkload(queries: readonly QueryStats[], catalog: Catalog | null, options: ResolvedAdviseOptions): Workload {
  const analysed = queries.map((query) => ({ query, demands: queryDemands(query, catalog) }));
  // Columns that many (and slow) queries test for equality lead, so indexes share prefixes.
  const weight = new Map<string, number>();
  for (const { query, demands } of analysed) {
    for (const demand of demands.demands) {
      const table = `${demand.table.schema}.${demand.table.name}`;
      for (const c of demand.conditions) {
        if (c.kind !== 'eq' && c.kind !== 'in') continue;
        const id = `${table}|${c.key}`;
        weight.set(id, (weight.get(id) ?? 0) + Math.max(query.totalMs, 0.001));
      }
    }
  }
  const rank = (table: string, key: string): number => -(weight.get(`${table}|${key}`) ?? 0);
  const candidates = new Map<string, { candidate: Candidate; fingerprints: Set<string> }>();
  const writeMs = new Map<string, number>();
  const queriesByTable = new Map<string, Set<string>>();
  const out: WorkloadQuery[] = [];
  for (const { query, demands } of analysed) {
    if (demands.writes !== null) writeMs.set(demands.writes, (writeMs.get(demands.writes) ?? 0) + query.totalMs);
    const perDemand: DemandCandidates[] = [];
    for (const demand of demands.demands) {
      const table = `${demand.table.schema}.${demand.table.name}`;
      let set = queriesByTable.get(table);
      if (set === undefined) queriesByTable.set(table, (set = new Set()));
      set.add(query.fingerprint);
      const shapes = candidatesFor(demand, { maxIncludeColumns: options.maxIncludeColumns, rank });
      const first = shapes[0];
      const coveredBy = (first === undefined ? null : coveringExisting(first, demand.table.indexes) ?? null) ?? servedInPlans(demand);
      const open = coveredBy === null ? shapes.filter((c) => coveringExisting(c, demand.table.indexes) === undefined) : [];
      for (const candidate of open) {
        const id = candidateId(candidate);
        let entry = candidates.get(id);
        if (entry === undefined) candidates.set(id, (entry = { candidate, fingerprints: new Set() }));
        entry.fingerprints.add(query.fingerprint);
      }
      perDemand.push({ demand, candidates: open, coveredBy });
    }
    out.push({ query, demands, perDemand });
  }
  return { queries: out, candidates, writeMs, queriesByTable };
}

/**
 * An index the logged plans already use well (an index scan that removes few
 * rows): evidence enough, offline, that the demand is served.
 */
function servedInPlans(demand: TableDemand): ExistingIndex | null {
  const scan = demand.scan;
  if (scan === null || scan.sequential || scan.indexesUsed.length === 0) return null;
  if (scan.rowsRead === null || scan.rowsReturned === null || scan.rowsRead > 2 * scan.rowsReturned + 10) return null;
  const known = demand.table.indexes.find((i) => i.name === scan.indexesUsed[0]);
  return (
    known ?? {
      schema: demand.table.schema,
      name: scan.indexesUsed[0]!,
      using: 'btree',
      keys: [],
      include: [],
      where: null,
      unique: false,
      constraint: false,
      valid: true,
      scans: null,
      sizeBytes: null,
    }
  );
}
