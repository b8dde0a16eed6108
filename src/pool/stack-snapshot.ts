/**
 * Call stacks kept for leak and nested-acquire reports. Capturing is cheap;
 * V8 formats the text only when `stack` is first read, which happens only
 * when a report is made.
 */

/** A captured call stack; read it with {@link stackText}. */
export interface StackSnapshot {
  readonly stack?: string;
}

/** Captures the caller's stack, starting below `publicMethod`. */
export function captureStack(publicMethod: (...args: never[]) => unknown): StackSnapshot {
  const snapshot: { stack?: string } = {};
  Error.captureStackTrace(snapshot, publicMethod);
  return snapshot;
}

/** The stack as text, without the leading "Error" line. */
export function stackText(snapshot: StackSnapshot): string {
  return (snapshot.stack ?? '').replace(/^Error\n/, '');
}

/** Used when stacks are not captured (leak detection and nested-acquire detection both off). */
export const noStack: StackSnapshot = { stack: '(stack not captured: set leakDetectionMillis or detectNestedAcquire)' };
