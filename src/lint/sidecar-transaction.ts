/**
 * Per-migration transaction settings that Flyway and diesel keep beside the SQL file rather than in it:
 * a migration that must run outside a transaction (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE
 * before PostgreSQL 12) says so there, and the linter must know it to judge CONCURRENTLY correctly.
 *
 * - diesel: `metadata.toml` in the migration's directory, `run_in_transaction = false`;
 * - Flyway: `<script>.conf` beside the script (`V2__add_index.sql.conf`), `executeInTransaction=false`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TransactionPreset } from './types.js';

/** False when the tool's sidecar file says this migration runs outside a transaction, true when it says inside, else undefined. */
export function sidecarTransaction(preset: TransactionPreset, absolutePath: string): boolean | undefined {
  if (preset === 'diesel') return setting(join(dirname(absolutePath), 'metadata.toml'), /^\s*run_in_transaction\s*=\s*(true|false)\s*(?:#.*)?$/m);
  if (preset === 'flyway') return setting(`${absolutePath}.conf`, /^\s*executeInTransaction\s*[=:]\s*(true|false)\s*$/im);
  return undefined;
}

function setting(path: string, pattern: RegExp): boolean | undefined {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // An unreadable sidecar says nothing; the preset's default applies.
    return undefined;
  }
  const value = pattern.exec(text)?.[1];
  return value === undefined ? undefined : value.toLowerCase() === 'true';
}
