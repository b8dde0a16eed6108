/** Test helper: reads an input through `openInput` and returns its events and summary. */
import { openInput, type ReadInputOptions } from '../../src/ingest/index.js';
import type { IngestError, InputSummary, StatementEntry } from '../../src/ingest/types.js';

export const FIXTURES = new URL('../fixtures/ingest/', import.meta.url);

export function fixture(name: string): string {
  return new URL(name, FIXTURES).pathname;
}

export interface ReadResult {
  readonly format: string;
  readonly entries: StatementEntry[];
  readonly errors: IngestError[];
  readonly summary: InputSummary;
}

export async function readAll(path: string, options?: ReadInputOptions): Promise<ReadResult> {
  const input = await openInput(path, options);
  const entries: StatementEntry[] = [];
  const errors: IngestError[] = [];
  for await (const event of input.events()) {
    if (event.type === 'statement') entries.push(event);
    else errors.push(event);
  }
  entries.sort((a, b) => a.line - b.line);
  return { format: input.format, entries, errors, summary: input.summary() };
}
