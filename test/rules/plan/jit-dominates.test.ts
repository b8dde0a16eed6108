import rule from '../../../rules/plan/jit-dominates.js';
import { runRuleCases } from './rule-cases.js';

const root = { 'Node Type': 'Aggregate', 'Actual Rows': 1, 'Actual Loops': 1, 'Actual Total Time': 180 };

const withJit = (timing: Record<string, unknown> | undefined, top: Record<string, unknown> = {}) => ({
  Plan: root,
  'Execution Time': 200,
  JIT: { Functions: 12, Options: { Inlining: true, Optimization: true, Expressions: true, Deforming: true }, ...(timing === undefined ? {} : { Timing: timing }) },
  ...top,
});

runRuleCases(rule, {
  valid: [
    { name: 'no JIT', plan: { Plan: root, 'Execution Time': 200 } },
    { name: 'plain EXPLAIN: JIT without timing', plan: withJit(undefined) },
    { name: 'JIT is a small share', plan: withJit({ Generation: 1, Inlining: 5, Optimization: 10, Emission: 4, Total: 20 }, { 'Execution Time': 2000 }) },
    { name: 'a large share but only a few ms', plan: withJit({ Generation: 1, Inlining: 1, Optimization: 2, Emission: 1, Total: 5 }, { 'Execution Time': 6 }) },
  ],
  invalid: [
    {
      name: 'JIT took most of the run',
      plan: withJit({ Generation: 3, Inlining: 40, Optimization: 70, Emission: 37, Total: 150 }),
      calls: 100,
      reports: [
        {
          messageId: 'jitDominates',
          nodeId: 0,
          data: { jitMs: 150, executionMs: 200, jitPercent: 75, functions: 12, largestPhase: 'Optimization', largestPhaseMs: 70 },
          timeAtStakeMs: 15000,
        },
      ],
    },
    {
      name: 'PostgreSQL 17 Generation object, auto_explain without Execution Time',
      plan: {
        'Query Text': 'select count(*) from t',
        Plan: root,
        JIT: { Functions: 3, Timing: { Generation: { Deform: 0.5, Total: 2 }, Inlining: 0, Optimization: 30, Emission: 60, Total: 92 } },
      },
      reports: [{ messageId: 'jitDominates', nodeId: 0, data: { jitMs: 92, executionMs: 180, jitPercent: 51.1, largestPhase: 'Emission' } }],
    },
    {
      name: 'thresholds lowered by options',
      plan: withJit({ Generation: 1, Inlining: 5, Optimization: 10, Emission: 4, Total: 20 }, { 'Execution Time': 2000 }),
      options: { minJitPercent: 1 },
      reports: [{ messageId: 'jitDominates', nodeId: 0, data: { jitPercent: 1 } }],
    },
  ],
});
