import type { PlanNode } from '../../src/plan/types.js';
import type { PlanRule } from '../../src/analyze/types.js';
import { numberProp, stringProp } from '../../src/plan/accessors.js';
import { baseNodeType } from './support/node-type.js';

type Options = {
  minDiskKb: number;
};

/** Hash aggregation: "Aggregate" with strategy Hashed or Mixed (text plans may name the node HashAggregate). */
function isHashAggregate(node: PlanNode): boolean {
  const type = baseNodeType(node);
  if (type === 'HashAggregate' || type === 'MixedAggregate') return true;
  const strategy = stringProp(node, 'Strategy');
  return type === 'Aggregate' && (strategy === 'Hashed' || strategy === 'Mixed');
}

interface Spill {
  readonly diskKb: number;
  readonly batches: number;
}

/** The largest spill of the node or one of its parallel workers. */
function largestSpill(node: PlanNode): Spill | undefined {
  let largest: Spill | undefined;
  const consider = (props: { readonly [key: string]: unknown }): void => {
    const disk = props['Disk Usage'];
    const batches = props['HashAgg Batches'];
    const spill = { diskKb: typeof disk === 'number' ? disk : 0, batches: typeof batches === 'number' ? batches : 0 };
    if (spill.diskKb <= 0 && spill.batches <= 1) return;
    if (largest === undefined || spill.diskKb > largest.diskKb) largest = spill;
  };
  consider(node.props);
  const workers = node.props['Workers'];
  if (Array.isArray(workers)) {
    for (const worker of workers) if (typeof worker === 'object' && worker !== null && !Array.isArray(worker)) consider(worker);
  }
  return largest;
}

/** A hash aggregate whose groups did not fit in memory (PostgreSQL 13+ spills them to disk). */
const rule: PlanRule<Options> = {
  meta: {
    id: 'aggregate-spill',
    severity: 'warning',
    description: 'Hash aggregate that spills to disk',
    messages: {
      aggregateSpill:
        'HashAggregate ran out of hash memory and spilled groups to disk ({{diskKb}} kB in {{batches}} batches, peak memory {{peakMemoryKb}} kB, {{plannedPartitions}} partitions planned): spilled groups are written out and aggregated again from temporary files.',
    },
    help: {
      aggregateSpill:
        'Raise work_mem or hash_mem_multiplier for this query so the groups fit in memory; if the planner expected far fewer groups, fix the estimate (ANALYZE, extended statistics on the GROUP BY columns), or aggregate fewer rows.',
    },
    defaultOptions: { minDiskKb: 0 },
    optionDocs: {
      minDiskKb: 'Smallest "Disk Usage", in kB, that is flagged (0 flags every spill).',
    },
  },
  create(context) {
    return {
      node(node) {
        if (!isHashAggregate(node)) return;
        const spill = largestSpill(node);
        if (spill === undefined || spill.diskKb < context.options.minDiskKb) return;
        context.report({
          node,
          messageId: 'aggregateSpill',
          data: {
            diskKb: spill.diskKb,
            batches: spill.batches,
            peakMemoryKb: numberProp(node, 'Peak Memory Usage') ?? 0,
            plannedPartitions: numberProp(node, 'Planned Partitions') ?? 0,
          },
        });
      },
    };
  },
};

export default rule;
