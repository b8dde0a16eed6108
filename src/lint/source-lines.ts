/** Offset <-> 1-based line and column for one file's text (LF, CRLF and CR line ends). */
export class SourceLines {
  #starts: number[] | undefined;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  /** Offsets where lines start, found on first use: most files of a run have nothing to report. */
  #lineStarts(): number[] {
    if (this.#starts !== undefined) return this.#starts;
    const starts = [0];
    // A regex finds the line ends natively (a loop over every character would run in V8's interpreter
    // on a cold CLI run); test(), unlike exec(), allocates no match.
    const lineEnd = /\r\n?|\n/g;
    while (lineEnd.test(this.#text)) starts.push(lineEnd.lastIndex);
    this.#starts = starts;
    return starts;
  }

  /** 1-based line and column of a UTF-16 offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.#lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  /** The offset where a 1-based line starts; the text's length past the last line. */
  lineStart(line: number): number {
    return this.#lineStarts()[line - 1] ?? this.#text.length;
  }

  /** The text of a 1-based line without its line end. */
  lineText(line: number): string {
    const starts = this.#lineStarts();
    const start = starts[line - 1];
    if (start === undefined) return '';
    const next = starts[line];
    return this.#text.slice(start, next === undefined ? this.#text.length : next).replace(/\r?\n$|\r$/, '');
  }

  get lineCount(): number {
    return this.#lineStarts().length;
  }
}
