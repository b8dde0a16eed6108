import type { PlanRule } from '../../src/analyze/types.js';
import { numberProp, stringProp } from '../../src/plan/accessors.js';
import { displayPercent, filterStats } from './support/filter-stats.js';
import { redactLiterals } from './support/redact-literals.js';
import { baseNodeType } from './support/node-type.js';

type Options = {
  minRows: number;
  minRemovedPercent: number;
};

/** A sequential scan that reads a large relation and throws most of it away. */
const rule: PlanRule<Options> = {
  meta: {
    id: 'seq-scan-filter',
    severity: 'warning',
    description: 'Sequential scan that discards most rows of a large relation',
    messages: {
      seqScanFilter:
        'Seq Scan on {{relation}} read {{scannedRows}} rows per scan and its Filter removed {{removedPercent}}% of them ({{removedRows}} removed, {{returnedRows}} kept): PostgreSQL reads every page of the table to find a few rows.',
    },
    help: {
      seqScanFilter:
        'Create an index that matches the filter {{filter}} (most selective equality columns first), or rewrite the predicate so an existing index applies; then check the plan uses it.',
    },
    defaultOptions: { minRows: 10000, minRemovedPercent: 90 },
    optionDocs: {
      minRows: 'Rows the scan must read from the relation (per scan; all workers together for a parallel scan) before it is flagged.',
      minRemovedPercent: 'Percentage of the rows read that the Filter must remove, 0 to 100.',
    },
  },
  create(context) {
    const { minRows, minRemovedPercent } = context.options;
    return {
      node(node) {
        if (baseNodeType(node) !== 'Seq Scan') return;
        const stats = filterStats(node);
        if (stats === undefined || stats.removedRows === 0) return;
        const parallel = node.props['Parallel Aware'] === true || node.nodeType === 'Parallel Seq Scan';
        // A parallel scan splits one pass over the table between its loops;
        // a repeated (nested loop) scan reads the whole table on every loop.
        const passes = parallel ? 1 : stats.loops;
        const scannedRows = (stats.returnedRows + stats.removedRows) / passes;
        if (scannedRows < minRows || stats.removedPercent < minRemovedPercent) return;
        const filter = stringProp(node, 'Filter');
        context.report({
          node,
          messageId: 'seqScanFilter',
          data: {
            relation: stringProp(node, 'Relation Name') ?? 'the relation',
            scannedRows: Math.round(scannedRows),
            removedRows: Math.round(stats.removedRows),
            returnedRows: Math.round(stats.returnedRows),
            removedPercent: displayPercent(stats.removedPercent),
            filter: filter === undefined ? '(not shown in the plan)' : redactLiterals(filter),
            loops: numberProp(node, 'Actual Loops') ?? 1,
          },
        });
      },
    };
  },
};

export default rule;
