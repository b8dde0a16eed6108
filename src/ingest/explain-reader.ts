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
    const text = this.#lines.join('\n');
    this.#lines = [];
    let plan: Plan;
    try {
      // parsePlan looks past psql frames and also reads XML and YAML plans.
      plan = parsePlan(text);
    } catch (error) {
      this.#sink.error(this.#firstLine, `EXPLAIN plan could not be read${safeReason(error)}`);
      return;
    }
    const executionTime = plan.props['Execution Time'];
    const entry: StatementEntry = {
      type: 'statement',
      line: this.#firstLine,
      query: plan.queryText ?? '',
      plan,
      ...(typeof executionTime === 'number' ? { durationMs: executionTime } : {}),
    };
    this.#sink.entry(entry);
  }
}
