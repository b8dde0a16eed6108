/**
 * EXPLAIN's text format (plain, psql-framed, terminal-wrapped, auto_explain's
 * with "Query Text:") turned into the same JSON-shaped data
 * `EXPLAIN (FORMAT JSON)` gives, so one builder makes the `Plan` for both.
 */
import type { PlanValue } from './types.js';
import { looksLikeNodeName, parseNodeHeader, parseWorkerActuals } from './node-header.js';
import {
  applyJitProperty,
  applyNodeProperty,
  jsonKeyName,
  milliseconds,
  parseBuffers,
  parseIoTimings,
  parsePlanningMemory,
  parseSerialization,
  parseSettings,
  scalar,
  type MutableProps,
} from './node-properties.js';
import { unframePlan } from './unframe.js';
import type { TextNode } from './text-node.js';
import { fillPlanWideKeys, fillZeroDefaults, hasActuals, setRelationships } from './text-defaults.js';

type StackEntry =
  | { readonly kind: 'node'; readonly col: number; readonly node: TextNode }
  | { readonly kind: 'label'; readonly col: number; readonly owner: TextNode; readonly relationship: string; readonly name: string }
  | { readonly kind: 'worker'; readonly col: number; readonly owner: TextNode; readonly worker: MutableProps }
  | { readonly kind: 'section'; readonly col: number; readonly name: string; readonly props: MutableProps }
  | { readonly kind: 'skip'; readonly col: number };

const FOOTER = /^\(\d+ [^\s()]+\)$/;
const NODE_DETAILS = /\((?:cost=\d|actual[\s)]|never executed\))/;
const PROPERTY = /^([A-Z][A-Za-z0-9/_-]*(?: [A-Za-z0-9/_()-]+)*?):(?:\s+(.*))?$/;
const TOP_LEVEL_KEYS = new Set([
  'Planning Time', 'Planning time', 'Execution Time', 'Execution time', 'Total runtime', 'Total Runtime', 'JIT', 'Planning',
  'Settings', 'Query Identifier', 'Serialization',
]);
const LABEL = /^(?:(InitPlan|SubPlan)\b.*|CTE (\S.*))$/;
const TARGET_LINE = /^(?:Foreign )?(?:Insert|Update|Delete|Merge) on \S/;
const TRIGGER = /^Trigger(?: (?!for constraint )(.*?))?(?: for constraint (.+?))?(?: on (\S+))?: time=([\d.]+) calls=(\d+)$/;

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/** True for a line that starts something (node, detail, label) rather than continuing a wrapped one. */
function isStructural(trimmed: string, indent: number, rootIndent: number): boolean {
  if (trimmed.startsWith('->')) return true;
  if (/^(?:InitPlan|SubPlan)\b/.test(trimmed) || /^CTE \S/.test(trimmed)) return true;
  if (/^Worker \d+:/.test(trimmed) || /^JIT for worker \d+:/.test(trimmed)) return true;
  if (TARGET_LINE.test(trimmed)) return true;
  if (/^Trigger .*: time=/.test(trimmed)) return true;
  const property = PROPERTY.exec(trimmed);
  if (property !== null) return indent >= rootIndent || TOP_LEVEL_KEYS.has(property[1]!);
  return false;
}

/**
 * Index of the root node's line: the first line carrying "(cost=...)" or
 * "(actual ...)", unless that is already a child ("->"), in which case the
 * root is the node-like line before it (cut by a wrap, or printed without
 * costs). Query text above the plan cannot pass for the root this way.
 */
function findRoot(lines: readonly string[]): number {
  let detailed = -1;
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i]!.trim();
    if (NODE_DETAILS.test(trimmed) && /^(->\s+)?[A-Z]/.test(trimmed)) {
      detailed = i;
      break;
    }
  }
  if (detailed !== -1 && !lines[detailed]!.trim().startsWith('->')) return detailed;
  const end = detailed === -1 ? lines.length : detailed;
  for (let i = 0; i < end; i++) {
    const trimmed = lines[i]!.trim();
    if (trimmed.startsWith('Query Text:')) continue;
    if (looksLikeNodeName(trimmed.replace(/^->\s+/, ''))) return i;
  }
  return detailed;
}

