/**
 * One node line of EXPLAIN's text format, e.g.
 * `Parallel Index Scan Backward using idx on public.t a  (cost=0.42..8.44 rows=1 width=4) (actual time=0.01..0.02 rows=1 loops=3)`,
 * turned into the keys EXPLAIN JSON gives that node.
 */
import type { PlanValue } from './types.js';
import { readIdentifier, splitQualified, unquoteIdentifier } from './identifiers.js';

type Props = Record<string, PlanValue>;

const JOIN_TYPES = ['Right Semi', 'Right Anti', 'Left', 'Right', 'Full', 'Semi', 'Anti'];
const AGG_STRATEGY: Record<string, string> = { Aggregate: 'Plain', GroupAggregate: 'Sorted', HashAggregate: 'Hashed', MixedAggregate: 'Mixed' };
const MODIFY_OPERATIONS = ['Insert', 'Update', 'Delete', 'Merge'];

/** Scans whose text names a relation with ` on rel [alias]`, and the JSON key of that name. */
const TARGET_KEY: Record<string, string> = {
  'Seq Scan': 'Relation Name',
  'Sample Scan': 'Relation Name',
  'Index Scan': 'Relation Name',
  'Index Only Scan': 'Relation Name',
  'Bitmap Heap Scan': 'Relation Name',
  'Tid Scan': 'Relation Name',
  'Tid Range Scan': 'Relation Name',
  'Foreign Scan': 'Relation Name',
  'Custom Scan': 'Relation Name',
  ModifyTable: 'Relation Name',
  'Function Scan': 'Function Name',
  'Table Function Scan': 'Table Function Name',
  'CTE Scan': 'CTE Name',
  'WorkTable Scan': 'CTE Name',
  'Named Tuplestore Scan': 'Tuplestore Name',
  'Subquery Scan': 'Alias',
  'Values Scan': 'Alias',
};

/** Node names as text prints them, longest first so "Merge Append" wins over "Merge". */
const SIMPLE_NODES = [
  'Named Tuplestore Scan', 'Table Function Scan', 'Bitmap Index Scan', 'Bitmap Heap Scan', 'Index Only Scan',
  'Recursive Union', 'Incremental Sort', 'Tid Range Scan', 'WorkTable Scan', 'Function Scan', 'Subquery Scan',
  'Foreign Scan', 'Custom Scan', 'Values Scan', 'Sample Scan', 'Merge Append', 'Gather Merge', 'Materialize',
  'Index Scan', 'ProjectSet', 'Seq Scan', 'Tid Scan', 'CTE Scan', 'BitmapAnd', 'BitmapOr', 'WindowAgg', 'LockRows',
  'Memoize', 'Gather', 'Append', 'Result', 'Unique', 'Limit', 'Group', 'Sort', 'Hash',
];

const NODE_START = new RegExp(
  `^(?:(?:Parallel|Async|Partial|Finalize) )*(?:${[...SIMPLE_NODES, 'Nested Loop', 'Hash', 'Merge', 'HashAggregate', 'GroupAggregate', 'MixedAggregate', 'Aggregate', 'HashSetOp', 'SetOp', 'Insert', 'Update', 'Delete', 'Foreign'].join('|')})\\b`,
);

/** True when a line (without the arrow) starts like a plan node, for plans printed without costs. */
export function looksLikeNodeName(text: string): boolean {
  return NODE_START.test(text);
}

const COST = /\(cost=(-?[\d.]+)\.\.(-?[\d.]+)\s*rows=(\d+(?:\.\d+)?)\s*width=(\d+)\)/;
const ACTUAL = /\(actual\s+(?:time=([\d.]+)\.\.([\d.]+)\s*)?rows=(\d+(?:\.\d+)?)\s*loops=(\d+)\)/;
const NEVER = /\(never executed\)/;
const DETAILS_START = /\s*\((?:cost=|actual[\s)]|never executed\))/;

/** Where the name of the node ends and its "(cost=...)" groups begin. */
export function splitHeader(text: string): { readonly name: string; readonly details: string } {
  const match = DETAILS_START.exec(text);
  if (match === null) return { name: text.trim(), details: '' };
  return { name: text.slice(0, match.index).trim(), details: text.slice(match.index) };
}

function setTarget(props: Props, nodeType: string, rest: string): string {
  const key = TARGET_KEY[nodeType];
  if (key === undefined || !rest.startsWith('on ')) return rest;
  const target = readIdentifier(rest.slice(3).trimStart());
  if (target === undefined) return rest;
  const parts = splitQualified(target.name);
  let remaining = target.rest;
  if (key === 'Alias') {
    props['Alias'] = parts.join('.');
    return remaining;
  }
  const name = parts[parts.length - 1]!;
  if (parts.length > 1) props['Schema'] = parts.slice(0, -1).join('.');
  props[key] = name;
  let alias = name;
  const aliasToken = remaining === '' ? undefined : readIdentifier(remaining);
  if (aliasToken !== undefined) {
    alias = unquoteIdentifier(aliasToken.name);
    remaining = aliasToken.rest;
  }
  props['Alias'] = alias;
  return remaining;
}

/**
 * The props of a node line without its arrow. Unknown node names are kept
 * whole as the "Node Type" so nothing is lost.
 */
