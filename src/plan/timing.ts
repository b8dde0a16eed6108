/**
 * Who spent the time in an analyzed plan. "Actual Total Time" is per loop
 * and, under Gather, an average over the processes that ran the node, so a
 * node's wall-clock share is time x loops / processes. A node's exclusive
 * time is that minus what it waited for: its children, the SubPlans it
 * evaluated, and the InitPlans it (not a descendant) evaluated. A CTE's time
 * is spent inside the CTE Scans that read it, so it is taken from those
 * scans (in plan order, each up to its own inclusive time), never also from
 * the node the CTE hangs under.
 */
import type { PlanNode } from './types.js';
import { numberProp, stringProp } from './accessors.js';

export interface NodeTiming {
  /** Wall-clock ms in the node and everything it ran. */
  readonly inclusiveMs: number;
  /** Wall-clock ms in the node alone, never negative. */
  readonly exclusiveMs: number;
}

const rootOf = new WeakMap<PlanNode, PlanNode>();
const timingOf = new WeakMap<PlanNode, ReadonlyMap<PlanNode, NodeTiming>>();

/** Remembers each node's root so per-node helpers can see the whole plan. Called by `buildPlan`. */
export function registerPlanRoot(root: PlanNode): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    rootOf.set(node, root);
    for (const child of node.children) stack.push(child);
  }
}

function relationship(node: PlanNode): string | undefined {
  return stringProp(node, 'Parent Relationship');
}

/** Time x loops / processes sharing the loops (1 outside a parallel section). */
function wallInclusive(node: PlanNode, processes: number): number {
  const perLoop = numberProp(node, 'Actual Total Time');
  if (perLoop === undefined) return 0;
  const loops = numberProp(node, 'Actual Loops') ?? 1;
  return (perLoop * Math.max(loops, 0)) / Math.max(processes, 1);
}

/** Text that may mention an InitPlan's output: all string props of the node. */
function mentions(node: PlanNode, patterns: readonly RegExp[]): boolean {
  for (const value of Object.values(node.props)) {
    const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    for (const text of texts) if (patterns.some((pattern) => pattern.test(text))) return true;
  }
  return false;
}

/** What an InitPlan's output is called in expressions: `$0` (PostgreSQL < 16) or `(InitPlan 1)` (16+). */
function initPlanPatterns(subplanName: string): RegExp[] {
  const patterns: RegExp[] = [];
  const number = /^InitPlan (\d+)/.exec(subplanName);
  if (number !== null) patterns.push(new RegExp(`\\(InitPlan ${number[1]}\\)`));
  const returns = /\(returns ([^)]*)\)/.exec(subplanName);
  if (returns !== null) {
    for (const param of returns[1]!.split(',')) {
      const name = param.trim().replace(/^\$/, '');
      if (/^\d+$/.test(name)) patterns.push(new RegExp(`\\$${name}(?!\\d)`));
    }
  }
  return patterns;
}

/** First node below `owner` (pre-order, outside `initPlan`) whose expressions use the InitPlan. */
function initPlanUser(owner: PlanNode, initPlan: PlanNode, patterns: readonly RegExp[]): PlanNode | undefined {
  if (patterns.length === 0 || mentions(owner, patterns)) return undefined;
  const stack = owner.children.filter((child) => child !== initPlan).reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (mentions(node, patterns)) return node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return undefined;
}

