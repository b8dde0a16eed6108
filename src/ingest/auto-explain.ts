/**
 * Reads the plan auto_explain logs after `duration: X ms  plan:`, in JSON
 * (`{ "Query Text": ..., "Plan": ... }`) or text (`Query Text: ...` then the
 * tree). Plan parsing itself belongs to src/plan.
 */
import { parsePlanJson } from '../plan/parse.js';
import { DeferredPlan } from '../plan/deferred-plan.js';
import type { Plan } from '../plan/types.js';
import { parseBindParameters } from './bind-parameters.js';
import { detachString } from './detach-string.js';

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

export function parseAutoExplain(body: string): AutoExplainResult {
  const text = body.trim();
  if (text.startsWith('{') || text.startsWith('[')) return parseJsonBody(text);
  return parseTextBody(text);
}

function parseJsonBody(text: string): AutoExplainResult {
  // Most logged plans are never looked at (pgopt keeps a few per statement),
  // so a whole-looking JSON plan is kept as text and parsed only if kept.
  // What is needed now, the query and its parameters, is read directly.
  if (text.endsWith('}') && text.includes('"Plan"')) {
    const query = jsonStringField(text, 'Query Text');
    if (query !== undefined) {
      // "Query Parameters": PostgreSQL 16+.
      const params = jsonStringField(text, 'Query Parameters');
      const parsedParams = params === undefined ? undefined : parseBindParameters(params);
      return { plan: new DeferredPlan(detachString(text), 'json', query), query, ...(parsedParams === undefined ? {} : { params: parsedParams }) };
    }
  }
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
    const query = jsonStringField(text, 'Query Text');
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
  // Parsed only if pgopt keeps this plan (see parseJsonBody).
  return { ...base, plan: new DeferredPlan(lines.slice(root).join('\n'), 'text', detachString(query)) };
}

/**
 * A top-level string value of a JSON plan read without parsing the whole (it
 * may be cut off), by a plain scan: a regular expression over a long string
 * value can exhaust the regex backtracking stack.
 */
function jsonStringField(text: string, name: string): string | undefined {
  const key = text.indexOf(`"${name}"`);
  if (key === -1) return undefined;
  const colon = text.indexOf(':', key + name.length + 2);
  if (colon === -1) return undefined;
  let open = colon + 1;
  while (open < text.length && /\s/.test(text.charAt(open))) open++;
  if (text.charCodeAt(open) !== 34) return undefined;
  let at = open + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote === -1) return undefined;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) {
      try {
        return JSON.parse(text.slice(open, quote + 1)) as string;
      } catch {
        return undefined;
      }
    }
    at = quote + 1;
  }
}
