/**
 * The largest literal OFFSET in a query text, for plans without actual row
 * counts. This is a lexical scan, not a parse: comments, quoted strings and
 * quoted identifiers are blanked first so "offset 10" inside them never
 * counts. A parameter (`OFFSET $1`) has no value and is ignored.
 */

const skipped = /--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*"|\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g;
const offsetLiteral = /\boffset\s+\(?\s*(\d+)/gi;

export function literalOffset(queryText: string): number | undefined {
  const code = queryText.replace(skipped, ' ');
  let largest: number | undefined;
  for (const match of code.matchAll(offsetLiteral)) {
    const value = Number(match[1]);
    if (Number.isSafeInteger(value) && (largest === undefined || value > largest)) largest = value;
  }
  return largest;
}
