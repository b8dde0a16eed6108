/**
 * A fast, allocation-light lexical pass over SQL text that drops comments,
 * folds white space and replaces literals with `?`. Two statements that
 * differ only in literal values get the same key, so the expensive parser
 * (libpg-query's normalize and fingerprint) runs once per key, not once per
 * logged statement. It is a cache key, not a normalizer: the text users see
 * comes from libpg-query.
 */

const enum Char {
  Tab = 9,
  Newline = 10,
  Return = 13,
  Space = 32,
  DoubleQuote = 34,
  Dollar = 36,
  Quote = 39,
  Star = 42,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  UpperE = 69,
  UpperA = 65,
  UpperZ = 90,
  Backslash = 92,
  Underscore = 95,
  LowerA = 97,
  LowerE = 101,
  LowerZ = 122,
}

function isIdentifierChar(code: number): boolean {
  return (
    (code >= Char.LowerA && code <= Char.LowerZ) ||
    (code >= Char.UpperA && code <= Char.UpperZ) ||
    (code >= Char.Zero && code <= Char.Nine) ||
    code === Char.Underscore ||
    code === Char.Dollar ||
    code > 127
  );
}

function isSpace(code: number): boolean {
  return code === Char.Space || code === Char.Newline || code === Char.Tab || code === Char.Return || code === 12;
}

/** Returns the key, or the text itself folded when it is too odd to scan (never throws). */
export function lexicalKey(sql: string): string {
  const length = sql.length;
  let out = '';
  let runStart = 0; // start of the pending verbatim run
  let pendingSpace = false;
  let i = 0;

  const flush = (end: number): void => {
    if (end > runStart) {
      if (pendingSpace && out.length > 0) out += ' ';
      pendingSpace = false;
      out += sql.slice(runStart, end);
    }
  };
  const emit = (text: string): void => {
    if (pendingSpace && out.length > 0) out += ' ';
    pendingSpace = false;
    out += text;
  };

  while (i < length) {
    const code = sql.charCodeAt(i);
    if (isSpace(code)) {
      flush(i);
      while (i < length && isSpace(sql.charCodeAt(i))) i++;
      pendingSpace = true;
      runStart = i;
      continue;
    }
    if (code === Char.Minus && sql.charCodeAt(i + 1) === Char.Minus) {
      flush(i);
      const end = sql.indexOf('\n', i);
      i = end === -1 ? length : end + 1;
      pendingSpace = true;
      runStart = i;
      continue;
    }
    if (code === Char.Slash && sql.charCodeAt(i + 1) === Char.Star) {
      flush(i);
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? length : end + 2;
      pendingSpace = true;
      runStart = i;
      continue;
    }
    if (code === Char.Quote) {
      // A string literal; E'' strings allow backslash escapes. The prefix
      // letter (E, B, X, N, U&) was already copied: drop it from the output.
      const previous = i > 0 ? sql.charCodeAt(i - 1) : 0;
      const escapes = previous === Char.UpperE || previous === Char.LowerE;
      let end = i + 1;
      for (;;) {
        const quote = sql.indexOf("'", end);
        if (quote === -1) {
          end = length;
          break;
        }
        if (escapes) {
          let backslashes = 0;
          for (let k = quote - 1; k > i && sql.charCodeAt(k) === Char.Backslash; k--) backslashes++;
          if (backslashes % 2 === 1) {
            end = quote + 1;
            continue;
          }
        }
        if (sql.charCodeAt(quote + 1) === Char.Quote) {
          end = quote + 2;
          continue;
        }
        end = quote + 1;
        break;
      }
      let keep = i;
      if (keep > runStart && isIdentifierChar(previous) && (keep - 1 === runStart || !isIdentifierChar(sql.charCodeAt(keep - 2)))) keep--;
      flush(keep);
      emit('?');
      i = end;
      runStart = i;
      continue;
    }
    if (code === Char.DoubleQuote) {
      const end = sql.indexOf('"', i + 1);
      i = end === -1 ? length : end + 1;
      continue;
    }
    if (code === Char.Dollar) {
      const next = sql.charCodeAt(i + 1);
      if (next >= Char.Zero && next <= Char.Nine) {
        // $n parameter: keep verbatim
        i += 2;
        while (i < length && sql.charCodeAt(i) >= Char.Zero && sql.charCodeAt(i) <= Char.Nine) i++;
        continue;
      }
      if (i === 0 || !isIdentifierChar(sql.charCodeAt(i - 1))) {
        // dollar-quoted string $tag$...$tag$
        let tagEnd = i + 1;
        while (tagEnd < length && sql.charCodeAt(tagEnd) !== Char.Dollar && isIdentifierChar(sql.charCodeAt(tagEnd))) tagEnd++;
        if (sql.charCodeAt(tagEnd) === Char.Dollar) {
          const tag = sql.slice(i, tagEnd + 1);
          const close = sql.indexOf(tag, tagEnd + 1);
          flush(i);
          emit('?');
          i = close === -1 ? length : close + tag.length;
          runStart = i;
          continue;
        }
      }
      i++;
      continue;
    }
    if ((code >= Char.Zero && code <= Char.Nine) || (code === Char.Dot && isDigit(sql.charCodeAt(i + 1)))) {
      if (i > 0 && isIdentifierChar(sql.charCodeAt(i - 1))) {
        i++;
        continue;
      }
      flush(i);
      i++;
      while (i < length) {
        const c = sql.charCodeAt(i);
        if (isDigit(c) || c === Char.Dot || c === Char.Underscore) i++;
        else if ((c === Char.LowerE || c === Char.UpperE) && (isDigit(sql.charCodeAt(i + 1)) || sql.charCodeAt(i + 1) === Char.Minus || sql.charCodeAt(i + 1) === 43)) i += 2;
        else if (isIdentifierChar(c)) i++; // 0x1F, 1_000 and similar
        else break;
      }
      emit('?');
      runStart = i;
      continue;
    }
    i++;
  }
  flush(length);
  return out;
}

function isDigit(code: number): boolean {
  return code >= Char.Zero && code <= Char.Nine;
}