/** Joins lines a terminal or an editor broke in two back onto the line they belong to. */
function logicalLines(lines: readonly string[], rootIndex: number, skippedLines: number): { text: string; line: number }[] {
  const rootIndent = indentOf(lines[rootIndex]!);
  const out: { text: string; line: number }[] = [{ text: lines[rootIndex]!, line: skippedLines + rootIndex + 1 }];
  let blank = false;
  for (let i = rootIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '') {
      blank = true;
      continue;
    }
    if (FOOTER.test(trimmed) || /^```/.test(trimmed)) break; // psql's "(N rows)" or the end of a Markdown fence
    const previous = out[out.length - 1]!;
    const headerOpen = /\((?:cost|actual)[^)]*$/.test(previous.text);
    const indent = indentOf(line);
    // Another root (a rule-rewritten statement's second plan) ends this plan.
    if (!headerOpen && indent <= rootIndent && NODE_DETAILS.test(trimmed) && looksLikeNodeName(trimmed)) break;
    if (!headerOpen && isStructural(trimmed, indent, rootIndent)) {
      out.push({ text: line, line: skippedLines + i + 1 });
    } else if (blank) {
      break; // prose after the plan, not a wrapped line
    } else {
      previous.text += line;
    }
    blank = false;
  }
  for (const item of out) item.text = item.text.trimEnd();
  return out;
}

function newNode(text: string, line: number): TextNode {
  // A "(cost=" or "(actual" left open means the input stopped mid-line.
  if (/\((?:cost|actual)[^)]*$/.test(text)) throw new Error(`line ${line}: plan node line is cut off`);
  return { props: parseNodeHeader(text), children: [], workers: [], groupingLines: [] };
}

function toJson(node: TextNode): Record<string, PlanValue> {
  const json: Record<string, PlanValue> = { ...node.props };
  if (node.workers.length > 0) json['Workers'] = node.workers;
  if (node.children.length > 0) json['Plans'] = node.children.map(toJson);
  return json;
}

/**
 * Parses EXPLAIN text into EXPLAIN JSON data (`{ "Plan": ..., "Planning Time": ... }`).
 * Throws an Error with a one-sentence reason and a line number where it applies.
 */
export function textPlanToJson(text: string): Record<string, PlanValue> {
  const { lines, skippedLines } = unframePlan(text);
  const rootIndex = findRoot(lines);
  if (rootIndex === -1) throw new Error('no EXPLAIN plan node found in the text');
  const top: MutableProps = {};
  // auto_explain's "Query Text:" may span lines up to the plan's first node.
  const queryStart = lines.findIndex((line, i) => i < rootIndex && line.trimStart().startsWith('Query Text:'));
  if (queryStart !== -1) {
    const first = lines[queryStart]!.trimStart().slice('Query Text:'.length).trim();
    // auto_explain (PostgreSQL 16+) may add "Query Parameters:" after the text.
    let end = rootIndex;
    const parameters = lines.findIndex((line, i) => i > queryStart && i < rootIndex && line.startsWith('Query Parameters:'));
    if (parameters !== -1) {
      top['Query Parameters'] = lines.slice(parameters, rootIndex).join('\n').slice('Query Parameters:'.length).trim();
      end = parameters;
    }
    top['Query Text'] = [first, ...lines.slice(queryStart + 1, end)].join('\n').trimEnd();
  }
  const logical = logicalLines(lines, rootIndex, skippedLines);
  const rootLine = logical[0]!;
  const root = newNode(rootLine.text.trim().replace(/^->\s+/, ''), rootLine.line);
  if (typeof root.props['Node Type'] !== 'string' || !/^[A-Z]/.test(root.props['Node Type'])) {
    throw new Error(`line ${rootLine.line}: expected a plan node`);
  }
  const rootIndent = indentOf(rootLine.text);
  const stack: StackEntry[] = [{ kind: 'node', col: rootIndent, node: root }];
  const triggers: Record<string, PlanValue>[] = [];
  for (let i = 1; i < logical.length; i++) {
    const { text: lineText, line } = logical[i]!;
    const indent = indentOf(lineText);
    const trimmed = lineText.trim();
    while (stack.length > 0 && stack[stack.length - 1]!.col >= indent) stack.pop();
    const top0 = stack[stack.length - 1];
    const property = PROPERTY.exec(trimmed);
    const key = property?.[1];
    if (trimmed.startsWith('->')) {
      const nameText = trimmed.replace(/^->\s*/, '');
      const node = newNode(nameText, line);
      const col = indent + (trimmed.length - nameText.length);
      let parent: TextNode | undefined;
      if (top0?.kind === 'label') {
        node.props['Parent Relationship'] = top0.relationship;
        node.props['Subplan Name'] = top0.name;
        parent = top0.owner;
      } else if (top0?.kind === 'node') {
        parent = top0.node;
      }
      if (parent === undefined) throw new Error(`line ${line}: plan node "${nameText.slice(0, 40)}" is not under any node`);
      parent.children.push(node);
      stack.push({ kind: 'node', col, node });
      continue;
    }
    const owner = top0?.kind === 'node' ? top0.node : top0?.kind === 'label' || top0?.kind === 'worker' ? top0.owner : undefined;
    const label = LABEL.exec(trimmed);
    if (label !== null && owner !== undefined && !property) {
      const isCte = label[2] !== undefined;
      stack.push({ kind: 'label', col: indent, owner, relationship: isCte || label[1] === 'InitPlan' ? 'InitPlan' : 'SubPlan', name: trimmed });
      continue;
    }
    const trigger = TRIGGER.exec(trimmed);
    if (trigger !== null) {
      const entry: Record<string, PlanValue> = {};
      if (trigger[1] !== undefined) entry['Trigger Name'] = trigger[1];
      if (trigger[2] !== undefined) entry['Constraint Name'] = trigger[2];
      if (trigger[3] !== undefined) entry['Relation'] = trigger[3];
      entry['Time'] = Number(trigger[4]);
      entry['Calls'] = Number(trigger[5]);
      triggers.push(entry);
      continue;
    }
    if (top0?.kind === 'skip') continue;
    if (TARGET_LINE.test(trimmed) && property === null) {
      stack.push({ kind: 'skip', col: indent });
      continue;
    }
    const worker = /^Worker (\d+):\s*(.*)$/.exec(trimmed);
    if (worker !== null && owner !== undefined) {
      const number = Number(worker[1]);
      let record = owner.workers.find((item) => item['Worker Number'] === number);
      if (record === undefined) {
        record = { 'Worker Number': number };
        owner.workers.push(record);
      }
      const rest = worker[2]!;
      Object.assign(record, parseWorkerActuals(rest));
      const inner = PROPERTY.exec(rest.replace(/^actual[^)]*?loops=\d+\s*/, ''));
      if (inner !== null) applyNodeProperty(inner[1]!, inner[2] ?? '', String(owner.props['Node Type']), record);
      stack.push({ kind: 'worker', col: indent, owner, worker: record });
      continue;
    }
    if (key === undefined) {
      if (/^JIT for worker/.test(trimmed)) stack.push({ kind: 'skip', col: indent });
      continue; // a line we cannot place is dropped rather than guessed
    }
    const value = (property![2] ?? '').trim();
    if (top0?.kind === 'section') {
      if (top0.name === 'JIT') applyJitProperty(key, value, top0.props);
      else if (key === 'Buffers') parseBuffers(value, top0.props);
      else if (key === 'I/O Timings') parseIoTimings(value, top0.props);
      else if (key === 'Memory') parsePlanningMemory(value, top0.props);
      else top0.props[key] = scalar(value);
      continue;
    }
    if (TOP_LEVEL_KEYS.has(key)) {
      const name = jsonKeyName(key);
      if (key === 'JIT' || key === 'Planning') {
        const section: MutableProps = {};
        top[name] = section;
        stack.length = 0;
        stack.push({ kind: 'section', col: indent, name, props: section });
      } else if (key === 'Settings') {
        top[name] = parseSettings(value);
      } else if (key === 'Serialization') {
        top[name] = parseSerialization(value);
      } else if (key === 'Query Identifier') {
        top[name] = scalar(value);
      } else {
        top[name] = milliseconds(value);
      }
      continue;
    }
    if (top0?.kind === 'worker') {
      applyNodeProperty(key, value, String(top0.owner.props['Node Type']), top0.worker);
      continue;
    }
    if (owner === undefined) continue; // detail after the plan that is not a known top-level key
    if (owner.props['Node Type'] === 'Aggregate' && (key === 'Group Key' || key === 'Hash Key' || key === 'Sort Key')) {
      owner.groupingLines.push({ key, value });
    }
    applyNodeProperty(key, value, String(owner.props['Node Type']), owner.props);
  }
  setRelationships(root);
  fillZeroDefaults(root, hasActuals(root));
  fillPlanWideKeys(root);
  const result: Record<string, PlanValue> = {};
  if (top['Query Text'] !== undefined) result['Query Text'] = top['Query Text'];
  result['Plan'] = toJson(root);
  for (const [key, value] of Object.entries(top)) if (key !== 'Query Text') result[key] = value;
  // EXPLAIN ANALYZE in JSON always lists triggers, even none.
  if (triggers.length > 0 || hasActuals(root)) result['Triggers'] = triggers;
  return result;
}