export function parseNodeHeader(text: string): Props {
  const { name, details } = splitHeader(text);
  const props: Props = {};
  let rest = name;
  let parallel = false;
  let async = false;
  let partialMode: string | undefined;
  for (;;) {
    if (rest.startsWith('Parallel ')) parallel = true;
    else if (rest.startsWith('Async ')) async = true;
    else if (rest.startsWith('Partial ')) partialMode = 'Partial';
    else if (rest.startsWith('Finalize ')) partialMode = 'Finalize';
    else break;
    rest = rest.slice(rest.indexOf(' ') + 1);
  }
  let nodeType: string | undefined;
  const join = /^(Nested Loop|Hash|Merge)(?: (Right Semi|Right Anti|Left|Right|Full|Semi|Anti))? Join\b/.exec(rest)
    ?? /^(Nested Loop)(?: (Right Semi|Right Anti|Left|Right|Full|Semi|Anti) Join)?\b/.exec(rest);
  const agg = /^(HashAggregate|GroupAggregate|MixedAggregate|Aggregate)\b/.exec(rest);
  const setOp = /^(HashSetOp|SetOp) (Intersect All|Intersect|Except All|Except)\b/.exec(rest);
  const modify = /^(Foreign )?(Insert|Update|Delete|Merge) on /.exec(rest);
  if (join !== null) {
    nodeType = join[1] === 'Nested Loop' ? 'Nested Loop' : `${join[1]} Join`;
    props['Node Type'] = nodeType;
    props['Join Type'] = join[2] !== undefined && JOIN_TYPES.includes(join[2]) ? join[2] : 'Inner';
    rest = rest.slice(join[0].length).trim();
  } else if (agg !== null) {
    nodeType = 'Aggregate';
    props['Node Type'] = nodeType;
    props['Strategy'] = AGG_STRATEGY[agg[1]!]!;
    props['Partial Mode'] = partialMode ?? 'Simple';
    rest = rest.slice(agg[0].length).trim();
  } else if (setOp !== null) {
    nodeType = 'SetOp';
    props['Node Type'] = nodeType;
    props['Strategy'] = setOp[1] === 'HashSetOp' ? 'Hashed' : 'Sorted';
    props['Command'] = setOp[2]!;
    rest = rest.slice(setOp[0].length).trim();
  } else if (modify !== null && MODIFY_OPERATIONS.includes(modify[2]!)) {
    nodeType = modify[1] === undefined ? 'ModifyTable' : 'Foreign Scan';
    props['Node Type'] = nodeType;
    props['Operation'] = modify[2]!;
    rest = rest.slice(modify[0].length - 3);
    rest = setTarget(props, nodeType === 'ModifyTable' ? 'ModifyTable' : 'Foreign Scan', rest);
  } else {
    const simple = SIMPLE_NODES.find((candidate) => rest === candidate || rest.startsWith(`${candidate} `));
    nodeType = simple ?? rest;
    props['Node Type'] = nodeType;
    rest = simple === undefined ? '' : rest.slice(simple.length).trim();
  }
  props['Parallel Aware'] = parallel;
  if (async) props['Async Capable'] = true;
  if (nodeType === 'Index Scan' || nodeType === 'Index Only Scan') {
    props['Scan Direction'] = 'Forward';
    if (rest.startsWith('Backward')) {
      props['Scan Direction'] = 'Backward';
      rest = rest.slice('Backward'.length).trim();
    }
    if (rest.startsWith('using ')) {
      const index = readIdentifier(rest.slice(6).trimStart());
      if (index !== undefined) {
        props['Index Name'] = unquoteIdentifier(index.name);
        rest = index.rest;
      }
    }
  } else if (nodeType === 'Bitmap Index Scan' && rest.startsWith('on ')) {
    const index = readIdentifier(rest.slice(3).trimStart());
    if (index !== undefined) {
      props['Index Name'] = unquoteIdentifier(index.name);
      rest = index.rest;
    }
  } else if (nodeType === 'Custom Scan') {
    const provider = /^\(([^)]*)\)\s*/.exec(rest);
    if (provider !== null) {
      props['Custom Plan Provider'] = provider[1]!;
      rest = rest.slice(provider[0].length);
    }
  } else if (nodeType === 'Subquery Scan' && rest !== '' && !rest.startsWith('on ')) {
    // PostgreSQL 8.x printed "Subquery Scan alias" without "on".
    rest = `on ${rest}`;
  }
  if (nodeType !== 'ModifyTable' && !(nodeType === 'Foreign Scan' && props['Operation'] !== undefined)) {
    setTarget(props, nodeType, rest);
  }
  const cost = COST.exec(details);
  if (cost !== null) {
    props['Startup Cost'] = Number(cost[1]);
    props['Total Cost'] = Number(cost[2]);
    props['Plan Rows'] = Number(cost[3]);
    props['Plan Width'] = Number(cost[4]);
  }
  const actual = ACTUAL.exec(details);
  if (actual !== null) {
    if (actual[1] !== undefined) {
      props['Actual Startup Time'] = Number(actual[1]);
      props['Actual Total Time'] = Number(actual[2]);
    }
    props['Actual Rows'] = Number(actual[3]);
    props['Actual Loops'] = Number(actual[4]);
  } else if (NEVER.test(details)) {
    props['Actual Startup Time'] = 0;
    props['Actual Total Time'] = 0;
    props['Actual Rows'] = 0;
    props['Actual Loops'] = 0;
  }
  return props;
}

/** The "actual time=... rows=... loops=..." of a `Worker N:` line, as JSON keys. */
export function parseWorkerActuals(text: string): Props {
  const props: Props = {};
  const match = /actual\s+(?:time=([\d.]+)\.\.([\d.]+)\s*)?rows=(\d+(?:\.\d+)?)\s*loops=(\d+)/.exec(text);
  if (match !== null) {
    if (match[1] !== undefined) {
      props['Actual Startup Time'] = Number(match[1]);
      props['Actual Total Time'] = Number(match[2]);
    }
    props['Actual Rows'] = Number(match[3]);
    props['Actual Loops'] = Number(match[4]);
  }
  return props;
}
