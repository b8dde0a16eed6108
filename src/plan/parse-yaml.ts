/**
 * The subset of YAML that `EXPLAIN (FORMAT YAML)` emits: block mappings and
 * sequences by indentation, scalars that are numbers, booleans or
 * JSON-escaped double-quoted strings. Not a general YAML parser.
 */
import type { PlanValue } from './types.js';

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly number: number;
}

function scalarOf(raw: string, line: number): PlanValue {
  const text = raw.trim();
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new Error(`line ${line}: invalid quoted string in EXPLAIN YAML`);
    }
  }
  if (/^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null' || text === '~') return null;
  return text;
}

/** `Key: value` at the start of `text`: the key and the rest, or undefined. */
function splitKey(text: string): { key: string; value: string } | undefined {
  const match = /^([^":\-][^:]*?|"(?:[^"\\]|\\.)*"):(?:\s+(.*)|\s*)$/.exec(text);
  if (match === null) return undefined;
  const key = match[1]!.startsWith('"') ? (JSON.parse(match[1]!) as string) : match[1]!;
  return { key, value: (match[2] ?? '').trim() };
}

class YamlReader {
  #pos = 0;
  constructor(readonly lines: Line[]) {}

  value(indent: number): PlanValue {
    const line = this.lines[this.#pos];
    if (line === undefined || line.indent < indent) return null;
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(line.indent);
    return this.mapping(line.indent);
  }

  sequence(indent: number): PlanValue[] {
    const items: PlanValue[] = [];
    for (;;) {
      const line = this.lines[this.#pos];
      if (line === undefined || line.indent !== indent || !(line.text === '-' || line.text.startsWith('- '))) break;
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.#pos++;
        items.push(this.value(indent + 1));
      } else if (splitKey(rest) !== undefined) {
        // "- Key: value" opens a mapping whose keys line up with "Key".
        const inner = indent + (line.text.length - rest.length);
        this.lines[this.#pos] = { indent: inner, text: rest, number: line.number };
        items.push(this.mapping(inner));
      } else {
        this.#pos++;
        items.push(scalarOf(rest, line.number));
      }
    }
    return items;
  }

  mapping(indent: number): Record<string, PlanValue> {
    const object: Record<string, PlanValue> = {};
    for (;;) {
      const line = this.lines[this.#pos];
      if (line === undefined || line.indent !== indent || line.text.startsWith('- ')) break;
      const pair = splitKey(line.text);
      if (pair === undefined) throw new Error(`line ${line.number}: expected "Key: value" in EXPLAIN YAML`);
      this.#pos++;
      if (pair.value !== '') {
        object[pair.key] = scalarOf(pair.value, line.number);
        continue;
      }
      const next = this.lines[this.#pos];
      if (next !== undefined && (next.indent > indent || (next.indent === indent && next.text.startsWith('- ')))) {
        object[pair.key] = this.value(next.indent);
      } else {
        object[pair.key] = []; // an empty group such as "Triggers:"
      }
    }
    return object;
  }

  get done(): boolean {
    return this.#pos >= this.lines.length;
  }

  get current(): Line | undefined {
    return this.lines[this.#pos];
  }
}

/** Parses EXPLAIN YAML into EXPLAIN JSON data. Throws an Error with a line number when it cannot. */
export function yamlPlanToJson(text: string): PlanValue {
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trimEnd();
    if (trimmed.trim() === '') return;
    const indent = trimmed.length - trimmed.trimStart().length;
    lines.push({ indent, text: trimmed.trimStart(), number: i + 1 });
  });
  if (lines.length === 0) throw new Error('EXPLAIN YAML is empty');
  const reader = new YamlReader(lines);
  const value = reader.value(lines[0]!.indent);
  if (!reader.done) throw new Error(`line ${reader.current!.number}: unexpected indentation in EXPLAIN YAML`);
  return value;
}
