import type { PlanRule } from '../../src/analyze/types.js';
import { numberProp } from '../../src/plan/accessors.js';
import { inclusiveTimeMs } from '../../src/plan/metrics.js';

type Options = {
  minMissingWorkers: number;
};

/** A Gather that got fewer parallel workers than planned. */
const rule: PlanRule<Options> = {
  meta: {
    id: 'parallel-workers-not-launched',
    severity: 'warning',
    description: 'Parallel workers planned but not launched',
    messages: {
      workersNotLaunched:
        '{{nodeType}} planned {{planned}} parallel workers but only {{launched}} started: the server had no free background worker slots, so the leader and {{launched}} workers did the work the plan divided among {{participants}} processes.',
    },
    help: {
      workersNotLaunched:
        'Raise max_parallel_workers (and max_worker_processes, which needs a restart) so concurrent queries do not exhaust the worker pool, or lower max_parallel_workers_per_gather so each query asks for fewer; check what else uses background workers (other parallel queries, logical replication, extensions).',
    },
    defaultOptions: { minMissingWorkers: 1 },
    optionDocs: {
      minMissingWorkers: 'Smallest number of planned-but-not-launched workers ("Workers Planned" - "Workers Launched") that is flagged.',
    },
  },
  create(context) {
    return {
      node(node) {
        if (node.nodeType !== 'Gather' && node.nodeType !== 'Gather Merge') return;
        const planned = numberProp(node, 'Workers Planned');
        const launched = numberProp(node, 'Workers Launched');
        if (planned === undefined || launched === undefined) return;
        const missing = planned - launched;
        if (missing <= 0 || missing < context.options.minMissingWorkers) return;
        context.report({
          node,
          messageId: 'workersNotLaunched',
          data: { nodeType: node.nodeType, planned, launched, missing, participants: planned + 1 },
          // The leader takes part too, so planned + 1 processes were meant to
          // share the work: the missing workers' share is what is at stake.
          timeAtStakeMs: inclusiveTimeMs(node) * (missing / (planned + 1)) * context.calls,
        });
      },
    };
  },
};

export default rule;
