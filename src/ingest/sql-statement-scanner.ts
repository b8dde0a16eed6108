/**
 * Cuts SQL text into statements at top-level semicolons, line by line:
 * quotes, E'' strings, quoted identifiers, dollar quotes and comments are
 * skipped; psql meta-commands and `COPY ... FROM stdin` data are dropped.
 * It only proposes boundaries: `SqlFileReader` lets PostgreSQL's parser
 * confirm or refine them.
 */

export interface ScannedStatement {
  /** Text between the previous semicolon and this one (exclusive). */
  readonly text: string;
  /** Line where `text` starts. */
  readonly line: number;
}

type Mode = 'normal' | 'single' | 'escape-string' | 'identifier' | 'dollar' | 'block-comment';

const COPY_FROM_STDIN = /^\s*copy\b[\s\S]*\bfrom\s+stdin\b/i;

export class SqlStatementScanner {
  #mode: Mode = 'normal';
  #dollarTag = '';
  #commentDepth = 0;
  #parts: string[] = [];
  #startLine = 0;
  #inCopyData = false;
  /** Whether the statement in progress has anything but blanks and comments yet. */
  #hasCode = false;
  #heldChars = 0;

  /** Feeds one line; returns the statements it completes. */
  line(text: string, lineNumber: number): ScannedStatement[] {
    const done: ScannedStatement[] = [];
    if (this.#inCopyData) {
      if (text === '\\.') this.#inCopyData = false;
      return done;
    }
    if (this.#mode === 'normal' && !this.#hasCode && text.trimStart().startsWith('\\')) return done;
    if (!this.#hasCode) {
      // Leading blank and comment lines are not part of the statement: its line is where code starts.
      this.#parts = [];
      this.#heldChars = 0;
      this.#startLine = lineNumber;
    }
    let from = 0;
    let i = 0;
    const length = text.length;
    while (i < length) {
      const c = text.charCodeAt(i);
      switch (this.#mode) {
        case 'normal':
          if (!this.#hasCode && c !== 32 && c !== 9 && c !== 59 && !(c === 45 && text.charCodeAt(i + 1) === 45) && !(c === 47 && text.charCodeAt(i + 1) === 42)) {
            this.#hasCode = true;
          }
          if (c === 59 /* ; */) {
            this.#parts.push(text.slice(from, i));
            const statement = { text: this.#parts.join('\n'), line: this.#startLine };
            this.#parts = [];
            this.#heldChars = 0;
            this.#startLine = lineNumber;
            this.#hasCode = false;
            from = i + 1;
            if (statement.text.trim() !== '') done.push(statement);

            if (COPY_FROM_STDIN.test(statement.text)) {
              this.#inCopyData = true;
              return done;
            }
          } else if (c === 39 /* ' */) {
            const prev = text.charCodeAt(i - 1);
            this.#mode = (prev === 69 || prev === 101) /* E e */ && !isIdentChar(text.charCodeAt(i - 2)) ? 'escape-string' : 'single';
          } else if (c === 34 /* " */) this.#mode = 'identifier';
          else if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) i = length;
          else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42) {
            this.#mode = 'block-comment';
            this.#commentDepth = 1;
            i++;
          } else if (c === 36 /* $ */ && !isIdentChar(text.charCodeAt(i - 1))) {
            const tag = /^\$[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*\$|^\$\$/.exec(text.slice(i, i + 64));
            if (tag !== null) {
              this.#mode = 'dollar';
              this.#dollarTag = tag[0];
              i += tag[0].length - 1;
            }
          }
          break;
        case 'single':
          if (c === 39) {
            if (text.charCodeAt(i + 1) === 39) i++;
            else this.#mode = 'normal';
          }
          break;
        case 'escape-string':
          if (c === 92 /* \ */) i++;
          else if (c === 39) {
            if (text.charCodeAt(i + 1) === 39) i++;
            else this.#mode = 'normal';
          }
          break;
        case 'identifier':
          if (c === 34) {
            if (text.charCodeAt(i + 1) === 34) i++;
            else this.#mode = 'normal';
          }
          break;
        case 'dollar':
          if (c === 36 && text.startsWith(this.#dollarTag, i)) {
            i += this.#dollarTag.length - 1;
            this.#mode = 'normal';
          }
          break;
        case 'block-comment':
          if (c === 42 /* * */ && text.charCodeAt(i + 1) === 47) {
            i++;
            if (--this.#commentDepth === 0) this.#mode = 'normal';
          } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
            i++;
            this.#commentDepth++;
          }
          break;
      }
      i++;
    }
    this.#parts.push(text.slice(from));
    this.#heldChars += text.length - from + 1;
    return done;
  }

  /** Characters held for the statement in progress. */
  get heldChars(): number {
    return this.#heldChars;
  }

  /** The statement left without a final semicolon, if any. */
  end(): ScannedStatement | undefined {
    const text = this.#parts.join('\n');
    this.#parts = [];
    this.#heldChars = 0;
    return text.trim() === '' || !this.#hasCode ? undefined : { text, line: this.#startLine };
  }

  /** Drops the statement in progress (too long). */
  reset(): void {
    this.#parts = [];
    this.#heldChars = 0;
    this.#mode = 'normal';
    this.#hasCode = false;
  }

  #isBlank(): boolean {
    return this.#parts.every((part) => part.trim() === '');
  }
}

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
