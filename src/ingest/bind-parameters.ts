/**
 * Reads the bind parameters PostgreSQL logs after an extended-protocol
 * statement: `$1 = 'it''s', $2 = NULL, $3 = '42'`.
 */

/**
 * Parses a parameter list (the text after `parameters: `). Returns the values
 * in order ($1 first; gaps are null), or undefined when the text is not a
 * parameter list. Quotes doubled inside a value are undoubled.
 */
export function parseBindParameters(text: string): (string | null)[] | undefined {
  const values: (string | null)[] = [];
  let i = 0;
  const length = text.length;
  while (i < length) {
    if (text.charCodeAt(i) !== 36 /* $ */) return undefined;
    let j = i + 1;
    while (j < length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    if (j === i + 1) return undefined;
    const index = Number(text.slice(i + 1, j)) - 1;
    if (!text.startsWith(' = ', j)) return undefined;
    j += 3;
    let value: string | null;
    if (text.startsWith('NULL', j)) {
      value = null;
      j += 4;
    } else if (text.charCodeAt(j) === 39 /* ' */) {
      let parts = '';
      let from = j + 1;
      for (;;) {
        const quote = text.indexOf("'", from);
        if (quote === -1) return undefined;
        parts += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === 39) {
          parts += "'";
          from = quote + 2;
          continue;
        }
        j = quote + 1;
        break;
      }
      value = parts;
    } else {
      return undefined;
    }
    while (values.length < index) values.push(null);
    values[index] = value;
    if (j >= length) break;
    if (!text.startsWith(', ', j)) return undefined;
    i = j + 2;
  }
  return values;
}
