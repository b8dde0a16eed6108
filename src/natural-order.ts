/**
 * File names in the order people number them: `2_x.sql` before `10_x.sql`. One collator for the
 * whole run: `localeCompare` with options builds a new one per comparison, thousands per directory.
 */
export const naturalOrder: (a: string, b: string) => number = new Intl.Collator('en', { numeric: true }).compare;

/** Plain code-unit order for ASCII ids (rule ids), without the cost of a locale-aware comparison. */
export function idOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
