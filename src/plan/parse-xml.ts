/**
 * The subset of XML that `EXPLAIN (FORMAT XML)` emits: nested elements with
 * text, no attributes that matter, the five predefined entities. Tag names
 * are EXPLAIN JSON keys with spaces turned into hyphens.
 */
import type { PlanValue } from './types.js';

interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
}

/** JSON keys that contain a hyphen of their own, so it must not become a space. */
const HYPHENATED = new Map([
  ['One-Time-Filter', 'One-Time Filter'],
  ['Full-sort-Groups', 'Full-sort Groups'],
  ['Pre-sorted-Groups', 'Pre-sorted Groups'],
]);
/** Elements that hold a list (their children are items). */
const LISTS = new Set(['Plans', 'Triggers', 'Workers', 'Output', 'Sort-Key', 'Group-Key', 'Presorted-Key', 'Hash-Key', 'Conflict-Arbiter-Indexes', 'Grouping-Sets', 'Group-Keys', 'Sort-Methods-Used', 'Params-Evaluated', 'Target-Tables']);
/** Elements whose text is never a number even when it looks like one. */
const STRINGS = new Set(['Relation-Name', 'Alias', 'Index-Name', 'Schema', 'CTE-Name', 'Function-Name', 'Subplan-Name', 'Filter', 'Index-Cond', 'Recheck-Cond', 'Join-Filter', 'Hash-Cond', 'One-Time-Filter', 'Query-Text', 'Cache-Key', 'Sort-Space-Type']);

function keyOf(tag: string): string {
  return HYPHENATED.get(tag) ?? tag.replaceAll('-', ' ');
}

function decode(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    switch (entity) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
      default:
        return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
    }
  });
}

function parseElements(text: string): XmlElement {
  const root: XmlElement = { name: '#document', children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (const match of text.matchAll(tag)) {
    const current = stack[stack.length - 1]!;
    current.text += text.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[2] === undefined) continue; // declaration or comment
    if (match[1] === '/') {
      if (current.name !== match[2] || stack.length === 1) throw new Error(`EXPLAIN XML closes <${match[2]}> but <${current.name}> is open`);
      stack.pop();
    } else {
      const element: XmlElement = { name: match[2], children: [], text: '' };
      current.children.push(element);
      if (match[3] !== '/') stack.push(element);
    }
  }
  if (stack.length !== 1) throw new Error(`EXPLAIN XML ends before <${stack[stack.length - 1]!.name}> is closed`);
  return root;
}

function valueOf(element: XmlElement): PlanValue {
  if (LISTS.has(element.name)) return element.children.map(valueOf);
  if (element.children.length > 0) {
    const object: Record<string, PlanValue> = {};
    for (const child of element.children) object[keyOf(child.name)] = valueOf(child);
    return object;
  }
  const text = decode(element.text.trim());
  if (STRINGS.has(element.name)) return text;
  if (/^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}

/** Parses EXPLAIN XML (or auto_explain's) into EXPLAIN JSON data (the first `<Query>`). Throws an Error when it cannot. */
export function xmlPlanToJson(text: string): PlanValue {
  const document = parseElements(text);
  const explain = document.children.find((element) => element.name === 'explain');
  const container = explain ?? document;
  // EXPLAIN wraps each statement in <Query>; auto_explain puts <Query-Text> and <Plan> right under <explain>.
  const query = container.children.find((element) => element.name === 'Query')
    ?? (container.children.some((element) => element.name === 'Plan') ? container : undefined);
  if (query === undefined) throw new Error('EXPLAIN XML has no <Query> or <Plan> element');
  return valueOf(query);
}
