/**
 * Names and DDL for suggested indexes. The DDL is complete and runnable as it
 * is: `CREATE INDEX CONCURRENTLY IF NOT EXISTS <name> ON <schema>.<table> ...`.
 */
import { hexDigest } from '../hash.js';
import { quoteIdentifier } from '../sql/expression.js';
import type { IndexKey } from './catalog.js';
import type { Candidate } from './candidate.js';
import { candidateId } from './candidate.js';
import type { IndexSuggestion } from './types.js';

const MAX_IDENTIFIER_BYTES = 63;

/** `orders_customer_id_created_at_idx`; shortened with a hash when over PostgreSQL's 63-byte limit. */
export function indexName(candidate: Candidate): string {
  const parts = candidate.keys.map((k) => k.key.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, ''));
  let base = `${candidate.table.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${parts.filter((p) => p !== '').join('_')}`;
  // A partial, covering or GIN variant must not collide with the plain index on the same keys.
  const variant = candidate.where !== null || candidate.include.length > 0 || candidate.using !== 'btree';
  const hash = hexDigest('sha1', candidateId(candidate)).slice(0, 6);
  if (variant) base += `_${hash}`;
  const suffix = candidate.using === 'btree' ? '_idx' : `_${candidate.using}_idx`;
  if (Buffer.byteLength(base + suffix) > MAX_IDENTIFIER_BYTES) {
    base = `${base.slice(0, MAX_IDENTIFIER_BYTES - suffix.length - 8)}_${hash}`;
  }
  return base + suffix;
}

/** A key as the index definition spells it: `created_at DESC`, `(lower(email))`, `name text_pattern_ops`. */
export function keySql(key: IndexKey): string {
  let text = key.expression ? `(${key.key})` : quoteIdentifier(key.key);
  if (key.opclass !== null) text += ` ${key.opclass}`;
  if (key.descending) text += ' DESC';
  return text;
}

/** The key as listed in `IndexSuggestion.columns`: no parentheses around expressions. */
export function keyLabel(key: IndexKey): string {
  let text = key.expression ? key.key : quoteIdentifier(key.key);
  if (key.opclass !== null) text += ` ${key.opclass}`;
  if (key.descending) text += ' DESC';
  return text;
}

/** The statement that creates the candidate, ending with a semicolon. */
export function createIndexSql(candidate: Candidate): string {
  const using = candidate.using === 'btree' ? '' : ` USING ${candidate.using}`;
  let sql = `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdentifier(indexName(candidate))} ON ${quoteIdentifier(candidate.schema)}.${quoteIdentifier(candidate.table)}${using} (${candidate.keys.map(keySql).join(', ')})`;
  if (candidate.include.length > 0) sql += ` INCLUDE (${candidate.include.map(quoteIdentifier).join(', ')})`;
  if (candidate.where !== null) sql += ` WHERE ${candidate.where}`;
  return `${sql};`;
}

/** The same index for `hypopg_create_index`, which takes a plain CREATE INDEX (no CONCURRENTLY, no name). */
export function hypotheticalIndexSql(candidate: Candidate): string {
  const using = candidate.using === 'btree' ? '' : ` USING ${candidate.using}`;
  let sql = `CREATE INDEX ON ${quoteIdentifier(candidate.schema)}.${quoteIdentifier(candidate.table)}${using} (${candidate.keys.map(keySql).join(', ')})`;
  if (candidate.include.length > 0) sql += ` INCLUDE (${candidate.include.map(quoteIdentifier).join(', ')})`;
  if (candidate.where !== null) sql += ` WHERE ${candidate.where}`;
  return sql;
}

/**
 * A migration file for `--emit-migration`: one `CREATE INDEX CONCURRENTLY`
 * per suggestion, outside any transaction block (CONCURRENTLY cannot run in
 * one), each preceded by a comment saying what it serves.
 *
 * @example
 *   await writeFile('migrations/20260101_pgopt_indexes.sql', renderMigration(result.indexes));
 */
export function renderMigration(indexes: readonly IndexSuggestion[]): string {
  const lines = [
    '-- Indexes suggested by pgopt. CREATE INDEX CONCURRENTLY cannot run inside a transaction block:',
    '-- run this file without BEGIN/COMMIT (psql -f, or a migration tool with transactions disabled).',
    '-- A concurrent build waits for its lock behind running transactions (lock_timeout bounds that wait)',
    '-- and may take long on big tables (raise statement_timeout if needed). If a build fails it leaves an',
    '-- INVALID index that IF NOT EXISTS skips: drop it and run the statement again.',
    "SET lock_timeout = '5s';",
    "SET statement_timeout = '2h';",
  ];
  const extensions = new Set<string>();
  for (const index of indexes) {
    if (index.columns.some((c) => c.endsWith(' gin_trgm_ops'))) extensions.add('pg_trgm');
  }
  for (const extension of extensions) lines.push('', `CREATE EXTENSION IF NOT EXISTS ${extension};`);
  for (const index of indexes) {
    lines.push('', `-- ${index.reason.replace(/\s+/g, ' ')}`, index.ddl);
  }
  return `${lines.join('\n')}\n`;
}
