/**
 * The index advisor: the small set of indexes that makes a logged workload
 * fast, why each one, and why not for each slow query it leaves alone.
 *
 * Live (`database`): catalog facts, and HypoPG what-if planning of every
 * candidate against every query on its table (generic plans), read-only,
 * with a statement timeout, HypoPG reset on exit. Offline (`schemaSql`, or
 * nothing): the same candidates, chosen from what the plans show, labelled
 * unvalidated.
 *
 * @example
 *   const { indexes, verdicts } = await adviseIndexes(result.queries, {
 *     database: { connectionString: process.env.DATABASE_URL! },
 *     maxIndexes: 5,
 *   });
 *   for (const index of indexes) console.log(index.ddl, index.reason);
 */
import type { QueryStats } from '../analyze/types.js';
import { stringProp, numberProp } from '../plan/accessors.js';
import { walkPlan } from '../plan/walk.js';
import type { Catalog, ExistingIndex, TableFacts } from './catalog.js';
import { liveCatalog } from './catalog-live.js';
import { offlineCatalog } from './catalog-offline.js';
import type { Candidate } from './candidate.js';
import { candidateId as candidateKey } from './candidate.js';
import { duplicateIndexes, madeRedundant } from './coverage.js';
import { createIndexSql, indexName, keyLabel } from './ddl.js';
import type { AdviseOptions, ResolvedAdviseOptions } from './options.js';
import { resolveOptions } from './options.js';
import { selectLive } from './select-live.js';
import type { LiveSelection } from './select-live.js';
import { selectOffline } from './select-offline.js';
import type { ExistingIndexNote, ExistingIndexReport, IndexSuggestion, QueryVerdict } from './types.js';
import { WhatIfSession } from './whatif-session.js';
import type { Workload, WorkloadQuery } from './workload.js';
import { buildWorkload, tableOf } from './workload.js';

export type { AdviseOptions } from './options.js';
export { ADVISE_DEFAULTS } from './options.js';
export { renderMigration } from './ddl.js';
export type { ExistingIndexReport, ExistingIndexNote, IndexSuggestion, QueryVerdict } from './types.js';

