/**
 * Statement classification cached per distinct SQL text, so the router's hot
 * path parses each text once. The cache is a bounded LRU: applications with
 * unbounded distinct texts (literals inlined) cost a parse, never memory.
 */
import { classifyWith, compileFunctionLists } from './classify-statement.js';
import type { Classification, ClassifyOptions, FunctionLists } from './classify-statement.js';

export interface StatementClassifierOptions extends ClassifyOptions {
  /** Distinct texts kept; the least recently used is dropped beyond this. Default 2048. */
  readonly maxCacheEntries?: number;
  /** Texts longer than this (in characters) are classified but not cached. Default 16384. */
  readonly maxCachedTextLength?: number;
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
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  readonly #cache = new Map<string, Classification>();
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
      this.#cache.delete(sql);
      this.#cache.set(sql, cached);
      return cached;
    }
    this.#misses++;
    const result = classifyWith(sql, this.#lists);
    if (sql.length <= this.#maxTextLength && this.#maxEntries > 0) {
      if (this.#cache.size >= this.#maxEntries) {
        const oldest = this.#cache.keys().next();
        if (oldest.done !== true) this.#cache.delete(oldest.value);
      }
      this.#cache.set(sql, result);
    }
    return result;
  }

  stats(): ClassifierStats {
    return { hits: this.#hits, misses: this.#misses, size: this.#cache.size };
  }
}
