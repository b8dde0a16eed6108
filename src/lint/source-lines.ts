/** Offset <-> 1-based line and column for one file's text (LF, CRLF and CR line ends). */
export class SourceLines {
  readonly #starts: number[] = [0];
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
    // A regex finds the line ends natively; a loop over every character runs in V8's interpreter
    // on a cold CLI run, for every file linted.
    const lineEnd = /\r\n?|\n/g;
    while (lineEnd.exec(text) !== null) this.#starts.push(lineEnd.lastIndex);
  }

  /** 1-based line and column of a UTF-16 offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.#starts[lo] as number) + 1 };
  }

  /** The text of a 1-based line without its line end. */
  lineText(line: number): string {
    const start = this.#starts[line - 1];
    if (start === undefined) return '';
    const next = this.#starts[line];
    return this.#text.slice(start, next === undefined ? this.#text.length : next).replace(/\r?\n$|\r$/, '');
  }

  get lineCount(): number {
    return this.#starts.length;
  }
}
