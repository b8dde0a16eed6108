/**
 * Removes what psql, DBeaver, pgAdmin and log collectors wrap around EXPLAIN
 * output: the column header and its rule, borders of every style (ascii,
 * old-ascii, unicode; border 0, 1, 2), the `+`/`↵` markers of multi-line
 * cells, the `(N rows)` footer, quotes around each line, a leading tab. What
 * is left is the plan as EXPLAIN printed it, one string per line.
 */

const RULE_CHARS = /^[\s\-─═━+┼├┤╞╡╪╟╢╫┌┐└┘╔╗╚╝┬┴╤╧╠╣╥╨|│║]+$/;
const RULE_DASH = /[-─═━]{3}/;
const FOOTER = /^\s*\(\d+ [^\s()]+\)\s*$/;
const SIDE_BORDER = /[|│║]/;

/** A psql/DBeaver rule line such as `-----`, `─────`, `+---+`, `├───┤`, `╞═══╡`. */
export function isRuleLine(line: string): boolean {
  return RULE_DASH.test(line) && RULE_CHARS.test(line);
}

interface FrameGeometry {
  /** Strip a border char (and one space) at the start of each line. */
  readonly leftBorder: boolean;
  /** Strip a border char at the end of each line. */
  readonly rightBorder: boolean;
  /** Strip one leading space (psql border 1). */
  readonly leadingSpace: boolean;
  /** Index, after border stripping, where psql puts `+` for a cell that goes on; -1 when unknown. */
  readonly markerIndex: number;
}

function geometry(header: string, rule: string): FrameGeometry {
  const leftBorder = SIDE_BORDER.test(header.trimStart()[0] ?? '');
  const trimmedHeader = header.trimEnd();
  const rightBorder = SIDE_BORDER.test(trimmedHeader[trimmedHeader.length - 1] ?? '');
  if (leftBorder) {
    // `| cell+|`: after dropping "| " and the final "|", the last char is the marker column.
    return { leftBorder, rightBorder, leadingSpace: false, markerIndex: rule.length - 4 };
  }
  if (rightBorder) return { leftBorder, rightBorder, leadingSpace: false, markerIndex: -1 }; // DBeaver
  if (header.length === rule.length) return { leftBorder, rightBorder, leadingSpace: true, markerIndex: rule.length - 2 };
  if (header.length === rule.length + 1) return { leftBorder, rightBorder, leadingSpace: false, markerIndex: rule.length };
  return { leftBorder, rightBorder, leadingSpace: false, markerIndex: -1 };
}

/** psql's `\pset format wrapped` puts these where a long value goes on in the next line (ascii, unicode). */
const WRAP_MARKS = new Set(['.', '…']);

/**
 * One line without its borders; `wraps` when psql's wrapped format split the
 * value here. `continued` says the line continues a wrapped one, whose margin
 * then holds a wrap mark instead of a space.
 */
function stripBorders(line: string, frame: FrameGeometry, continued: boolean): { text: string; wraps: boolean } {
  let text = line;
  let wraps = false;
  if (frame.leftBorder) {
    const start = text.search(SIDE_BORDER);
    if (start !== -1 && text.slice(0, start).trim() === '') {
      text = text.slice(start + 1);
      if (text.startsWith(' ') || (continued && WRAP_MARKS.has(text[0] ?? ''))) text = text.slice(1);
    }
  }
  if (frame.rightBorder) {
    const trimmed = text.trimEnd();
    if (SIDE_BORDER.test(trimmed[trimmed.length - 1] ?? '')) text = trimmed.slice(0, -1);
  }
  if (frame.leadingSpace && (text.startsWith(' ') || (continued && WRAP_MARKS.has(text[0] ?? '')))) text = text.slice(1);
  if (frame.markerIndex >= 0 && text.length === frame.markerIndex + 1) {
    const last = text[frame.markerIndex]!;
    if (last === '+' || last === '↵' || last === ' ') text = text.slice(0, frame.markerIndex);
    else if (WRAP_MARKS.has(last)) {
      text = text.slice(0, frame.markerIndex);
      wraps = true;
    }
  }
  return { text, wraps };
}

const RECORD = /^-\[ RECORD \d+ \]-*$|^\[ RECORD \d+ \]$/;

