/**
 * Plan expressions ("Filter", "Index Cond") carry the query's literals, and
 * literals from logs may be personal data: pgopt never prints them unless
 * asked. This replaces string and numeric constants with `$n` markers while
 * keeping column names and operators, which is what a finding needs.
 */

// Quoted strings (with '' escapes, optional E/B/X prefix), then bare numbers
// not glued to an identifier (t1.col2 keeps its digits).
const literalPattern = /(?:\b[EeBbXx])?'(?:[^']|'')*'|(?<![\w$."])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w"])/g;

/** "(status = 'paid'::text) AND (total > 100)" -> "(status = $1::text) AND (total > $2)". */
export function redactLiterals(expression: string): string {
  let n = 0;
  return expression.replace(literalPattern, () => `$${++n}`);
}
