/**
 * How a read picks one of the usable replicas. Least outstanding queries is
 * the default: it follows real load (a slow replica gets fewer queries) where
 * random and round-robin keep feeding a struggling node its share.
 */

/** What a balancer sees of a node. */
export interface BalancedNode {
  readonly name: string;
  /** Relative share of reads; a node with weight 2 takes twice the reads of weight 1. */
  readonly weight: number;
  /** Queries running on the node now. */
  readonly inFlight: number;
}

export type BalanceStrategy = 'least-busy' | 'round-robin' | 'random';

export interface Balancer {
  /** Picks one of `candidates` (never empty). */
  pick<T extends BalancedNode>(candidates: readonly T[]): T;
}

/**
 * @example
 * const balancer = createBalancer('least-busy')
 * balancer.pick([{ name: 'a', weight: 1, inFlight: 3 }, { name: 'b', weight: 1, inFlight: 0 }]).name // 'b'
 */
export function createBalancer(strategy: BalanceStrategy, random: () => number = Math.random): Balancer {
  switch (strategy) {
    case 'least-busy':
      return new LeastBusyBalancer();
    case 'round-robin':
      return new RoundRobinBalancer();
    case 'random':
      return new RandomBalancer(random);
  }
}

/** Lowest (inFlight + 1) / weight wins; ties rotate so idle nodes share a light load. */
class LeastBusyBalancer implements Balancer {
  #rotation = 0;

  pick<T extends BalancedNode>(candidates: readonly T[]): T {
    const count = candidates.length;
    const start = this.#rotation++ % count;
    let best = candidates[start] as T;
    let bestScore = (best.inFlight + 1) / best.weight;
    for (let offset = 1; offset < count; offset++) {
      const node = candidates[(start + offset) % count] as T;
      const score = (node.inFlight + 1) / node.weight;
      if (score < bestScore) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }
}

/** Smooth weighted round-robin: weights 5,1,1 give a a,a,b,a,c,a,a spread rather than a burst of five a's. */
class RoundRobinBalancer implements Balancer {
  readonly #current = new Map<string, number>();

  pick<T extends BalancedNode>(candidates: readonly T[]): T {
    let total = 0;
    let best: T | undefined;
    let bestWeight = Number.NEGATIVE_INFINITY;
    for (const node of candidates) {
      const current = (this.#current.get(node.name) ?? 0) + node.weight;
      this.#current.set(node.name, current);
      total += node.weight;
      if (current > bestWeight) {
        best = node;
        bestWeight = current;
      }
    }
    const chosen = best as T;
    this.#current.set(chosen.name, bestWeight - total);
    return chosen;
  }
}

class RandomBalancer implements Balancer {
  readonly #random: () => number;

  constructor(random: () => number) {
    this.#random = random;
  }

  pick<T extends BalancedNode>(candidates: readonly T[]): T {
    const total = candidates.reduce((sum, node) => sum + node.weight, 0);
    let point = this.#random() * total;
    for (const node of candidates) {
      point -= node.weight;
      if (point < 0) return node;
    }
    return candidates[candidates.length - 1] as T;
  }
}