/** psql's expanded display (`\x`): one record per plan line, `QUERY PLAN | line`. */
function unexpand(raw: readonly string[]): string[] | undefined {
  const first = raw.findIndex((line) => line.trim() !== '');
  if (first === -1 || !RECORD.test(raw[first]!.trim())) return undefined;
  const sample = raw[first + 1] ?? '';
  const bar = sample.indexOf('| ');
  if (bar === -1) return undefined;
  const out: string[] = [];
  for (let i = first; i < raw.length; i++) {
    const line = raw[i]!;
    if (RECORD.test(line.trim())) continue;
    if (line.trim() === '') continue;
    let text = line.length > bar + 2 ? line.slice(bar + 2) : '';
    const trimmed = text.trimEnd();
    if (trimmed.endsWith('+')) text = trimmed.slice(0, -1);
    out.push(text);
  }
  return out;
}

/** True when most lines end in the `+`/`↵` marker psql adds to multi-line cells. */
function endsWithMarkers(lines: readonly string[]): boolean {
  let marked = 0;
  let total = 0;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === '') continue;
    total++;
    if (trimmed.endsWith('+') || trimmed.endsWith('↵')) marked++;
  }
  return total > 1 && marked * 2 >= total;
}

function stripQuotes(lines: string[]): string[] {
  for (const quote of ['"', "'"]) {
    const nonEmpty = lines.filter((line) => line.trim() !== '');
    if (nonEmpty.length === 0) return lines;
    const trailing = nonEmpty.every((line) => line.trimEnd().endsWith(quote));
    if (!trailing) continue;
    const leading = nonEmpty.every((line) => line.trimStart().startsWith(quote));
    // Both ends quoted is pgAdmin's CSV copy (quotes doubled inside); a plan
    // line never ends with a quote on every line otherwise.
    return lines.map((line) => {
      if (line.trim() === '') return '';
      let text = line.trimEnd().slice(0, -1);
      if (leading) {
        text = text.trimStart().slice(1);
        if (quote === '"') text = text.replaceAll('""', '"');
      }
      return text;
    });
  }
  return lines;
}

/** Splits text into lines without the frame around them. Linear in the input. */
export function unframePlanText(text: string): string[] {
  return unframePlan(text).lines;
}

/** Like `unframePlanText`, also saying how many input lines came before the first one kept (for line numbers). */
export function unframePlan(text: string): { readonly lines: string[]; readonly skippedLines: number } {
  const raw = text.split(/\r?\n|\r/);
  const expanded = unexpand(raw);
  if (expanded !== undefined) return { lines: expanded, skippedLines: 0 };
  let start = 0;
  let frame: FrameGeometry | undefined;
  // The first rule line with a header above it starts the content; anything
  // before (a prompt, the EXPLAIN command, a comment) is not plan.
  const limit = Math.min(raw.length, 400);
  for (let i = 1; i < limit; i++) {
    const line = raw[i]!;
    if (!isRuleLine(line)) continue;
    const header = raw[i - 1]!;
    if (header.trim() === '' || isRuleLine(header)) continue;
    frame = geometry(header, line);
    start = i + 1;
    // A terminal may have wrapped the rule (and the header) onto more lines.
    while (start < raw.length && isRuleLine(raw[start]!)) start++;
    break;
  }
  const out: string[] = [];
  let continued = false;
  for (let i = start; i < raw.length; i++) {
    const line = raw[i]!;
    if (frame !== undefined) {
      if (FOOTER.test(line)) break;
      if (isRuleLine(line)) break; // bottom border
      const { text: content, wraps } = stripBorders(line, frame, continued);
      // A wrapped value is joined back into one line (line numbers after it shift by one).
      if (continued && out.length > 0) {
        out[out.length - 1] += content;
      } else {
        out.push(content);
      }
      continued = wraps;
    } else {
      out.push(line);
    }
  }
  let lines = out;
  if (endsWithMarkers(lines)) {
    const content = lines.find((line) => line.trim() !== '')!.trimStart();
    if (/^[[{<-]|^Plan:/.test(content) || lines.some((line) => line.trimEnd().endsWith('↵'))) {
      lines = lines.map((line) => {
        const trimmed = line.trimEnd();
        return trimmed.endsWith('+') || trimmed.endsWith('↵') ? trimmed.slice(0, -1) : line;
      });
    }
  }
  let skippedLines = start;
  if (frame === undefined) {
    // psql's footer without a frame (\pset format unaligned keeps it).
    const last = lines.findLastIndex((line) => line.trim() !== '');
    if (last !== -1 && FOOTER.test(lines[last]!)) lines = lines.slice(0, last);
    if (lines[0]?.trim() === 'QUERY PLAN') {
      lines = lines.slice(1);
      skippedLines++;
    }
  }
  lines = stripQuotes(lines);
  const nonEmpty = lines.filter((line) => line.trim() !== '');
  if (nonEmpty.length > 0 && nonEmpty.every((line) => line.startsWith('\t'))) lines = lines.map((line) => line.slice(1));
  return { lines, skippedLines };
}
