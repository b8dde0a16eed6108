/**
 * Classifies a log message by what it says about a statement. Cheap
 * `startsWith` checks only: this runs for every message of a log.
 */

export type LogMessage =
  /** `extended`: an `execute` line (extended protocol) rather than `statement:` (simple protocol). */
  | { readonly kind: 'statement'; readonly durationMs: number | undefined; readonly query: string; readonly extended: boolean }
  | { readonly kind: 'plan'; readonly durationMs: number; readonly body: string }
  /** `parse`/`bind` durations and bare `duration: X ms` (log_duration): not statements, as pgBadger counts. */
  | { readonly kind: 'other-duration' }
  | { readonly kind: 'other' };

const OTHER: LogMessage = { kind: 'other' };
const OTHER_DURATION: LogMessage = { kind: 'other-duration' };

/** True when a message may be about a statement; used to skip the rest early. */
export function mayDescribeStatement(message: string, from = 0): boolean {
  return message.startsWith('duration:', from) || message.startsWith('statement:', from) || message.startsWith('execute ', from);
}

/** True for `duration: X ms  parse ...` and `... bind ...`: checked before anything is built for the line. */
export function isParseOrBindDuration(message: string, from = 0): boolean {
  if (!message.startsWith('duration:', from)) return false;
  const unit = message.indexOf(' ms', from + 9);
  if (unit === -1 || unit > from + 40) return false;
  let at = unit + 3;
  while (message.charCodeAt(at) === 32) at++;
  return message.startsWith('parse ', at) || message.startsWith('bind ', at);
}

/** Reads `duration: 1.5 ms  statement: ...`, `execute <name>: ...`, `plan:` and friends. */
export function parseLogMessage(message: string): LogMessage {
  let durationMs: number | undefined;
  let at = 0;
  if (message.startsWith('duration:')) {
    at = 9;
    while (message.charCodeAt(at) === 32) at++;
    const unit = message.indexOf(' ms', at);
    if (unit === -1) return OTHER;
    durationMs = Number(message.slice(at, unit));
    if (!Number.isFinite(durationMs)) return OTHER;
    at = unit + 3;
    while (message.charCodeAt(at) === 32) at++;
    if (at >= message.length) return OTHER_DURATION;
  }
  if (message.startsWith('statement:', at)) {
    return { kind: 'statement', durationMs, query: message.slice(skipSpace(message, at + 10)), extended: false };
  }
  if (message.startsWith('execute ', at)) {
    // `execute <unnamed>: `, `execute S_1: `, `execute stmt/portal: `, `execute fetch from S_1/C_2: `
    const colon = message.indexOf(': ', at + 8);
    const newline = message.indexOf('\n', at);
    if (colon === -1 || (newline !== -1 && newline < colon)) return durationMs === undefined ? OTHER : OTHER_DURATION;
    return { kind: 'statement', durationMs, query: message.slice(colon + 2), extended: true };
  }
  if (durationMs !== undefined && message.startsWith('plan:', at)) {
    return { kind: 'plan', durationMs, body: message.slice(at + 5) };
  }
  return durationMs === undefined ? OTHER : OTHER_DURATION;
}

function skipSpace(text: string, at: number): number {
  while (text.charCodeAt(at) === 32) at++;
  return at;
}
