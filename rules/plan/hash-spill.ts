import type { PlanNode } from '../../src/plan/types.js';
import type { PlanRule } from '../../src/analyze/types.js';
import { walkPlan } from '../../src/plan/walk.js';
import { numberProp, relationOf } from '../../src/plan/accessors.js';
import { exclusiveTimeMs } from '../../src/plan/metrics.js';
import { baseNodeType } from './support/node-type.js';

type Options = {
  minBatches: number;
};

/** The first relation scanned below the Hash: what was hashed. */
function hashedRelation(hash: PlanNode): string | undefined {
  for (const { node } of walkPlan(hash)) {
    const relation = relationOf(node);
    if (relation !== undefined) return relation;
  }
  return undefined;
}

/** A hash table for a hash join that did not fit in memory and was split into batches written to disk. */
const rule: PlanRule<Options> = {
  meta: {
    id: 'hash-spill',
    severity: 'warning',
    description: 'Hash join whose hash table spills to disk in batches',
    messages: {
      hashBatches:
        'The Hash of {{hashed}} for this join needed {{batches}} batches (peak memory {{peakMemoryKb}} kB for {{rows}} rows): a multi-batch hash join writes both inputs to temporary files and reads them back batch by batch.',
      hashBatchesGrew:
        'The Hash of {{hashed}} for this join was planned with {{originalBatches}} batch(es) but grew to {{batches}} at run time (peak memory {{peakMemoryKb}} kB for {{rows}} rows): the planner underestimated the inner side, so the hash table spilled to temporary files.',
    },
    help: {
      hashBatches:
        'Raise work_mem (or hash_mem_multiplier, PostgreSQL 13+) for this query so the hash table fits in one batch, or hash the smaller input: filter it earlier or select fewer columns.',
      hashBatchesGrew:
        'Fix the row estimate of the hashed input (ANALYZE its tables; extended statistics for correlated columns), and raise work_mem or hash_mem_multiplier so the hash table fits in memory.',
    },
    defaultOptions: { minBatches: 2 },
    optionDocs: {
      minBatches: 'Smallest number of hash batches ("Hash Batches") that is flagged; 1 batch means the table stayed in memory.',
    },
  },
  create(context) {
    return {
      node(node, parent) {
        if (baseNodeType(node) !== 'Hash') return;
        const batches = numberProp(node, 'Hash Batches');
        if (batches === undefined || batches < Math.max(context.options.minBatches, 2)) return;
        const originalBatches = numberProp(node, 'Original Hash Batches') ?? batches;
        // The batch files are written while building (this node) and read back by the join above it.
        const joinMs = parent === undefined ? 0 : exclusiveTimeMs(parent);
        context.report({
          node,
          messageId: batches > originalBatches ? 'hashBatchesGrew' : 'hashBatches',
          data: {
            hashed: hashedRelation(node) ?? 'the inner input',
            batches,
            originalBatches,
            peakMemoryKb: numberProp(node, 'Peak Memory Usage') ?? 0,
            rows: numberProp(node, 'Actual Rows') ?? numberProp(node, 'Plan Rows') ?? 0,
          },
          ...(context.plan.analyzed ? { timeAtStakeMs: (exclusiveTimeMs(node) + joinMs) * context.calls } : {}),
        });
      },
    };
  },
};

export default rule;
