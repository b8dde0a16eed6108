import type { PlanRule } from '../../src/analyze/types.js';
import { numberProp, stringProp } from '../../src/plan/accessors.js';
import { displayPercent, filterStats } from './support/filter-stats.js';
import { baseNodeType } from './support/node-type.js';

type Options = {
  minLossyBlocks: number;
};

/** A bitmap heap scan whose bitmap outgrew work_mem and degraded to whole pages. */
const rule: PlanRule<Options> = {
  meta: {
    id: 'lossy-bitmap',
    severity: 'warning',
    description: 'Bitmap heap scan whose bitmap became lossy',
    messages: {
      lossyBitmap:
        'Bitmap Heap Scan on {{relation}} kept {{lossyBlocks}} of {{totalBlocks}} heap blocks ({{lossyPercent}}%) as lossy pages because the bitmap did not fit in work_mem: every row on a lossy page is rechecked against the condition, and the recheck removed {{recheckRemovedRows}} rows.',
      allPagesLossy:
        'Bitmap Heap Scan on {{relation}} read all {{lossyBlocks}} heap blocks as lossy pages and the recheck removed {{recheckRemovedRows}} rows: either the index is a BRIN index, whose bitmaps are always page-level, or the bitmap was far too large for work_mem.',
    },
    help: {
      allPagesLossy:
        'If {{index}} is a BRIN index, the recheck is inherent: make it more selective (smaller pages_per_range, a table physically ordered by the column) or use a B-tree index; otherwise raise work_mem for this query so the bitmap can stay exact.',
      lossyBitmap:
        'Raise work_mem for this query so the bitmap stays exact (one bit per row instead of per page), or make the index condition more selective so the bitmap is smaller.',
    },
    defaultOptions: { minLossyBlocks: 1 },
    optionDocs: {
      minLossyBlocks: 'Smallest number of lossy heap blocks ("Lossy Heap Blocks", all loops) that is flagged.',
    },
  },
  create(context) {
    return {
      node(node) {
        if (baseNodeType(node) !== 'Bitmap Heap Scan') return;
        const lossy = numberProp(node, 'Lossy Heap Blocks');
        if (lossy === undefined || lossy <= 0 || lossy < context.options.minLossyBlocks) return;
        // Heap block counts are totals over loops; "Rows Removed by Index Recheck" is a per-loop average.
        const exact = numberProp(node, 'Exact Heap Blocks') ?? 0;
        const recheck = filterStats(node, 'Rows Removed by Index Recheck');
        const index = node.children.map((child) => stringProp(child, 'Index Name')).find((name) => name !== undefined);
        context.report({
          node,
          // Memory pressure turns part of a bitmap lossy; a bitmap lossy from the start points at BRIN.
          messageId: exact === 0 ? 'allPagesLossy' : 'lossyBitmap',
          data: {
            index: index ?? 'the index',
            relation: stringProp(node, 'Relation Name') ?? 'the relation',
            lossyBlocks: lossy,
            exactBlocks: exact,
            totalBlocks: lossy + exact,
            lossyPercent: displayPercent((lossy / (lossy + exact)) * 100),
            recheckRemovedRows: Math.round(recheck?.removedRows ?? 0),
          },
        });
      },
    };
  },
};

export default rule;
