import type { PlanNode } from '../../src/plan/types.js';
import type { PlanRule } from '../../src/analyze/types.js';
import { numberProp, stringProp } from '../../src/plan/accessors.js';
import { exclusiveTimeMs, inclusiveTimeMs } from '../../src/plan/metrics.js';
import { filterStats } from './support/filter-stats.js';
import { redactLiterals } from './support/redact-literals.js';

type Options = {
  minLoops: number;
  minRemovedRows: number;
};

/** The inner (second) input of a join: the one marked "Inner", else the second child. */
function innerChild(join: PlanNode): PlanNode | undefined {
  return join.children.find((child) => stringProp(child, 'Parent Relationship') === 'Inner') ?? join.children[1];
}

function outerChild(join: PlanNode): PlanNode | undefined {
  return join.children.find((child) => stringProp(child, 'Parent Relationship') === 'Outer') ?? join.children[0];
}

/** "Nested Loop", or a text plan's "Nested Loop Left Join" if a parser keeps that name. */
function isNestedLoop(node: PlanNode): boolean {
  return node.nodeType.startsWith('Nested Loop');
}

/** Scans with a filter in the inner subtree, not looking into nested joins (they get their own check). */
function innerScans(node: PlanNode, found: PlanNode[] = []): PlanNode[] {
  if (node.nodeType.endsWith('Scan') && node.props['Rows Removed by Filter'] !== undefined) found.push(node);
  if (isNestedLoop(node)) return found;
  for (const child of node.children) innerScans(child, found);
  return found;
}

/** A nested loop that re-runs a filtering scan (or a join filter) for each outer row. */
const rule: PlanRule<Options> = {
  meta: {
    id: 'nested-loop-inner-scan',
    severity: 'warning',
    description: 'Nested loop whose inner side repeats a filtering scan many times',
    messages: {
      innerScanFilter:
        'The inner side of a Nested Loop ran {{nodeType}} on {{relation}} {{loops}} times (the planner expected {{plannedLoops}}), and its Filter removed {{removedRows}} rows in total to keep {{returnedRows}}: the same rows are read and thrown away again for every outer row.',
      joinFilter:
        'This Nested Loop ran its inner side {{loops}} times (the planner expected {{plannedLoops}}) and its Join Filter removed {{removedRows}} row pairs to keep {{returnedRows}}: without an index on the join key, every outer row is compared with every inner row.',
    },
    help: {
      innerScanFilter:
        'Index the columns of {{relation}} used by the join and the filter ({{filter}}) so each loop finds its rows directly; if many outer rows are expected, fix the outer row estimate so the planner can choose a hash or merge join instead.',
      joinFilter:
        'Index the inner table on the columns of the join condition {{joinFilter}} so each loop becomes an index lookup, or fix the outer row estimate so the planner can choose a hash or merge join.',
    },
    defaultOptions: { minLoops: 1000, minRemovedRows: 100000 },
    optionDocs: {
      minLoops: 'Smallest number of inner-side executions ("Actual Loops" of the inner scan) that is flagged.',
      minRemovedRows: 'Rows the inner filter (or the join filter) must remove, over all loops.',
    },
  },
  create(context) {
    const { minLoops, minRemovedRows } = context.options;
    return {
      node(node) {
        if (!isNestedLoop(node)) return;
        const inner = innerChild(node);
        if (inner === undefined) return;
        const plannedLoops = numberProp(outerChild(node) ?? node, 'Plan Rows') ?? 0;
        for (const scan of innerScans(inner)) {
          const stats = filterStats(scan);
          if (stats === undefined || stats.loops < minLoops || stats.removedRows < minRemovedRows) continue;
          const filter = stringProp(scan, 'Filter');
          context.report({
            node: scan,
            messageId: 'innerScanFilter',
            data: {
              nodeType: scan.nodeType,
              relation: stringProp(scan, 'Relation Name') ?? 'the relation',
              loops: stats.loops,
              plannedLoops,
              removedRows: Math.round(stats.removedRows),
              returnedRows: Math.round(stats.returnedRows),
              filter: filter === undefined ? 'its filter' : redactLiterals(filter),
            },
            // Every inner execution is repeated work: the whole inner side is at stake.
            timeAtStakeMs: inclusiveTimeMs(inner) * context.calls,
          });
        }
        const joinStats = filterStats(node, 'Rows Removed by Join Filter');
        const innerLoops = numberProp(inner, 'Actual Loops') ?? 0;
        if (joinStats === undefined || innerLoops < minLoops || joinStats.removedRows < minRemovedRows) return;
        const joinFilter = stringProp(node, 'Join Filter');
        context.report({
          node,
          messageId: 'joinFilter',
          data: {
            loops: innerLoops,
            plannedLoops,
            removedRows: Math.round(joinStats.removedRows),
            returnedRows: Math.round(joinStats.returnedRows),
            joinFilter: joinFilter === undefined ? 'the join condition' : redactLiterals(joinFilter),
          },
          timeAtStakeMs: (exclusiveTimeMs(node) + inclusiveTimeMs(inner)) * context.calls,
        });
      },
    };
  },
};

export default rule;
