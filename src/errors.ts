/**
 * The few error kinds pgopt raises on purpose. The CLI prints a known error as
 * one line with a hint and exits 2; anything else is a bug and gets a stack.
 */

/** Wrong flags, options or arguments. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly hint: string | undefined;
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options?.hint;
  }
}

/** Input that pgopt cannot use at all (not one bad entry: those are counted, not thrown). */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly path: string | undefined;
  readonly line: number | undefined;
  constructor(message: string, options?: { path?: string; line?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.path = options?.path;
    this.line = options?.line;
  }
}

/** A database could not be reached or refused what pgopt asked of it. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

export type KnownError = UsageError | InputError | ConnectionError;

/** True for the errors pgopt raises on purpose and can explain in one line. */
export function isKnownError(error: unknown): error is KnownError {
  return error instanceof UsageError || error instanceof InputError || error instanceof ConnectionError;
}
