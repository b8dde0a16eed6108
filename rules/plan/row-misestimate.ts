import type { Plan, PlanNode } from '../../src/plan/types.js';
import type { PlanRule } from '../../src/analyze/types.js';
import type { GradedSeverityMeta } from '../../src/analyze/plan-rules.js';
import { numberProp, relationOf, stringProp } from '../../src/plan/accessors.js';
import { inclusiveTimeMs } from '../../src/plan/metrics.js';

type Options = {
  minFactor: number;
  warningFactor: number;
  errorFactor: number;
  minRowsDifference: number;
  minParentTimeMs: number;
};

// These nodes report 0 actual rows by design (no RETURNING, bitmaps are not rows).
const rowlessNodes = new Set(['ModifyTable', 'BitmapAnd', 'BitmapOr']);

interface Estimate {
  readonly estimatedRows: number;
  readonly actualRows: number;
  readonly loops: number;
  /** >= 1: how many times off the estimate was. */
  readonly factor: number;
  readonly direction: 'under' | 'over';
}

function estimateOf(node: PlanNode): Estimate | undefined {
  const estimatedRows = numberProp(node, 'Plan Rows');
  const actualRows = numberProp(node, 'Actual Rows');
  const loops = numberProp(node, 'Actual Loops');
  if (estimatedRows === undefined || actualRows === undefined || loops === undefined || loops <= 0) return undefined;
  // Both are per-loop figures; the planner never estimates below one row.
  const estimated = Math.max(estimatedRows, 1);
  const actual = Math.max(actualRows, 1);
  const direction = actual >= estimated ? 'under' : 'over';
  return { estimatedRows, actualRows, loops, factor: direction === 'under' ? actual / estimated : estimated / actual, direction };
}

/**
 * True when the node's input may stop before it is exhausted, so fewer actual
 * rows than estimated is expected, not a misestimate: below a Limit, either
 * side of a Merge Join, the inner side of a semi or anti join, a subplan.
 */
function childStopsEarly(parent: PlanNode, child: PlanNode): boolean {
  if (parent.nodeType === 'Limit' || parent.nodeType === 'Merge Join') return true;
  const relationship = stringProp(child, 'Parent Relationship');
  if (relationship === 'SubPlan' || relationship === 'InitPlan') return true;
  const joinType = stringProp(parent, 'Join Type');
  return relationship === 'Inner' && (joinType === 'Semi' || joinType === 'Anti');
}

