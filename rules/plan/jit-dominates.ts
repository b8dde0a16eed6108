import type { Plan, PlanValue } from '../../src/plan/types.js';
import type { PlanRule } from '../../src/analyze/types.js';
import { inclusiveTimeMs } from '../../src/plan/metrics.js';
import { displayPercent } from './support/filter-stats.js';

type Options = {
  minJitPercent: number;
  minJitMs: number;
};

type JsonObject = { readonly [key: string]: PlanValue };

function asObject(value: PlanValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** A JIT phase in ms; PostgreSQL 17 prints "Generation" as an object with its own "Total". */
function phaseMs(value: PlanValue | undefined): number {
  if (typeof value === 'number') return value;
  const total = asObject(value)?.['Total'];
  return typeof total === 'number' ? total : 0;
}

const phases = ['Generation', 'Inlining', 'Optimization', 'Emission'] as const;

interface JitTiming {
  readonly totalMs: number;
  readonly functions: number;
  readonly largestPhase: string;
  readonly largestPhaseMs: number;
}

function jitTiming(plan: Plan): JitTiming | undefined {
  const jit = asObject(plan.props['JIT']);
  const timing = asObject(jit?.['Timing']);
  if (jit === undefined || timing === undefined) return undefined;
  let largestPhase: string = phases[0];
  let largestPhaseMs = 0;
  let sum = 0;
  for (const phase of phases) {
    const ms = phaseMs(timing[phase]);
    sum += ms;
    if (ms > largestPhaseMs) {
      largestPhase = phase;
      largestPhaseMs = ms;
    }
  }
  const total = timing['Total'];
  const functions = jit['Functions'];
  return { totalMs: typeof total === 'number' ? total : sum, functions: typeof functions === 'number' ? functions : 0, largestPhase, largestPhaseMs };
}

/** JIT compilation that costs a large share of the query's run time. */
const rule: PlanRule<Options> = {
  meta: {
    id: 'jit-dominates',
    severity: 'warning',
    description: 'JIT compilation takes a large share of the execution time',
    messages: {
      jitDominates:
        'JIT compilation took {{jitMs}} ms of the {{executionMs}} ms run ({{jitPercent}}%, {{functions}} functions, mostly {{largestPhase}}): JIT is triggered by the plan\'s estimated cost, and for a query this short compiling costs more than it saves.',
    },
    help: {
      jitDominates:
        'Raise jit_above_cost (default 100000) so queries of this cost run without JIT, raise jit_inline_above_cost and jit_optimize_above_cost when Inlining or Optimization dominate, or turn JIT off for this workload (ALTER ROLE ... SET jit = off). A cost overestimate can trigger JIT too: check the row estimates.',
    },
    defaultOptions: { minJitPercent: 30, minJitMs: 10 },
    optionDocs: {
      minJitPercent: 'Share of the execution time spent in JIT ("JIT" → "Timing" → "Total" over "Execution Time"), in percent, that is flagged.',
      minJitMs: 'Smallest JIT time, in ms per execution, that is flagged.',
    },
  },
  create(context) {
    const { minJitPercent, minJitMs } = context.options;
    return {
      plan(plan: Plan) {
        const jit = jitTiming(plan);
        if (jit === undefined || jit.totalMs <= 0 || jit.totalMs < minJitMs) return;
        // auto_explain output has no "Execution Time": the root's time is the
        // closest stand-in (it includes JIT emitted lazily during execution).
        const execution = plan.props['Execution Time'];
        const executionMs = typeof execution === 'number' ? execution : inclusiveTimeMs(plan.root);
        if (executionMs <= 0) return;
        const percent = Math.min((jit.totalMs / executionMs) * 100, 100);
        if (percent < minJitPercent) return;
        context.report({
          node: plan.root,
          messageId: 'jitDominates',
          data: {
            jitMs: jit.totalMs,
            executionMs,
            jitPercent: displayPercent(percent),
            functions: jit.functions,
            largestPhase: jit.largestPhase,
            largestPhaseMs: jit.largestPhaseMs,
          },
          timeAtStakeMs: jit.totalMs * context.calls,
        });
      },
    };
  },
};

export default rule;
