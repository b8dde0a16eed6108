/** Defaults for the linter's settings, in one place, and parsing of `--pg-version`. */
import { UsageError } from '../errors.js';
import type { LintSettings, PgVersion } from './types.js';

/** The newest PostgreSQL major the linter knows. */
export const NEWEST_PG_MAJOR = 18;

export const DEFAULT_LINT_SETTINGS: LintSettings = {
  pgVersion: { major: NEWEST_PG_MAJOR, minor: undefined },
  assumeInTransaction: false,
  transactionPreset: 'none',
  runnerSetsTimeouts: false,
};

/** Parses `18`, `14.2`, `9.6` (a pre-10 version keeps its second number as the major's fraction). */
export function parsePgVersion(text: string | number): PgVersion {
  const raw = String(text).trim();
  const match = /^(\d+)(?:\.(\d+))?(?:\.\d+)?$/.exec(raw);
  if (match === null) throw new UsageError(`invalid PostgreSQL version "${raw}"`, { hint: 'use a version like 16 or 14.2' });
  const major = Number(match[1]);
  const second = match[2] === undefined ? undefined : Number(match[2]);
  if (major < 10) return { major: major + (second ?? 0) / 10, minor: undefined };
  return { major, minor: second };
}

export function formatPgVersion(version: PgVersion): string {
  return version.minor === undefined ? String(version.major) : `${version.major}.${version.minor}`;
}
