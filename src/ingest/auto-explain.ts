/**
 * Reads the plan auto_explain logs after `duration: X ms  plan:`, in JSON
 * (`{ "Query Text": ..., "Plan": ... }`) or text (`Query Text: ...` then the
 * tree). Plan parsing itself belongs to src/plan.
 */
import { parsePlanJson, parsePlanText } from '../plan/parse.js';
import type { Plan } from '../plan/types.js';
import { parseBindParameters } from './bind-parameters.js';
import { safeReason } from './error-reason.js';

export interface AutoExplainResult {
  readonly plan?: Plan;
  /** The statement, from `Query Text`; undefined when even that could not be read. */
  readonly query?: string;
  readonly params?: (string | null)[];
  /** Why the plan could not be read, when it could not. */
  readonly error?: string;
}

/** A node line of a text plan: every node shows its costs (auto_explain has no COSTS OFF). */
const NODE_LINE = /\((?:cost=\d|actual (?:time|rows)=)/;
const JSON_QUERY_TEXT = /"Query Text":\s*("(?:[^"\\]|\\.)*")/;

export function parseAutoExplain(body: string): AutoExplainResult {
  const text = body.trim();
  if (text.startsWith('{') || text.startsWith('[')) return parseJsonBody(text);
  return parseTextBody(text);
}

function parseJsonBody(text: string): AutoExplainResult {
  try {
    const plan = parsePlanJson(text);
    const params = plan.props['Query Parameters'];
    const parsedParams = typeof params === 'string' ? parseBindParameters(params) : undefined;
    return {
      plan,
      ...(plan.queryText === undefined ? {} : { query: plan.queryText }),
      ...(parsedParams === undefined ? {} : { params: parsedParams }),
    };
  } catch {
    const quoted = JSON_QUERY_TEXT.exec(text)?.[1];
    let query: string | undefined;
    if (quoted !== undefined) {
      try {
        query = JSON.parse(quoted) as string;
      } catch {
        query = undefined;
      }
    }
    return { error: 'auto_explain JSON plan is incomplete or invalid', ...(query === undefined ? {} : { query }) };
  }
}

function parseTextBody(text: string): AutoExplainResult {
  if (!text.startsWith('Query Text:')) {
    return { error: 'auto_explain text plan without "Query Text:"' };
  }
  const lines = text.split('\n');
  let root = 1;
  let paramsLine: string | undefined;
  while (root < lines.length) {
    const line = lines[root] as string;
    if (line.startsWith('Query Parameters: ')) {
      paramsLine = line.slice(18);
      root++;
      break;
    }
    if (NODE_LINE.test(line)) break;
    root++;
  }
  const query = [(lines[0] as string).slice(11).trimStart(), ...lines.slice(1, paramsLine === undefined ? root : root - 1)].join('\n');
  const params = paramsLine === undefined ? undefined : parseBindParameters(paramsLine);
  const base = { query, ...(params === undefined ? {} : { params }) };
  if (root >= lines.length) return { ...base, error: 'auto_explain text plan has no plan nodes' };
  try {
    const plan = parsePlanText(lines.slice(root).join('\n'));
    return { ...base, plan };
  } catch (error) {
    return { ...base, error: `auto_explain text plan could not be read${safeReason(error)}` };
  }
}
