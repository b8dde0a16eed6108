/**
 * SQL identifiers as EXPLAIN's text format prints them ("public.orders",
 * `"mytable:2020"`, `"*VALUES*"`), turned into the raw names EXPLAIN JSON
 * uses (no quotes, schema apart).
 */

/** One possibly-qualified identifier: `a`, `"a b"`, `s.a`, `s."a.b"`. */
const QUALIFIED = /^((?:"(?:[^"]|"")*"|[^\s."]+)(?:\.(?:"(?:[^"]|"")*"|[^\s."]+))*)/;

/** Reads one qualified identifier at the start of `text`; returns it and the rest (leading spaces dropped). */
export function readIdentifier(text: string): { readonly name: string; readonly rest: string } | undefined {
  const match = QUALIFIED.exec(text);
  if (match === null) return undefined;
  const name = match[1]!;
  return { name, rest: text.slice(name.length).trimStart() };
}

/** Splits `s."a.b"` into unquoted parts `["s", "a.b"]`. */
export function splitQualified(name: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < name.length) {
    if (name[i] === '"') {
      let j = i + 1;
      let part = '';
      while (j < name.length) {
        if (name[j] === '"') {
          if (name[j + 1] === '"') {
            part += '"';
            j += 2;
            continue;
          }
          break;
        }
        part += name[j];
        j++;
      }
      parts.push(part);
      i = j + 1;
    } else {
      const dot = name.indexOf('.', i);
      const end = dot === -1 ? name.length : dot;
      parts.push(name.slice(i, end));
      i = end;
    }
    if (name[i] === '.') i++;
  }
  return parts;
}

/** The unquoted form of one identifier (`"a""b"` → `a"b`). */
export function unquoteIdentifier(name: string): string {
  return splitQualified(name).join('.');
}
