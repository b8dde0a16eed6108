import type { PlanRule } from '../../src/analyze/types.js';
import { numberProp, stringProp } from '../../src/plan/accessors.js';
import { actualRowsTotal } from '../../src/plan/metrics.js';
import { displayPercent } from './support/filter-stats.js';
import { baseNodeType } from './support/node-type.js';

type Options = {
  minHeapFetches: number;
  minFetchPercent: number;
};

/** An index-only scan that still visited the heap for many rows: the visibility map is stale. */
const rule: PlanRule<Options> = {
  meta: {
    id: 'index-only-heap-fetches',
    severity: 'info',
    description: 'Index-only scan that fetches many rows from the heap',
    messages: {
      heapFetches:
        'Index Only Scan using {{index}} on {{relation}} fetched {{heapFetches}} rows from the table ({{fetchPercent}}% of the {{rows}} rows it returned): pages not marked all-visible in the visibility map must be read from the heap, so the scan is not really index-only.',
    },
    help: {
      heapFetches:
        'VACUUM {{relation}} to update its visibility map, and make autovacuum visit it more often (ALTER TABLE ... SET (autovacuum_vacuum_scale_factor = ..., autovacuum_vacuum_insert_scale_factor = ...)) if it changes a lot; long-running transactions also keep pages from becoming all-visible.',
    },
    defaultOptions: { minHeapFetches: 1000, minFetchPercent: 10 },
    optionDocs: {
      minHeapFetches: 'Smallest "Heap Fetches" (a total over all loops) that is flagged.',
      minFetchPercent: 'Heap fetches as a percentage of the rows the scan returned, 0 to 100 or more.',
    },
  },
  create(context) {
    const { minHeapFetches, minFetchPercent } = context.options;
    return {
      node(node) {
        if (baseNodeType(node) !== 'Index Only Scan') return;
        // Unlike "Actual Rows", EXPLAIN prints "Heap Fetches" as a total over all loops.
        const heapFetches = numberProp(node, 'Heap Fetches');
        const rows = actualRowsTotal(node);
        if (heapFetches === undefined || rows === undefined || heapFetches <= 0 || heapFetches < minHeapFetches) return;
        const fetchPercent = rows > 0 ? (heapFetches / rows) * 100 : 100;
        if (fetchPercent < minFetchPercent) return;
        context.report({
          node,
          messageId: 'heapFetches',
          data: {
            index: stringProp(node, 'Index Name') ?? 'the index',
            relation: stringProp(node, 'Relation Name') ?? 'the table',
            heapFetches,
            rows: Math.round(rows),
            fetchPercent: displayPercent(fetchPercent),
          },
        });
      },
    };
  },
};

export default rule;
