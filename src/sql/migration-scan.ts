/**
 * A small lexical pass over a migration file, run before PostgreSQL's parser.
 * It finds what the parser cannot take (psql meta-commands, COPY ... FROM stdin
 * data, tool placeholders such as `${schema}`) and masks it with blanks of the
 * same length, so every character offset in the masked text is the offset in
 * the original. It also records comments (for ignore directives) and a
 * statement split, used when the whole file does not parse.
 */

/** A half-open range of UTF-16 offsets into the file text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export interface SqlComment extends TextRange {
  /** The comment text without its `--` or `/* *\/` markers, trimmed. */
  readonly body: string;
}

export interface MaskedRegion extends TextRange {
  readonly kind: 'psql-meta-command' | 'copy-data' | 'placeholder';
}

export interface MigrationScan {
  /** The text with masked regions blanked (newlines kept), same length as the input. */
  readonly masked: string;
  readonly comments: readonly SqlComment[];
  readonly masks: readonly MaskedRegion[];
  /** Statement ranges from the first significant character to the terminating `;` (inclusive) or end of text. */
  readonly statements: readonly TextRange[];
}

const COPY_FROM_STDIN = /^\s*copy\b[\s\S]*\bfrom\s+stdin\b/i;
/**
 * A run of characters that mean nothing to this scanner (names, numbers, operators): skipped with
 * one native regex match instead of one loop turn per character, which on a cold start (interpreted
 * JavaScript) made this scan several times slower. Excluded: whitespace and every character a
 * branch below looks at.
 */
const ORDINARY_RUN = /[^\s\-/\\;'"${]+/y;

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(ch);
}

/** Scans `text`; never throws: unterminated strings or comments run to the end of the text. */
export function scanMigration(text: string): MigrationScan {
  const comments: SqlComment[] = [];
  const masks: MaskedRegion[] = [];
  const statements: TextRange[] = [];
  const length = text.length;
  let statementStart = -1;
  let atLineStart = true;
  let i = 0;

  const endStatement = (end: number): void => {
    if (statementStart >= 0) statements.push({ start: statementStart, end });
    statementStart = -1;
  };
  // A line ends at LF, CRLF or a lone CR (old Mac files).
  const lineEnd = (from: number): number => {
    for (let j = from; j < length; j++) {
      const c = text.charCodeAt(j);
      if (c === 10 || c === 13) return j;
    }
    return length;
  };

  while (i < length) {
    const ch = text[i] as string;
    if (ch === '\n' || ch === '\r') {
      atLineStart = true;
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\v') {
      i++;
      continue;
    }
    const lineStart = atLineStart;
    atLineStart = false;
    const next = text[i + 1];
    if (ch === '-' && next === '-') {
      const end = lineEnd(i);
      comments.push({ start: i, end, body: text.slice(i + 2, end).trim() });
      i = end;
      continue;
    }
    if (ch === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < length && depth > 0) {
        if (text[j] === '/' && text[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (text[j] === '*' && text[j + 1] === '/') {
          depth--;
          j += 2;
        } else j++;
      }
      const bodyEnd = depth === 0 ? j - 2 : j;
      comments.push({ start: i, end: j, body: text.slice(i + 2, bodyEnd).trim() });
      i = j;
      continue;
    }
    if (ch === '\\' && lineStart) {
      // psql meta-command (\set, \connect, \i ...): runs to the end of the line and ends any statement.
      endStatement(i);
      const end = lineEnd(i);
      masks.push({ start: i, end, kind: 'psql-meta-command' });
      i = end;
      continue;
    }
    if (statementStart < 0) statementStart = i;
    ORDINARY_RUN.lastIndex = i;
    if (ORDINARY_RUN.test(text)) {
      i = ORDINARY_RUN.lastIndex;
      continue;
    }
    if (ch === ';') {
      endStatement(i + 1);
      i++;
      const last = statements[statements.length - 1];
      if (last !== undefined && COPY_FROM_STDIN.test(text.slice(last.start, last.end))) {
        i = maskCopyData(text, i, masks);
      }
      continue;
    }
    if (ch === "'") {
      const escapes = (text[i - 1] === 'E' || text[i - 1] === 'e') && !isIdentChar(text[i - 2]);
      i = skipQuoted(text, i, "'", escapes);
      continue;
    }
    if (ch === '"') {
      i = skipQuoted(text, i, '"', false);
      continue;
    }
    if (ch === '$' && !isIdentChar(text[i - 1])) {
      if (next === '{') {
        const close = text.indexOf('}', i);
        const end = close < 0 || text.slice(i, close).includes('\n') ? -1 : close + 1;
        if (end > 0) {
          masks.push({ start: i, end, kind: 'placeholder' });
          i = end;
          continue;
        }
      }
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64));
      if (tag !== null) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? length : close + tag[0].length;
        continue;
      }
    }
    if (ch === '{' && next === '{') {
      const close = text.indexOf('}}', i);
      if (close > 0 && !text.slice(i, close).includes('\n')) {
        masks.push({ start: i, end: close + 2, kind: 'placeholder' });
        i = close + 2;
        continue;
      }
    }
    i++;
  }
  endStatement(length);
  return { masked: applyMasks(text, masks), comments, masks, statements };
}

function skipQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let j = start + 1;
  if (!backslashEscapes) {
    // Jump from quote to quote; a doubled quote stands for one and goes on.
    for (;;) {
      const close = text.indexOf(quote, j);
      if (close < 0) return text.length;
      if (text[close + 1] !== quote) return close + 1;
      j = close + 2;
    }
  }
  while (j < text.length) {
    const c = text[j];
    if (backslashEscapes && c === '\\') {
      j += 2;
      continue;
    }
    if (c === quote) {
      if (text[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return text.length;
}

/** COPY ... FROM stdin data runs from the next line to a line holding only `\.` (or the end of the text). */
function maskCopyData(text: string, from: number, masks: MaskedRegion[]): number {
  const nl = text.indexOf('\n', from);
  if (nl < 0) return text.length;
  const dataStart = nl + 1;
  const terminator = /^\\\.[ \t\r]*$/m;
  terminator.lastIndex = 0;
  const rest = text.slice(dataStart);
  const found = terminator.exec(rest);
  const end = found === null ? text.length : dataStart + found.index + found[0].length;
  masks.push({ start: dataStart, end, kind: 'copy-data' });
  return end;
}

function applyMasks(text: string, masks: readonly MaskedRegion[]): string {
  if (masks.length === 0) return text;
  let out = '';
  let last = 0;
  for (const mask of masks) {
    out += text.slice(last, mask.start);
    const fill = mask.kind === 'placeholder' ? '_' : ' ';
    // Keep newlines so line numbers stay right; keep length so offsets stay right.
    out += text.slice(mask.start, mask.end).replace(/[^\n]/g, fill);
    last = mask.end;
  }
  return out + text.slice(last);
}