export interface AdviseResult {
  readonly indexes: IndexSuggestion[];
  /** One per query given: the index that serves it, or why none. */
  readonly verdicts: QueryVerdict[];
  /** Existing indexes worth a look; present when a catalog (live or offline) was available. */
  readonly existing?: ExistingIndexReport;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function percent(before: number, after: number): number {
  return before > 0 ? Math.round(((before - after) / before) * 100) : 0;
}

function suggestion(
  candidate: Candidate,
  fingerprints: readonly string[],
  costs: { before: number; after: number } | null,
  validated: boolean,
  reason: string,
): IndexSuggestion {
  return {
    table: tableOf(candidate),
    columns: candidate.keys.map(keyLabel),
    include: [...candidate.include],
    where: candidate.where,
    using: candidate.using,
    ddl: createIndexSql(candidate),
    fingerprints: [...fingerprints],
    estimatedCostBefore: costs === null ? null : round(costs.before),
    estimatedCostAfter: costs === null ? null : round(costs.after),
    validated,
    reason,
  };
}

/**
 * Suggests indexes for a workload and gives every query a verdict.
 * Throws `ConnectionError` when `database` cannot be reached.
 */
export async function adviseIndexes(queries: readonly QueryStats[], options: AdviseOptions = {}): Promise<AdviseResult> {
  const resolved = resolveOptions(options);
  let session: WhatIfSession | undefined;
  let hypopg = false;
  try {
    let catalog: Catalog | null = null;
    if (options.database !== undefined) {
      session = await WhatIfSession.open(options.database.connectionString, resolved.statementTimeoutMillis);
      catalog = await liveCatalog(session.client);
      hypopg = await session.hasHypopg();
      if (!hypopg) resolved.onWarning('HypoPG is not installed: falling back to offline mode (suggestions are not validated)');
    } else if (options.schemaSql !== undefined) {
      catalog = offlineCatalog(options.schemaSql, resolved.onWarning);
    }
    const workload = buildWorkload(queries, catalog, resolved);
    const result =
      session !== undefined && hypopg
        ? await adviseLive(workload, session, resolved)
        : adviseOffline(workload, resolved, catalog === null ? 'no database or schema was given: an existing primary key or index may already serve it' : catalog.live ? 'HypoPG is not installed' : 'offline mode');
    const advice: AdviseResult = { indexes: result.indexes, verdicts: result.verdicts };
    return catalog === null ? advice : { ...advice, existing: existingReport(workload, catalog, result.chosen) };
  } finally {
    await session?.close(hypopg);
  }
}

interface Advice extends AdviseResult {
  readonly chosen: readonly Candidate[];
}

function adviseOffline(workload: Workload, options: ResolvedAdviseOptions, why: string): Advice {
  const selection = selectOffline(workload, options);
  const indexes = selection.chosen.map((pick) =>
    suggestion(
      pick.candidate,
      [...pick.fingerprints],
      null,
      false,
      `${pick.candidate.because}; serves ${pick.fingerprints.size} quer${pick.fingerprints.size === 1 ? 'y' : 'ies'}, about ${Math.round(pick.scoreMs)} ms of logged time at stake; unvalidated (${why})${pick.candidate.extension ? `; needs the ${pick.candidate.extension} extension` : ''}`,
    ),
  );
  const verdicts = workload.queries.map((q): QueryVerdict => {
    const fp = q.query.fingerprint;
    const served = indexes.find((i) => i.fingerprints.includes(fp));
    if (served !== undefined) return { fingerprint: fp, index: served.ddl, reason: `unvalidated: ${served.reason.split(';')[0]}` };
    return { fingerprint: fp, index: null, reason: commonReason(q) ?? selection.reasons.get(fp) ?? 'no candidate index pays off' };
  });
  return { indexes, verdicts, chosen: selection.chosen.map((p) => p.candidate) };
}

/** Reasons that hold in both modes: nothing to index, or already indexed. */
function commonReason(q: WorkloadQuery): string | null {
  if (q.demands.problem !== null) return q.demands.problem;
  if (q.perDemand.length > 0 && q.perDemand.every((d) => d.coveredBy !== null)) {
    const names = [...new Set(q.perDemand.map((d) => `${d.coveredBy!.schema}.${d.coveredBy!.name}`))];
    return `already served by existing index ${names.join(', ')}`;
  }
  return null;
}

async function adviseLive(workload: Workload, session: WhatIfSession, options: ResolvedAdviseOptions): Promise<Advice> {
  const selection = await selectLive(workload, session, options);
  const indexes: IndexSuggestion[] = selection.chosen.map((chosen) => {
    const saving = percent(chosen.costBefore, chosen.costAfter);
    return suggestion(
      chosen.candidate,
      chosen.fingerprints,
      { before: chosen.costBefore, after: chosen.costAfter },
      true,
      `${chosen.candidate.because}; HypoPG: estimated cost of the ${chosen.fingerprints.length} quer${chosen.fingerprints.length === 1 ? 'y' : 'ies'} it serves ${round(chosen.costBefore)} -> ${round(chosen.costAfter)} (${saving}% less)`,
    );
  });
  const chosen = selection.chosen.map((c) => c.candidate);
  // GIN shapes cannot be simulated: for queries no validated index serves, offer them unvalidated.
  const servedFps = new Set(indexes.flatMap((i) => i.fingerprints));
  const gin = selectOffline(
    workload,
    { ...options, maxIndexes: Math.max(0, options.maxIndexes - indexes.length) },
    (q, dc) => !servedFps.has(q.query.fingerprint) && dc.candidates.some((c) => c.using === 'gin') && !dc.candidates.some((c) => c.using === 'btree' && c.where === null && c.role !== 'join'),
  );
  for (const pick of gin.chosen) {
    if (pick.candidate.using !== 'gin') continue;
    chosen.push(pick.candidate);
    indexes.push(
      suggestion(
        pick.candidate,
        [...pick.fingerprints],
        null,
        false,
        `${pick.candidate.because}; HypoPG cannot simulate GIN indexes, so this one is unvalidated${pick.candidate.extension ? `; needs the ${pick.candidate.extension} extension` : ''}`,
      ),
    );
  }
  const verdicts = workload.queries.map((q) => liveVerdict(q, indexes, selection, options));
  return { indexes, verdicts, chosen };
}

function liveVerdict(q: WorkloadQuery, indexes: readonly IndexSuggestion[], selection: LiveSelection, options: ResolvedAdviseOptions): QueryVerdict {
  const fp = q.query.fingerprint;
  const served = indexes.find((i) => i.fingerprints.includes(fp));
  const baseline = selection.baseline.get(fp);
  const final = selection.final.get(fp);
  if (served !== undefined) {
    if (!served.validated || baseline === undefined || !('cost' in baseline) || final === undefined) {
      return { fingerprint: fp, index: served.ddl, reason: served.reason };
    }
    const name = /IF NOT EXISTS (\S+) ON/.exec(served.ddl)?.[1] ?? 'the suggested index';
    return {
      fingerprint: fp,
      index: served.ddl,
      reason: `${name}: estimated cost ${round(baseline.cost)} -> ${round(final.cost)} (${percent(baseline.cost, final.cost)}% less)`,
    };
  }
  const common = commonReason(q);
  if (common !== null) return { fingerprint: fp, index: null, reason: common };
  if (baseline !== undefined && 'error' in baseline) return { fingerprint: fp, index: null, reason: `could not be planned: ${baseline.error}` };
  const small = q.perDemand.map((d) => d.demand.table).find((t) => t.rows !== null && t.rows < options.minTableRows);
  if (small !== undefined && q.perDemand.every((d) => d.demand.table.rows !== null && d.demand.table.rows < options.minTableRows)) {
    return { fingerprint: fp, index: null, reason: `table has ${Math.round(small.rows!).toLocaleString('en-US')} rows` };
  }
  const best = selection.bestSavingPercent.get(fp);
  if (best !== undefined && best < options.minSavingPercent) {
    const measured = selection.measured.get(fp);
    const matches =
      measured !== undefined
        ? matchedPercent(q, measured.plan.root, 'Actual Rows')
        : baseline !== undefined && 'cost' in baseline
          ? matchedPercent(q, baseline.plan.root, 'Plan Rows')
          : null;
    const saving = `saving ${Math.max(0, Math.round(best))}% under the ${options.minSavingPercent}% threshold`;
    return {
      fingerprint: fp,
      index: null,
      reason: matches !== null && matches > options.maxSelectivityPercent ? `predicate matches ${matches}% of rows (${saving})` : saving,
    };
  }
  const rejected = q.perDemand.flatMap((d) => d.candidates).map((c) => selection.rejected.get(candidateKey(c))).find((r) => r !== undefined);
  if (rejected !== undefined) return { fingerprint: fp, index: null, reason: rejected };
  if (q.perDemand.every((d) => d.candidates.every((c) => !c.validatable))) return { fingerprint: fp, index: null, reason: 'only GIN shapes apply, and the table or predicate does not justify one' };
  return { fingerprint: fp, index: null, reason: 'no candidate index pays off' };
}


/** Estimated share of a table's rows the baseline plan's scan of it returns, in percent. */
function matchedPercent(q: WorkloadQuery, root: Parameters<typeof walkPlan>[0], rowsKey: 'Plan Rows' | 'Actual Rows'): number | null {
  for (const { node } of walkPlan(root)) {
    const relation = stringProp(node, 'Relation Name');
    if (relation === undefined || (stringProp(node, 'Filter') === undefined && stringProp(node, 'Index Cond') === undefined)) continue;
    const table = q.perDemand.map((d) => d.demand.table).find((t) => t.name === relation);
    // Actual Rows is per loop (per worker in a parallel scan).
    const perLoop = numberProp(node, rowsKey);
    const planRows = perLoop === undefined ? undefined : rowsKey === 'Actual Rows' ? perLoop * Math.max(numberProp(node, 'Actual Loops') ?? 1, 1) : perLoop;
    if (table === undefined || table.rows === null || table.rows <= 0 || planRows === undefined) continue;
    return Math.min(100, Math.round((planRows / table.rows) * 100));
  }
  return null;
}

function note(index: ExistingIndex, table: TableFacts, reason: string): ExistingIndexNote {
  return { index: `${index.schema}.${index.name}`, table: `${table.schema}.${table.name}`, reason, sizeBytes: index.sizeBytes };
}

function existingReport(workload: Workload, catalog: Catalog, chosen: readonly Candidate[]): ExistingIndexReport {
  const touched = new Set([...workload.queriesByTable.keys(), ...workload.writeMs.keys()]);
  const tables = [...touched].map((id) => {
    const dot = id.indexOf('.');
    return catalog.find(id.slice(0, dot), id.slice(dot + 1));
  }).filter((t): t is TableFacts => t !== undefined);
  const redundant: ExistingIndexNote[] = [];
  for (const candidate of chosen) {
    const table = tables.find((t) => t.schema === candidate.schema && t.name === candidate.table);
    if (table === undefined) continue;
    for (const index of madeRedundant(candidate, table.indexes)) {
      redundant.push(note(index, table, `its keys lead the suggested ${indexName(candidate)}, which serves its queries too`));
    }
  }
  const unused: ExistingIndexNote[] = [];
  const duplicates: ExistingIndexNote[] = [];
  for (const table of tables) {
    if (catalog.live) {
      for (const index of table.indexes) {
        if (index.scans === 0 && !index.constraint && !index.unique) {
          unused.push(note(index, table, 'never scanned since statistics were last reset (pg_stat_user_indexes.idx_scan = 0)'));
        }
      }
    }
    for (const pair of duplicateIndexes(table.indexes)) {
      duplicates.push(note(pair.index, table, `its keys lead ${pair.of.schema}.${pair.of.name}, which serves the same queries`));
    }
  }
  return { redundant, unused, duplicates };
}
