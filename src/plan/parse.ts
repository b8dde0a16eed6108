/**
 * Entry points for turning EXPLAIN output of any format into a `Plan`:
 * JSON, text (plain, psql-framed, terminal-wrapped, auto_explain's), YAML and
 * XML, each also inside psql's frame.
 */
import type { Plan } from './types.js';
import { buildPlan } from './build.js';
import { textPlanToJson } from './parse-text.js';
import { unframePlanText } from './unframe.js';
import { yamlPlanToJson } from './parse-yaml.js';
import { xmlPlanToJson } from './parse-xml.js';

/** The formats `parsePlan` recognises. */
export type PlanFormat = 'json' | 'text' | 'yaml' | 'xml';

/**
 * Parses EXPLAIN (FORMAT JSON) text. Throws an Error with a one-sentence reason.
 *
 * @example
 * parsePlanJson('[{"Plan": {"Node Type": "Result"}}]').root.nodeType; // "Result"
 */
export function parsePlanJson(text: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid EXPLAIN JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return buildPlan(data);
}

/**
 * Parses EXPLAIN text output (plain, psql-framed in any border style,
 * hard-wrapped by a terminal, or auto_explain's with "Query Text:") into the
 * tree EXPLAIN (FORMAT JSON) would give. Throws an Error with a reason.
 *
 * @example
 * parsePlanText('Seq Scan on t  (cost=0.00..1.10 rows=10 width=4)').root.nodeType; // "Seq Scan"
 */
export function parsePlanText(text: string): Plan {
  return buildPlan(textPlanToJson(text));
}

/** Which format a plan is in, looking past any psql frame; the content lines come along. */
export function detectPlanFormat(text: string): { readonly format: PlanFormat; readonly content: string } {
  const trimmed = text.trimStart();
  if (/^(?:\[\s*[{\]]|\{\s*["}])/.test(trimmed)) return { format: 'json', content: trimmed };
  if (/^<(?:\?xml|explain)\b/.test(trimmed)) return { format: 'xml', content: trimmed };
  const lines = unframePlanText(text);
  const first = lines.find((line) => line.trim() !== '')?.trimStart() ?? '';
  const content = lines.join('\n');
  if (first.startsWith('[') || first.startsWith('{')) return { format: 'json', content };
  if (first.startsWith('<')) return { format: 'xml', content };
  if (/^- Plan:|^Plan:|^- Query Text:|^Query Text: "/.test(first)) return { format: 'yaml', content };
  return { format: 'text', content: text };
}

/**
 * Parses a plan in whatever format it is (JSON, text, YAML or XML, framed by
 * psql or not). Throws an Error with a one-sentence reason (and a line number
 * where one applies) when the input is not a plan or is cut off.
 *
 * @example
 * const plan = parsePlan(readFileSync('plan.txt', 'utf8'));
 * for (const { node } of walkPlan(plan.root)) console.log(describeNode(node), exclusiveTimeMs(node));
 */
export function parsePlan(text: string): Plan {
  const { format, content } = detectPlanFormat(text);
  switch (format) {
    case 'json':
      return parsePlanJson(content);
    case 'xml':
      return buildPlan(xmlPlanToJson(content));
    case 'yaml':
      return buildPlan(yamlPlanToJson(content));
    default:
      return parsePlanText(content);
  }
}
