/**
 * Normalization and fingerprinting of logged statements, with a cache so that
 * PostgreSQL's parser runs once per distinct statement shape. Literals never
 * survive into a shape: libpg-query replaces them with `$n`, and the lexical
 * fallback (for text the parser rejects) replaces them with `$n` too.
 */
import { hexDigest } from '../hash.js';
import { fingerprintWithLibpg, normalizeWithLibpg, parseSqlTree } from './libpg.js';
import { lexicalKey } from './lexical-key.js';
import { tablesOf } from './tables.js';

export interface StatementShape {
  /** libpg-query's fingerprint (16 hex digits), or `x` + a hash of the lexical form when the parser rejected the text. */
  readonly fingerprint: string;
  /** The statement with every literal replaced by `$n`. */
  readonly normalized: string;
  /** False when PostgreSQL's parser rejected the statement. */
  readonly parsed: boolean;
  readonly tables: readonly string[];
}

export interface StatementShapeCacheOptions {
  /** Distinct lexical forms kept before the cache starts over; bounds memory on logs of ad-hoc SQL. */
  readonly maxEntries?: number;
}

export class StatementShapeCache {
  readonly #byKey = new Map<string, StatementShape>();
  readonly #byText = new Map<string, StatementShape>();
  readonly #maxEntries: number;
  #parserRuns = 0;

  constructor(options: StatementShapeCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 50_000;
  }

  /** How many times PostgreSQL's parser ran (for tests and benchmarks). */
  get parserRuns(): number {
    return this.#parserRuns;
  }

  shape(sql: string): StatementShape {
    // Parameterized statements repeat verbatim: skip the lexical pass for them.
    const exact = this.#byText.get(sql);
    if (exact !== undefined) return exact;
    const shape = this.#shapeOf(sql);
    if (this.#byText.size >= this.#maxEntries) this.#byText.clear();
    this.#byText.set(sql, shape);
    return shape;
  }

  #shapeOf(sql: string): StatementShape {
    const key = lexicalKey(sql);
    const cached = this.#byKey.get(key);
    if (cached !== undefined) return cached;
    const shape = this.#compute(sql, key);
    if (this.#byKey.size >= this.#maxEntries) this.#byKey.clear();
    this.#byKey.set(key, shape);
    return shape;
  }

  #compute(sql: string, key: string): StatementShape {
    // An empty text has no shape (the parser refuses it).
    if (key.trim() === '' || key.trim() === ';') return EMPTY_SHAPE;
    this.#parserRuns++;
    try {
      const normalized = normalizeWithLibpg(sql);
      const fingerprint = fingerprintWithLibpg(sql);
      let tables: readonly string[] = [];
      try {
        tables = tablesOf(parseSqlTree(sql));
      } catch {
        // normalize accepted it, so parse will too; keep the shape regardless
      }
      return { fingerprint, normalized: collapseWhitespace(normalized), parsed: true, tables };
    } catch {
      return lexicalShape(key);
    }
  }
}

/** A plan or entry that came without any query text. */
const EMPTY_SHAPE: StatementShape = { fingerprint: 'x000000000000000', normalized: '(no query text)', parsed: false, tables: [] };

/** The shape of a statement PostgreSQL's parser rejected (a truncated log line, a vendor extension). */
function lexicalShape(key: string): StatementShape {
  let n = 0;
  const normalized = key.replace(/\?/g, () => `$${++n}`);
  const fingerprint = 'x' + hexDigest('sha1', key).slice(0, 15);
  return { fingerprint, normalized, parsed: false, tables: [] };
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
