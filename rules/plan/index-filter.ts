import type { PlanNode } from '../../src/plan/types.js';
import type { PlanRule } from '../../src/analyze/types.js';
import { stringProp } from '../../src/plan/accessors.js';
import { displayPercent, filterStats } from './support/filter-stats.js';
import { redactLiterals } from './support/redact-literals.js';
import { baseNodeType } from './support/node-type.js';

type Options = {
  minRemovedRows: number;
  minRemovedPercent: number;
};

const indexScanTypes = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Heap Scan']);

/** Index names under a Bitmap Heap Scan (one per Bitmap Index Scan, through BitmapAnd/BitmapOr). */
function bitmapIndexNames(node: PlanNode): string[] {
  const names: string[] = [];
  const visit = (current: PlanNode): void => {
    const name = stringProp(current, 'Index Name');
    if (current.nodeType === 'Bitmap Index Scan' && name !== undefined) names.push(name);
    if (current.nodeType === 'Bitmap Index Scan' || current.nodeType === 'BitmapAnd' || current.nodeType === 'BitmapOr') {
      current.children.forEach(visit);
    }
  };
  node.children.forEach(visit);
  return names;
}

/** An index scan whose Filter (applied after the index) throws away most of the rows the index found. */
const rule: PlanRule<Options> = {
  meta: {
    id: 'index-filter',
    severity: 'warning',
    description: 'Index scan that still filters out most of the rows it fetched',
    messages: {
      indexFilter:
        '{{nodeType}} on {{relation}} used index {{index}} but its Filter then removed {{removedPercent}}% of the rows the index returned ({{removedRows}} removed, {{returnedRows}} kept): the index narrows the search too little, and every removed row was fetched and checked for nothing.',
    },
    help: {
      indexFilter:
        'Make the index cover the filter: add the columns of {{filter}} to {{index}} (after the columns of {{indexCond}}), or create a partial index for a constant part of the filter, so the index itself finds only matching rows.',
    },
    defaultOptions: { minRemovedRows: 1000, minRemovedPercent: 90 },
    optionDocs: {
      minRemovedRows: 'Rows the Filter must remove, over all loops, before the scan is flagged.',
      minRemovedPercent: 'Percentage of the rows fetched through the index that the Filter must remove, 0 to 100.',
    },
  },
  create(context) {
    const { minRemovedRows, minRemovedPercent } = context.options;
    return {
      node(node) {
        if (!indexScanTypes.has(baseNodeType(node))) return;
        const stats = filterStats(node);
        if (stats === undefined || stats.removedRows < minRemovedRows || stats.removedPercent < minRemovedPercent) return;
        const index = stringProp(node, 'Index Name') ?? (bitmapIndexNames(node).join(' + ') || 'the index');
        const indexCond = stringProp(node, 'Index Cond') ?? stringProp(node, 'Recheck Cond');
        const filter = stringProp(node, 'Filter');
        context.report({
          node,
          messageId: 'indexFilter',
          data: {
            nodeType: node.nodeType,
            relation: stringProp(node, 'Relation Name') ?? 'the relation',
            index,
            removedRows: Math.round(stats.removedRows),
            returnedRows: Math.round(stats.returnedRows),
            removedPercent: displayPercent(stats.removedPercent),
            filter: filter === undefined ? 'the filter' : redactLiterals(filter),
            indexCond: indexCond === undefined ? 'the index condition' : redactLiterals(indexCond),
          },
        });
      },
    };
  },
};

export default rule;
