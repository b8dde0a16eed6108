import type { Plan, PlanNode } from '../../src/plan/types.js';
import type { PlanRule } from '../../src/analyze/types.js';
import { walkPlan } from '../../src/plan/walk.js';
import { actualRowsTotal, inclusiveTimeMs } from '../../src/plan/metrics.js';
import { literalOffset } from './support/query-offset.js';

type Options = {
  minSkippedRows: number;
};

/** A Limit that made its input produce (and then discarded) many rows: OFFSET pagination. */
const rule: PlanRule<Options> = {
  meta: {
    id: 'large-offset',
    severity: 'warning',
    description: 'Large OFFSET: rows produced only to be skipped',
    messages: {
      skippedRows:
        'Limit returned {{returnedRows}} rows but its input produced {{producedRows}}: PostgreSQL built and threw away {{skippedRows}} rows to skip the OFFSET, and this cost grows with every page a client reads.',
      offsetInQuery:
        'The query skips {{offset}} rows with OFFSET: PostgreSQL must produce every skipped row before returning the first one, so deep pages get slower and slower.',
    },
    help: {
      skippedRows:
        'Use keyset pagination: remember the sort key of the last row of a page and ask for the next one with WHERE (sort_key, id) > ($1, $2) ORDER BY sort_key, id LIMIT n, backed by an index on (sort_key, id).',
      offsetInQuery:
        'Use keyset pagination: WHERE (sort_key, id) > ($1, $2) ORDER BY sort_key, id LIMIT n, backed by an index on (sort_key, id), instead of OFFSET.',
    },
    defaultOptions: { minSkippedRows: 1000 },
    optionDocs: {
      minSkippedRows: 'Smallest number of skipped rows (input rows minus returned rows of the Limit, or the literal OFFSET) that is flagged.',
    },
  },
  create(context) {
    const { minSkippedRows } = context.options;
    const fromActuals = (node: PlanNode): void => {
      const input = node.children[0];
      const returnedRows = actualRowsTotal(node);
      const producedRows = input === undefined ? undefined : actualRowsTotal(input);
      if (input === undefined || returnedRows === undefined || producedRows === undefined) return;
      const skippedRows = producedRows - returnedRows;
      if (skippedRows < Math.max(minSkippedRows, 1)) return;
      context.report({
        node,
        messageId: 'skippedRows',
        data: { returnedRows: Math.round(returnedRows), producedRows: Math.round(producedRows), skippedRows: Math.round(skippedRows) },
        // The share of the input's work that only served rows that were skipped.
        timeAtStakeMs: inclusiveTimeMs(input) * (skippedRows / producedRows) * context.calls,
      });
    };
    return {
      node(node) {
        if (node.nodeType === 'Limit' && context.plan.analyzed) fromActuals(node);
      },
      plan(plan: Plan) {
        if (plan.analyzed) return;
        // Without actual rows, fall back to a literal OFFSET in the query text.
        const offset = plan.queryText === undefined ? undefined : literalOffset(plan.queryText);
        if (offset === undefined || offset < Math.max(minSkippedRows, 1)) return;
        let limit: PlanNode | undefined;
        for (const { node } of walkPlan(plan.root)) {
          if (node.nodeType === 'Limit') {
            limit = node;
            break;
          }
        }
        context.report({ node: limit ?? plan.root, messageId: 'offsetInQuery', data: { offset } });
      },
    };
  },
};

export default rule;