/** Inclusive and exclusive wall-clock time of every node of the plan under `root`. */
export function computePlanTiming(root: PlanNode): ReadonlyMap<PlanNode, NodeTiming> {
  const inclusive = new Map<PlanNode, number>();
  const deductions = new Map<PlanNode, number>();
  const cteScans = new Map<string, PlanNode[]>();
  const deduct = (node: PlanNode, ms: number): void => void deductions.set(node, (deductions.get(node) ?? 0) + ms);

  const visit = (node: PlanNode, processes: number): void => {
    inclusive.set(node, wallInclusive(node, processes));
    if (node.nodeType === 'CTE Scan') {
      const name = stringProp(node, 'CTE Name');
      if (name !== undefined) {
        const list = cteScans.get(name);
        if (list === undefined) cteScans.set(name, [node]);
        else list.push(node);
      }
    }
    let inner = processes;
    if (node.nodeType === 'Gather' || node.nodeType === 'Gather Merge') {
      const launched = numberProp(node, 'Workers Launched');
      // The leader usually runs the plan too, hence + 1.
      if (launched !== undefined) inner = launched + 1;
    }
    for (const child of node.children) {
      const isSubplan = relationship(child) === 'InitPlan' || relationship(child) === 'SubPlan';
      visit(child, isSubplan ? processes : inner);
    }
  };
  visit(root, 1);

  // Without a visible reference (non-VERBOSE plans hide some), the InitPlan
  // ran inside the deepest node whose time cannot be explained without it.
  const implicitUser = (owner: PlanNode, initMs: number): PlanNode => {
    let node = owner;
    for (;;) {
      const regular = node.children.filter((child) => relationship(child) !== 'InitPlan' && relationship(child) !== 'SubPlan');
      const childrenMs = regular.reduce((sum, child) => sum + (inclusive.get(child) ?? 0), 0);
      const ownMs = inclusive.get(node) ?? 0;
      if (childrenMs + initMs <= ownMs * 1.01) return node;
      let widest: PlanNode | undefined;
      for (const child of regular) if (widest === undefined || (inclusive.get(child) ?? 0) > (inclusive.get(widest) ?? 0)) widest = child;
      if (widest === undefined || (inclusive.get(widest) ?? 0) < initMs) return node;
      node = widest;
    }
  };

  const ctes: { node: PlanNode; name: string }[] = [];
  const attribute = (node: PlanNode): void => {
    for (const child of node.children) {
      const childMs = inclusive.get(child) ?? 0;
      const kind = relationship(child);
      const subplanName = stringProp(child, 'Subplan Name') ?? '';
      if (kind === 'InitPlan' && subplanName.startsWith('CTE ')) {
        ctes.push({ node: child, name: subplanName.slice(4).trim() });
      } else if (kind === 'InitPlan') {
        const patterns = initPlanPatterns(subplanName);
        const user = initPlanUser(node, child, patterns) ?? (mentions(node, patterns) ? node : implicitUser(node, childMs));
        deduct(user, childMs);
      } else {
        deduct(node, childMs);
      }
      attribute(child);
    }
  };
  attribute(root);

  for (const { node, name } of ctes) {
    const scans = cteScans.get(name) ?? cteScans.get(name.replace(/^"(.*)"$/, '$1')) ?? [];
    // The CTE runs while its scans pull rows, so each scan holds part of its
    // time; a scan cannot hold more than its own inclusive time. Taken in
    // plan order, which is the order scans usually first read.
    let remaining = inclusive.get(node) ?? 0;
    for (const scan of scans) {
      const share = Math.min(remaining, inclusive.get(scan) ?? 0);
      deduct(scan, share);
      remaining -= share;
    }
  }

  const result = new Map<PlanNode, NodeTiming>();
  for (const [node, inclusiveMs] of inclusive) {
    result.set(node, { inclusiveMs, exclusiveMs: Math.max(0, inclusiveMs - (deductions.get(node) ?? 0)) });
  }
  return result;
}

/** Timing of one node, computed once per plan (the node's plan when `buildPlan` made it, else its own subtree). */
export function nodeTiming(node: PlanNode): NodeTiming {
  const root = rootOf.get(node) ?? node;
  let timing = timingOf.get(root);
  if (timing === undefined) {
    timing = computePlanTiming(root);
    timingOf.set(root, timing);
  }
  return timing.get(node) ?? { inclusiveMs: 0, exclusiveMs: 0 };
}
