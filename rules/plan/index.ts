/**
 * Every plan rule, in a fixed order (the order has no effect on ranking:
 * findings are ranked by time at stake). A meta-test checks that each file
 * under rules/plan/ is listed here.
 */
import type { PlanRule } from '../../src/analyze/types.js';
import aggregateSpill from './aggregate-spill.js';
import hashSpill from './hash-spill.js';
import indexFilter from './index-filter.js';
import indexOnlyHeapFetches from './index-only-heap-fetches.js';
import jitDominates from './jit-dominates.js';
import largeOffset from './large-offset.js';
import lossyBitmap from './lossy-bitmap.js';
import nestedLoopInnerScan from './nested-loop-inner-scan.js';
import parallelWorkersNotLaunched from './parallel-workers-not-launched.js';
import rowMisestimate from './row-misestimate.js';
import seqScanFilter from './seq-scan-filter.js';
import slowTrigger from './slow-trigger.js';
import sortSpill from './sort-spill.js';

export const planRules: readonly PlanRule[] = [
  seqScanFilter,
  indexFilter,
  rowMisestimate,
  nestedLoopInnerScan,
  sortSpill,
  hashSpill,
  aggregateSpill,
  lossyBitmap,
  indexOnlyHeapFetches,
  largeOffset,
  parallelWorkersNotLaunched,
  jitDominates,
  slowTrigger,
];

/** Plan rules by id. */
export const planRulesById: ReadonlyMap<string, PlanRule> = new Map(planRules.map((rule) => [rule.meta.id, rule]));
