/**
 * Workload selection validated by HypoPG. Each candidate is planned with
 * every query on its table; its worth is the time it saves, estimated as each
 * query's logged total time x the fraction of its cost the index removes,
 * minus a write penalty. Candidates are taken greedily (lazily re-evaluated
 * against the set chosen so far, so a second index that adds nothing to the
 * first is not taken), up to the cap. Indexes that no final plan uses are
 * dropped: a wider index chosen later serves their queries.
 */
import type { Candidate } from './candidate.js';
import { candidateId } from './candidate.js';
import type { ResolvedAdviseOptions } from './options.js';
import type { PlanCost } from './whatif-session.js';
import type { WhatIfSession } from './whatif-session.js';
import type { Workload, WorkloadQuery } from './workload.js';
import { tableOf } from './workload.js';
import { walkPlan } from '../plan/walk.js';
import { stringProp } from '../plan/accessors.js';

export interface ChosenIndex {
  readonly candidate: Candidate;
  /** Fingerprints of the queries whose final plan uses it. */
  readonly fingerprints: readonly string[];
  /** Sum of the served queries' estimated costs without and with the chosen set. */
  readonly costBefore: number;
  readonly costAfter: number;
}

export interface LiveSelection {
  readonly chosen: readonly ChosenIndex[];
  /** Generic-plan cost per fingerprint with no new index, or why it could not be planned. */
  readonly baseline: ReadonlyMap<string, PlanCost | { error: string }>;
  /** Cost per fingerprint with the chosen set. */
  readonly final: ReadonlyMap<string, PlanCost>;
  /** With `analyze`: the baseline plan with actual rows (plain SELECTs with logged values only). */
  readonly measured: ReadonlyMap<string, PlanCost>;
  /** Best saving (percent of baseline cost) any single candidate gave each fingerprint. */
  readonly bestSavingPercent: ReadonlyMap<string, number>;
  /** candidateId -> why it was not taken. */
  readonly rejected: ReadonlyMap<string, string>;
}

/** Most candidates planned per run: keeps the advisor's time bounded on workloads with thousands of statements. */
const MAX_CANDIDATES = 300;

interface Evaluation {
  readonly costs: Map<string, number>;
  readonly score: number;
  readonly qualifies: boolean;
  readonly version: number;
}

function usesLike(query: WorkloadQuery): boolean {
  return query.demands.demands.some((d) => d.conditions.some((c) => c.kind === 'like'));
}

