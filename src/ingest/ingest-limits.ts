/**
 * Bounds that keep every reader in constant memory whatever the input holds.
 * One place, so the numbers are documented once.
 */

/** A physical line longer than this is skipped (and counted), never buffered whole. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** A multi-line entry (statement, plan, csv record) longer than this is skipped and counted. */
export const MAX_ENTRY_CHARS = 16 * 1024 * 1024;

/** A standalone EXPLAIN file larger than this is refused: a plan is parsed as one piece. */
export const MAX_PLAN_FILE_CHARS = 64 * 1024 * 1024;

/** Server processes tracked at once to pair statements with their parameters and plans. */
export const MAX_OPEN_SESSIONS = 10_000;

/** Errors kept with their message; all are counted. */
export const MAX_STORED_ERRORS = 100;

/** How much of an input is looked at to detect its format. */
export const SAMPLE_BYTES = 256 * 1024;
