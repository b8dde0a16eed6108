/**
 * Statement classification cached per distinct SQL text, so the router's hot
 * path parses each text once. The cache is bounded and evicts with the CLOCK
 * (second-chance) approximation of LRU: a hit only sets a flag, so the hot path
 * never reorders the map; applications with unbounded distinct texts (literals
 * inlined) cost a parse, never memory.
 */
import { classifyWith, compileFunctionLists } from './classify-statement.js';
import type { Classification, ClassifyOptions, FunctionLists } from './classify-statement.js';

export interface StatementClassifierOptions extends ClassifyOptions {
  /** Distinct texts kept; the least recently used is dropped beyond this. Default 2048. */
  readonly maxCacheEntries?: number;
  /** Texts longer than this (in characters) are classified but not cached. Default 16384. */
  readonly maxCachedTextLength?: number;
}

interface Entry {
  readonly result: Classification;
  used: boolean;
}

export interface ClassifierStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
}

/**
 * @example
 * const classifier = new StatementClassifier({ readOnlyFunctions: ['app.price_of'] })
 * classifier.classify('select app.price_of($1)').kind // 'read', parsed once, then cached
 */
export class StatementClassifier {
  readonly #lists: FunctionLists;
  readonly #maxEntries: number;
  readonly #maxTextLength: number;
  // A Map iterates in insertion order, so its first key is the oldest: the CLOCK hand.
  readonly #cache = new Map<string, Entry>();
  #hits = 0;
  #misses = 0;

  constructor(options: StatementClassifierOptions = {}) {
    this.#lists = compileFunctionLists(options);
    this.#maxEntries = Math.max(0, options.maxCacheEntries ?? 2048);
    this.#maxTextLength = options.maxCachedTextLength ?? 16_384;
  }

  classify(sql: string): Classification {
    const cached = this.#cache.get(sql);
    if (cached !== undefined) {
      this.#hits++;
      cached.used = true;
      return cached.result;
    }
    this.#misses++;
    const result = classifyWith(sql, this.#lists);
    if (sql.length <= this.#maxTextLength && this.#maxEntries > 0) {
      if (this.#cache.size >= this.#maxEntries) this.#evictOne();
      this.#cache.set(sql, { result, used: false });
    }
    return result;
  }

  /** Drops the oldest entry not used since the hand last passed it; used ones get a second chance at the back. */
  #evictOne(): void {
    for (const [sql, entry] of this.#cache) {
      this.#cache.delete(sql);
      if (!entry.used) return;
      entry.used = false;
      this.#cache.set(sql, entry);
    }
  }

  stats(): ClassifierStats {
    return { hits: this.#hits, misses: this.#misses, size: this.#cache.size };
  }
}
