import type { PlanNode } from './types.js';

/** Pre-order walk with each node's parent (undefined for the root). */
export function* walkPlan(root: PlanNode, parent?: PlanNode): Generator<{ node: PlanNode; parent: PlanNode | undefined; depth: number }> {
  const stack: { node: PlanNode; parent: PlanNode | undefined; depth: number }[] = [{ node: root, parent, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    yield item;
    for (let i = item.node.children.length - 1; i >= 0; i--) {
      stack.push({ node: item.node.children[i]!, parent: item.node, depth: item.depth + 1 });
    }
  }
}
