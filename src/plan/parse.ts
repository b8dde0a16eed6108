/**
 * Entry points for turning EXPLAIN output of any format into a `Plan`.
 * (The text parser is filled in by src/plan/parse-text.ts.)
 */
import type { Plan } from './types.js';
import { buildPlan } from './build.js';

/** Parses EXPLAIN (FORMAT JSON) text. Throws an Error with a one-sentence reason. */
export function parsePlanJson(text: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid EXPLAIN JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return buildPlan(data);
}

/** Parses EXPLAIN text output (plain, psql-framed, or auto_explain's text). Throws an Error with a reason. */
export function parsePlanText(text: string): Plan {
  void text;
  throw new Error('text plans are not supported yet');
}

/** Parses a plan in whatever format it is (JSON or text). */
export function parsePlan(text: string): Plan {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return parsePlanJson(trimmed);
  return parsePlanText(text);
}
