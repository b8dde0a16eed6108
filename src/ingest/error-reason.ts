/**
 * The reason of a parser error, fit for a report: parser messages may quote
 * the text they choked on, and log text can hold personal data, so a reason
 * that quotes anything is left out.
 */
export function safeReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/["'`]/.test(message) || message.length > 160) return '';
  return ` (${message})`;
}