/** A node whose actual row count is far from the planner's estimate, where the error arises. */
const rule: PlanRule<Options> & { readonly meta: GradedSeverityMeta } = {
  meta: {
    id: 'row-misestimate',
    severity: 'warning',
    severityByMessage: { misestimate: 'info', misestimateLarge: 'warning', misestimateHuge: 'error', functionRows: 'info' },
    description: 'Row estimate off by 10x, 100x or 1000x',
    messages: {
      misestimate:
        'The planner expected {{estimatedRows}} rows per loop here and got {{actualRows}} (a {{factor}}x {{direction}}estimate; loops: {{loops}}): the join methods, join order and memory above this node were chosen for the wrong row count.',
      misestimateLarge:
        'The planner expected {{estimatedRows}} rows per loop here and got {{actualRows}} (a {{factor}}x {{direction}}estimate; loops: {{loops}}): an error this large commonly picks the wrong join method (a nested loop over many rows, or a hash of a huge input).',
      misestimateHuge:
        'The planner expected {{estimatedRows}} rows per loop here and got {{actualRows}} (a {{factor}}x {{direction}}estimate; loops: {{loops}}): with an error of three orders of magnitude the plan above this node is a guess.',
      functionRows:
        'The function {{function}} was expected to return {{estimatedRows}} rows and returned {{actualRows}} (a {{factor}}x {{direction}}estimate; loops: {{loops}}): the planner takes a set-returning function\'s row count from its ROWS setting (1000 unless declared), not from the data.',
    },
    help: {
      misestimate:
        'Run ANALYZE on {{target}}; if the estimate stays off, raise the statistics target of the filtered or joined columns (ALTER TABLE ... ALTER COLUMN ... SET STATISTICS 1000) or create extended statistics for correlated columns (CREATE STATISTICS ... (dependencies, ndistinct, mcv)).',
      misestimateLarge:
        'Run ANALYZE on {{target}}; if the estimate stays off, create extended statistics for correlated columns (CREATE STATISTICS ... (dependencies, ndistinct, mcv)), raise the columns\' statistics target, or rewrite predicates the planner cannot estimate (functions or casts on columns, long OR chains, correlated subqueries).',
      misestimateHuge:
        'Run ANALYZE on {{target}} (autovacuum may lag after bulk loads); then create extended statistics for correlated columns (CREATE STATISTICS ... (dependencies, ndistinct, mcv)) or rewrite predicates the planner cannot estimate. Until then, check the join methods above this node against the actual row counts.',
      functionRows:
        'Declare a realistic row count on the function (ALTER FUNCTION {{function}} ROWS n), or give it a planner support function; for a function returning a filtered table, consider inlining it as a view or a SQL function the planner can see into.',
    },
    defaultOptions: { minFactor: 10, warningFactor: 100, errorFactor: 1000, minRowsDifference: 1000, minParentTimeMs: 1 },
    optionDocs: {
      minFactor: 'Smallest ratio between actual and estimated rows (either direction) that is flagged, as severity info.',
      warningFactor: 'Ratio from which the finding is a warning.',
      errorFactor: 'Ratio from which the finding is an error.',
      minRowsDifference: 'Smallest difference between actual and estimated rows, over all loops, that is flagged (ignores 1 vs 20 rows).',
      minParentTimeMs: 'Skip misestimates where the step above the node (its parent, or the node itself at the root) took less than this many ms per execution; 0 keeps them all. Ignored for plans without timings.',
    },
  },
  create(context) {
    const { minFactor, warningFactor, errorFactor, minRowsDifference, minParentTimeMs } = context.options;
    const timed = numberProp(context.plan.root, 'Actual Total Time') !== undefined;
    // Each node's estimate is read again by its parent: compute it once.
    const estimates = new Map<PlanNode, Estimate | undefined>();
    const cachedEstimate = (node: PlanNode): Estimate | undefined => {
      if (!estimates.has(node)) estimates.set(node, estimateOf(node));
      return estimates.get(node);
    };
    const threshold = Math.max(minFactor, 1);
    const visit = (node: PlanNode, parent: PlanNode | undefined, stopsEarly: boolean): void => {
      for (const child of node.children) visit(child, node, stopsEarly || childStopsEarly(node, child));
      if (rowlessNodes.has(node.nodeType)) return;
      const estimate = cachedEstimate(node);
      if (estimate === undefined || estimate.factor < threshold) return;
      const stepMs = inclusiveTimeMs(parent ?? node);
      if (timed && stepMs < minParentTimeMs) return;
      if (estimate.direction === 'over' && stopsEarly) return;
      if (Math.abs(estimate.actualRows - estimate.estimatedRows) * estimate.loops < minRowsDifference) return;
      // Report where the error arises, not every node it propagates to: skip
      // a node that adds less than minFactor on top of a child's error.
      const inherited = node.children.some((child) => {
        // InitPlan and SubPlan results are not rows of this node.
        const relationship = stringProp(child, 'Parent Relationship');
        if (relationship === 'InitPlan' || relationship === 'SubPlan') return false;
        const below = cachedEstimate(child);
        return (
          below !== undefined &&
          below.direction === estimate.direction &&
          below.factor >= threshold &&
          below.factor * threshold > estimate.factor
        );
      });
      if (inherited) return;
      const band = estimate.factor >= errorFactor ? 'misestimateHuge' : estimate.factor >= warningFactor ? 'misestimateLarge' : 'misestimate';
      const functionName = stringProp(node, 'Function Name');
      const cteName = stringProp(node, 'CTE Name');
      const target = relationOf(node) ?? (cteName === undefined ? 'the tables below this node' : `the tables read by the CTE ${cteName}`);
      context.report({
        node,
        messageId: node.nodeType === 'Function Scan' ? 'functionRows' : band,
        data: {
          estimatedRows: estimate.estimatedRows,
          actualRows: estimate.actualRows,
          factor: Math.round(estimate.factor),
          direction: estimate.direction,
          loops: estimate.loops,
          target,
          function: functionName ?? 'the function',
        },
        // The estimate misleads the decision taken one level up (join method,
        // hash size), so what is at stake is the time of that parent step.
        timeAtStakeMs: stepMs * context.calls,
      });
    };
    return {
      plan(plan: Plan) {
        visit(plan.root, undefined, false);
      },
    };
  },
};

export default rule;