export async function selectLive(workload: Workload, session: WhatIfSession, options: ResolvedAdviseOptions): Promise<LiveSelection> {
  const byFingerprint = new Map(workload.queries.map((q) => [q.query.fingerprint, q]));
  const baseline = new Map<string, PlanCost | { error: string }>();
  for (const q of workload.queries) {
    if (q.demands.demands.length === 0) continue;
    baseline.set(q.query.fingerprint, await session.cost(q.query, usesLike(q)));
  }
  const measured = new Map<string, PlanCost>();
  if (options.analyze) {
    for (const q of workload.queries) {
      if (q.demands.demands.length === 0 || q.demands.command !== 'select') continue;
      const result = await session.analyzed(q.query);
      if ('cost' in result) measured.set(q.query.fingerprint, result);
    }
  }
  const ok = (fp: string): boolean => {
    const b = baseline.get(fp);
    return b !== undefined && 'cost' in b && b.cost > 0;
  };
  const base = (fp: string): number => (baseline.get(fp) as PlanCost).cost;
  const current = new Map<string, number>();
  for (const fp of baseline.keys()) if (ok(fp)) current.set(fp, base(fp));
  const weight = (fp: string): number => {
    const q = byFingerprint.get(fp)!.query;
    return q.totalMs > 0 ? q.totalMs : q.calls;
  };

  const rejected = new Map<string, string>();
  // Bounded work on big workloads: the candidates asked for by the most logged time first.
  const ranked = [...workload.candidates.values()]
    .filter((e) => e.candidate.validatable)
    .map((e) => ({ candidate: e.candidate, weight: [...e.fingerprints].reduce((sum, fp) => sum + (ok(fp) ? weight(fp) : 0), 0) }))
    .sort((a, b) => b.weight - a.weight);
  for (const { candidate } of ranked.slice(MAX_CANDIDATES)) {
    rejected.set(candidateId(candidate), `not among the ${MAX_CANDIDATES} candidates asked for by the most logged time`);
  }
  const candidates = ranked.slice(0, MAX_CANDIDATES).map((e) => e.candidate);
  // A query is re-planned for a candidate only when it constrains, joins or sorts on the candidate's leading key.
  const leadingKeys = new Map<string, Set<string>>();
  for (const q of workload.queries) {
    for (const d of q.demands.demands) {
      const id = `${q.query.fingerprint}|${d.table.schema}.${d.table.name}`;
      let keys = leadingKeys.get(id);
      if (keys === undefined) leadingKeys.set(id, (keys = new Set()));
      for (const c of d.conditions) keys.add(c.key);
      for (const k of d.joinKeys) keys.add(k);
      for (const k of d.sort) keys.add(k.key);
    }
  }
  const affected = (c: Candidate): string[] =>
    [...(workload.queriesByTable.get(tableOf(c)) ?? [])].filter((fp) => ok(fp) && (leadingKeys.get(`${fp}|${tableOf(c)}`)?.has(c.keys[0]!.key) ?? false));
  const bestSaving = new Map<string, number>();
  let version = 0;

  const evaluate = async (candidate: Candidate): Promise<Evaluation> => {
    const hypothetical = await session.create(candidate);
    const costs = new Map<string, number>();
    try {
      for (const fp of affected(candidate)) {
        const result = await session.cost(byFingerprint.get(fp)!.query, usesLike(byFingerprint.get(fp)!));
        if ('cost' in result) costs.set(fp, result.cost);
      }
    } finally {
      await session.drop(hypothetical);
    }
    let saved = 0;
    let qualifies = false;
    for (const [fp, cost] of costs) {
      const now = current.get(fp)!;
      const gain = Math.max(0, now - cost);
      saved += (weight(fp) * gain) / base(fp);
      if (now > 0 && (gain / now) * 100 >= options.minSavingPercent) qualifies = true;
    }
    const penalty = ((workload.writeMs.get(tableOf(candidate)) ?? 0) * options.writePenaltyPercent) / 100;
    // A hair per key so that, at equal savings, the narrower index wins.
    const score = saved - penalty - candidate.keys.length * 1e-6 - candidate.include.length * 1e-6;
    return { costs, score, qualifies, version };
  };

  const evaluations = new Map<Candidate, Evaluation>();
  for (const candidate of candidates) {
    const evaluation = await evaluate(candidate);
    evaluations.set(candidate, evaluation);
    for (const [fp, cost] of evaluation.costs) {
      const percent = ((base(fp) - cost) / base(fp)) * 100;
      if (percent > (bestSaving.get(fp) ?? -Infinity)) bestSaving.set(fp, percent);
    }
  }

  const chosen: Candidate[] = [];
  const pending = new Set(candidates);
  while (pending.size > 0) {
    let best: Candidate | undefined;
    for (const candidate of pending) {
      if (best === undefined || evaluations.get(candidate)!.score > evaluations.get(best)!.score) best = candidate;
    }
    if (best === undefined) break;
    if (chosen.length >= options.maxIndexes) {
      for (const candidate of pending) {
        const e = evaluations.get(candidate)!;
        if (e.qualifies && e.score > 0) rejected.set(candidateId(candidate), `the cap of ${options.maxIndexes} indexes was reached`);
        else rejected.set(candidateId(candidate), `no query's estimated cost drops by ${options.minSavingPercent}% or more`);
      }
      break;
    }
    const evaluation = evaluations.get(best)!;
    if (evaluation.version !== version) {
      evaluations.set(best, await evaluate(best));
      continue;
    }
    pending.delete(best);
    if (!evaluation.qualifies) {
      rejected.set(candidateId(best), `no query's estimated cost drops by ${options.minSavingPercent}% or more`);
      continue;
    }
    if (evaluation.score <= 0) {
      rejected.set(candidateId(best), 'the time it saves does not cover the cost of maintaining it on writes');
      continue;
    }
    chosen.push(best);
    await session.keep(best);
    for (const [fp, cost] of evaluation.costs) current.set(fp, Math.min(current.get(fp)!, cost));
    version++;
  }

  // Final plans with the whole set; indexes no plan uses are dropped and the plans redone.
  let final = new Map<string, PlanCost>();
  let users = new Map<Candidate, string[]>();
  for (let pass = 0; pass < 2; pass++) {
    final = new Map();
    users = new Map(chosen.map((c) => [c, []]));
    const byName = new Map(chosen.map((c) => [session.keptName(c) ?? '', c]));
    for (const fp of baseline.keys()) {
      if (!ok(fp)) continue;
      const result = await session.cost(byFingerprint.get(fp)!.query, usesLike(byFingerprint.get(fp)!));
      if (!('cost' in result)) continue;
      final.set(fp, result);
      const used = new Set<Candidate>();
      for (const { node } of walkPlan(result.plan.root)) {
        const index = stringProp(node, 'Index Name');
        const candidate = index === undefined ? undefined : byName.get(index);
        if (candidate !== undefined) used.add(candidate);
      }
      // Only a use that pays counts as serving the query.
      const saving = ((base(fp) - result.cost) / base(fp)) * 100;
      if (saving >= options.minSavingPercent) for (const c of used) users.get(c)!.push(fp);
    }
    const idle = chosen.filter((c) => users.get(c)!.length === 0);
    if (idle.length === 0) break;
    for (const c of idle) {
      rejected.set(candidateId(c), 'no final plan uses it: another suggested index serves its queries');
      await session.unkeep(c);
      chosen.splice(chosen.indexOf(c), 1);
    }
  }
  return {
    chosen: chosen.map((candidate) => {
      const fps = users.get(candidate) ?? [];
      return {
        candidate,
        fingerprints: fps,
        costBefore: fps.reduce((sum, fp) => sum + base(fp), 0),
        costAfter: fps.reduce((sum, fp) => sum + (final.get(fp)?.cost ?? base(fp)), 0),
      };
    }),
    baseline,
    measured,
    final,
    bestSavingPercent: bestSaving,
    rejected,
  };
}
