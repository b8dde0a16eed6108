/**
 * Workload selection without HypoPG: each demand's preferred shape is kept
 * when what the plans show says it can pay (a table big enough, a selective
 * predicate, scan time that matters), weighted by the time at stake; shapes
 * whose keys lead another's are merged into the wider one, a write penalty
 * applies, and the cap cuts the rest. Results are labelled unvalidated.
 */
import type { Candidate } from './candidate.js';
import { serves } from './coverage.js';
import type { DemandCandidates, Workload, WorkloadQuery } from './workload.js';
import { tableOf } from './workload.js';
import type { ResolvedAdviseOptions } from './options.js';

export interface OfflinePick {
  readonly candidate: Candidate;
  readonly fingerprints: Set<string>;
  /** Estimated time at stake, in ms over the workload. */
  scoreMs: number;
}

export interface OfflineSelection {
  readonly chosen: readonly OfflinePick[];
  /** Why a query got no index (fingerprint -> reason), when a gate turned it down. */
  readonly reasons: ReadonlyMap<string, string>;
}

function formatRows(rows: number): string {
  return Math.round(rows).toLocaleString('en-US');
}

/** The shape to keep for one demand, or null. */
function preferred(dc: DemandCandidates, maxIncludeOffline: number): Candidate | null {
  const btree = dc.candidates.filter((c) => c.using === 'btree');
  const filtered = btree.filter((c) => c.role !== 'join');
  const partial = filtered.filter((c) => c.where !== null);
  const pool = partial.length > 0 ? partial : filtered;
  const plain = pool.find((c) => c.include.length === 0);
  const covering = pool.find((c) => c.include.length > 0 && c.include.length <= maxIncludeOffline);
  if (covering !== undefined && plain !== undefined && covering.keys.length === plain.keys.length) return covering;
  if (plain !== undefined) return plain;
  const gin = dc.candidates.find((c) => c.using === 'gin');
  if (gin !== undefined) return gin;
  return btree.find((c) => c.role === 'join') ?? null;
}

/** Gates one demand; returns the fraction of the query's time an index can save, or a reason it cannot. */
function gate(q: WorkloadQuery, dc: DemandCandidates, candidate: Candidate, options: ResolvedAdviseOptions): number | string {
  const scan = dc.demand.scan;
  const rows = dc.demand.table.rows ?? scan?.tableRows ?? null;
  if (rows !== null && rows < options.minTableRows) return `table has ${formatRows(rows)} rows`;
  const joinOnly = candidate.role === 'join';
  const sortsWithLimit = dc.demand.sort.length > 0 && dc.demand.hasLimit;
  if (scan !== null && scan.rowsRead !== null && scan.rowsRead > 0 && scan.rowsReturned !== null && !sortsWithLimit) {
    if (joinOnly) {
      // A join index pays when the query keeps few of the rows the scan reads.
      const rootRows = q.query.plans[0]?.root.props['Actual Rows'];
      const perCall = q.query.rows !== null ? q.query.rows / Math.max(q.query.calls, 1) : typeof rootRows === 'number' ? rootRows : null;
      if (perCall === null || (perCall / scan.rowsRead) * 100 > options.maxSelectivityPercent) {
        return 'the join reads most of the table: a hash join without an index is the better plan';
      }
    } else {
      const percent = (scan.rowsReturned / scan.rowsRead) * 100;
      if (percent > options.maxSelectivityPercent) return `predicate matches ${Math.round(percent)}% of rows`;
    }
  } else if (joinOnly) {
    return 'only join keys, and no plan shows the join reading few rows';
  }
  if (scan !== null && scan.scanMs > 0 && q.query.meanMs > 0) {
    const fraction = Math.min(1, scan.scanMs / q.query.meanMs);
    if (fraction * 100 < options.minSavingPercent) {
      return `saving ${Math.round(fraction * 100)}% under the ${options.minSavingPercent}% threshold`;
    }
    return fraction;
  }
  return 1;
}

export function selectOffline(
  workload: Workload,
  options: ResolvedAdviseOptions,
  accept: (q: WorkloadQuery, dc: DemandCandidates) => boolean = () => true,
): OfflineSelection {
  const reasons = new Map<string, string>();
  const picks = new Map<Candidate, OfflinePick>();
  for (const q of workload.queries) {
    for (const dc of q.perDemand) {
      if (!accept(q, dc)) continue;
      const candidate = preferred(dc, Math.min(2, options.maxIncludeColumns));
      if (candidate === null) continue;
      const verdict = gate(q, dc, candidate, options);
      if (typeof verdict === 'string') {
        const previous = reasons.get(q.query.fingerprint);
        if (previous === undefined) reasons.set(q.query.fingerprint, verdict);
        else if (!previous.includes(verdict)) reasons.set(q.query.fingerprint, `${previous}; ${verdict}`);
        continue;
      }
      const weight = q.query.totalMs > 0 ? q.query.totalMs : q.query.calls;
      let pick = picks.get(candidate);
      if (pick === undefined) picks.set(candidate, (pick = { candidate, fingerprints: new Set(), scoreMs: 0 }));
      pick.fingerprints.add(q.query.fingerprint);
      pick.scoreMs += weight * verdict;
    }
  }
  // Prefix merging: the wider index serves the narrower one's queries.
  const ordered = [...picks.values()].sort((a, b) => b.scoreMs - a.scoreMs || b.candidate.keys.length - a.candidate.keys.length);
  const merged: OfflinePick[] = [];
  for (const pick of ordered) {
    const host = merged.find((m) => serves(m.candidate, pick.candidate));
    if (host !== undefined) {
      for (const fp of pick.fingerprints) host.fingerprints.add(fp);
      host.scoreMs += pick.scoreMs;
      continue;
    }
    const narrower = merged.findIndex((m) => serves(pick.candidate, m.candidate));
    if (narrower >= 0) {
      const old = merged[narrower]!;
      for (const fp of old.fingerprints) pick.fingerprints.add(fp);
      pick.scoreMs += old.scoreMs;
      merged[narrower] = pick;
      continue;
    }
    merged.push(pick);
  }
  const chosen: OfflinePick[] = [];
  for (const pick of merged.sort((a, b) => b.scoreMs - a.scoreMs)) {
    const penalty = ((workload.writeMs.get(tableOf(pick.candidate)) ?? 0) * options.writePenaltyPercent) / 100;
    if (pick.scoreMs <= penalty) {
      for (const fp of pick.fingerprints) reasons.set(fp, 'the time an index saves does not cover the cost of maintaining it on writes');
      continue;
    }
    if (chosen.length >= options.maxIndexes) {
      for (const fp of pick.fingerprints) reasons.set(fp, `the cap of ${options.maxIndexes} indexes was reached`);
      continue;
    }
    chosen.push(pick);
    for (const fp of pick.fingerprints) reasons.delete(fp);
  }
  return { chosen, reasons };
}
