/**
 * A standalone EXPLAIN plan (JSON, text, psql-framed, XML, YAML): one entry with
 * the plan. A plan is parsed as one piece, so the file is collected, up to a
 * limit, and parsed at the end.
 */
import { parsePlan } from '../plan/parse.js';
import type { Plan } from '../plan/types.js';
import type { EventSink, LineConsumer } from './event-sink.js';
import type { StatementEntry } from './types.js';
import { MAX_PLAN_FILE_CHARS } from './ingest-limits.js';
import { safeReason } from './error-reason.js';

export class ExplainFileReader implements LineConsumer {
  readonly #format: 'explain-json' | 'explain-text';
  readonly #sink: EventSink;
  #lines: string[] = [];
  #chars = 0;
  #firstLine = 0;
  #tooLarge = false;

  constructor(format: 'explain-json' | 'explain-text', sink: EventSink) {
    this.#format = format;
    this.#sink = sink;
  }

  line(text: string, lineNumber: number): void {
    if (this.#tooLarge) return;
    if (this.#firstLine === 0) {
      if (text.trim() === '') return;
      this.#firstLine = lineNumber;
    }
    this.#chars += text.length + 1;
    if (this.#chars > MAX_PLAN_FILE_CHARS) {
      this.#tooLarge = true;
      this.#lines = [];
      this.#sink.error(this.#firstLine, `EXPLAIN plan larger than ${MAX_PLAN_FILE_CHARS} characters, skipped`);
      return;
    }
    this.#lines.push(text);
  }

  badLine(lineNumber: number, reason: string): void {
    this.#sink.error(lineNumber, reason);
  }

  end(): void {
    if (this.#tooLarge || this.#lines.length === 0) return;
    const lines = this.#lines;
    this.#lines = [];
    for (const block of planBlocks(lines)) this.#parse(lines.slice(block.from, block.to).join('\n'), this.#firstLine + block.from);
  }

  #parse(text: string, line: number): void {
    const several = severalJsonPlans(text);
    if (several !== undefined) {
      for (const element of several) this.#parse(element, line);
      return;
    }
    let plan: Plan;
    try {
      // parsePlan looks past psql frames and also reads XML and YAML plans.
      plan = parsePlan(text);
    } catch (error) {
      this.#sink.error(line, `EXPLAIN plan could not be read${safeReason(error)}`);
      return;
    }
    const executionTime = plan.props['Execution Time'];
    const entry: StatementEntry = {
      type: 'statement',
      line,
      query: plan.queryText ?? '',
      plan,
      ...(typeof executionTime === 'number' ? { durationMs: executionTime } : {}),
    };
    this.#sink.entry(entry);
  }
}

/** A psql header line, `QUERY PLAN` alone (unframed output), followed by its rule. */
const HEADER = /^\s*QUERY PLAN\s*$/;
const RULE = /^-+$/;

/**
 * Line ranges of the plans in a file: psql prints one `QUERY PLAN` header per
 * EXPLAIN, so a saved session with several EXPLAINs holds several plans.
 * Framed output and other shapes stay one block for the plan parser.
 */
function planBlocks(lines: readonly string[]): { from: number; to: number }[] {
  const starts: number[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (HEADER.test(lines[i] as string) && RULE.test((lines[i + 1] as string).trim())) starts.push(i);
  }
  if (starts.length < 2) return [{ from: 0, to: lines.length }];
  const blocks = [{ from: 0, to: starts[1] as number }];
  for (let k = 1; k < starts.length; k++) blocks.push({ from: starts[k] as number, to: starts[k + 1] ?? lines.length });
  return blocks;
}

/** The elements of a JSON array holding more than one plan (`[{"Plan": ...}, {"Plan": ...}]`), as JSON texts. */
function severalJsonPlans(text: string): string[] | undefined {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('[')) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!Array.isArray(data) || data.length < 2) return undefined;
  return data.map((element) => JSON.stringify([element]));
}
