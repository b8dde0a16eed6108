/**
 * Detail lines under a node in EXPLAIN's text format ("Filter: ...",
 * "Buffers: shared hit=3", "Buckets: 1024  Batches: 1  Memory Usage: 9kB")
 * turned into the keys EXPLAIN JSON uses for the same facts.
 */
import type { PlanValue } from './types.js';

export type MutableProps = Record<string, PlanValue>;

/** Keys whose value is an expression: always a string, even "false" or "1". */
const EXPRESSION_KEYS = new Set([
  'Filter', 'Index Cond', 'Recheck Cond', 'Join Filter', 'Hash Cond', 'Merge Cond', 'TID Cond', 'One-Time Filter',
  'Order By', 'Run Condition', 'Cache Key', 'Conflict Filter', 'Remote SQL', 'Function Call', 'Table Function Call',
  'Index Filter', 'Cache Mode', 'Sampling', 'Repeatable Seed', 'Conflict Resolution', 'Custom Plan Provider', 'Window',
]);

/** Keys EXPLAIN JSON gives as a list of strings. */
const LIST_KEYS = new Set(['Output', 'Sort Key', 'Group Key', 'Presorted Key', 'Hash Key', 'Conflict Arbiter Indexes', 'Params Evaluated']);

/** Old or differently spelled text keys mapped to their JSON names. */
const RENAMED: Record<string, string> = {
  'Total runtime': 'Total Runtime',
  'Planning time': 'Planning Time',
  'Execution time': 'Execution Time',
};

/** Splits `a, f(b, c), 'x, y'` at the commas that are not inside brackets or quotes. */
export function splitTopLevel(text: string, separator = ','): string[] {
  if (!/['"()[\]{}]/.test(text)) return text.trim() === '' ? [] : text.split(separator).map((part) => part.trim());
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '(' || ch === '[' || ch === '{') {
      depth++;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
    } else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || parts.length > 0) parts.push(last);
  return parts;
}

/** A plain scalar as EXPLAIN JSON would type it. */
export function scalar(value: string): PlanValue {
  if (/^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(value)) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** "25kB" -> 25 (EXPLAIN reports memory in kB). */
function kilobytes(value: string): number | undefined {
  const match = /^(-?\d+(?:\.\d+)?)\s*([kMG]?B)?$/.exec(value.trim());
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] ?? 'kB';
  return unit === 'MB' ? amount * 1024 : unit === 'GB' ? amount * 1024 * 1024 : unit === 'B' ? amount / 1024 : amount;
}

/** Splits `Buckets: 1024  Batches: 1  Memory Usage: 9kB` into its `Key: value` pairs. */
export function keyValuePairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  const re = /([A-Za-z][A-Za-z -]*?):\s+(.*?)(?=\s{2,}[A-Za-z][A-Za-z -]*?:\s|$)/g;
  for (const match of text.matchAll(re)) pairs.push([match[1]!.trim(), match[2]!.trim()]);
  return pairs;
}

/** `shared hit=3 read=2, local written=1, temp read=5` -> JSON buffer keys; every key PostgreSQL emits is present. */
export function parseBuffers(text: string, into: MutableProps): void {
  const names: Record<string, string> = { hit: 'Hit', read: 'Read', dirtied: 'Dirtied', written: 'Written' };
  for (const scope of ['Shared', 'Local']) for (const kind of ['Hit', 'Read', 'Dirtied', 'Written']) into[`${scope} ${kind} Blocks`] ??= 0;
  into['Temp Read Blocks'] ??= 0;
  into['Temp Written Blocks'] ??= 0;
  for (const group of text.split(',')) {
    const words = group.trim().split(/\s+/);
    const scope = words[0];
    if (scope !== 'shared' && scope !== 'local' && scope !== 'temp') continue;
    const scopeName = scope === 'shared' ? 'Shared' : scope === 'local' ? 'Local' : 'Temp';
    for (const word of words.slice(1)) {
      const [kind, count] = word.split('=');
      const kindName = kind === undefined ? undefined : names[kind];
      if (kindName === undefined || count === undefined) continue;
      into[`${scopeName} ${kindName} Blocks`] = Number(count);
    }
  }
}

/**
 * `I/O Timings: read=1.2 write=0.1` (PostgreSQL 13-14), `shared/local read=...,
 * temp read=...` (15-16) or `shared read=..., local write=..., temp ...` (17+).
 */
export function parseIoTimings(text: string, into: MutableProps): void {
  const groups = text.split(',').map((group) => group.trim().split(/\s+/));
  const modern = groups.some((words) => words[0] === 'shared' || words[0] === 'local');
  if (modern) {
    for (const scope of ['Shared', 'Local', 'Temp']) for (const kind of ['Read', 'Write']) into[`${scope} I/O ${kind} Time`] ??= 0;
  } else {
    into['I/O Read Time'] ??= 0;
    into['I/O Write Time'] ??= 0;
  }
  for (const words of groups) {
    let prefix = 'I/O';
    let first = 0;
    if (words[0] === 'shared') prefix = 'Shared I/O';
    else if (words[0] === 'local') prefix = 'Local I/O';
    else if (words[0] === 'temp') prefix = 'Temp I/O';
    if (prefix !== 'I/O' || words[0] === 'shared/local') first = 1;
    if (prefix === 'Temp I/O') {
      into['Temp I/O Read Time'] ??= 0;
      into['Temp I/O Write Time'] ??= 0;
    }
    for (const word of words.slice(first)) {
      const [kind, value] = word.split('=');
      if (value === undefined) continue;
      if (kind === 'read') into[`${prefix} Read Time`] = Number(value);
      else if (kind === 'write') into[`${prefix} Write Time`] = Number(value);
    }
  }
}

/** `records=5 fpi=1 bytes=300 buffers full=0` -> WAL keys. */
function parseWal(text: string, into: MutableProps): void {
  const names: Record<string, string> = { records: 'WAL Records', fpi: 'WAL FPI', bytes: 'WAL Bytes', 'buffers full': 'WAL Buffers Full' };
  for (const match of text.matchAll(/([a-z ]+?)=(\d+)/g)) {
    const key = names[match[1]!.trim()];
    if (key !== undefined) into[key] = Number(match[2]);
  }
}

/** The groups of an Incremental Sort: `Full-sort Groups: 1  Sort Method: quicksort  Average Memory: 12kB  Peak Memory: 13kB`. */
function parseSortGroups(text: string): PlanValue {
  const group: Record<string, PlanValue> = {};
  const memory: Record<string, PlanValue> = {};
  const disk: Record<string, PlanValue> = {};
  const pairs = keyValuePairs(`Groups: ${text}`);
  for (const [key, value] of pairs) {
    if (key === 'Groups') group['Group Count'] = Number(value);
    else if (key === 'Sort Method' || key === 'Sort Methods') group['Sort Methods Used'] = value.split(',').map((item) => item.trim());
    else if (key === 'Average Memory') memory['Average Sort Space Used'] = kilobytes(value) ?? value;
    else if (key === 'Peak Memory') memory['Peak Sort Space Used'] = kilobytes(value) ?? value;
    else if (key === 'Average Disk') disk['Average Sort Space Used'] = kilobytes(value) ?? value;
    else if (key === 'Peak Disk') disk['Peak Sort Space Used'] = kilobytes(value) ?? value;
  }
  if (Object.keys(memory).length > 0) group['Sort Space Memory'] = memory;
  if (Object.keys(disk).length > 0) group['Sort Space Disk'] = disk;
  return group;
}

/**
 * Applies one `Key: value` detail line to a node's props (or a worker's).
 * `nodeType` decides between Hash's and HashAggregate's "Batches".
 */
export function applyNodeProperty(key: string, value: string, nodeType: string, into: MutableProps): void {
  switch (key) {
    case 'Buffers':
      parseBuffers(value, into);
      return;
    case 'I/O Timings':
      parseIoTimings(value, into);
      return;
    case 'WAL':
      parseWal(value, into);
      return;
    case 'Heap Blocks': {
      into['Exact Heap Blocks'] = Number(/exact=(\d+)/.exec(value)?.[1] ?? 0);
      into['Lossy Heap Blocks'] = Number(/lossy=(\d+)/.exec(value)?.[1] ?? 0);
      return;
    }
    case 'Full-sort Groups':
    case 'Pre-sorted Groups':
      into[key] = parseSortGroups(value);
      return;
    case 'Tuples':
      for (const match of value.matchAll(/([a-z]+)=(\d+)/g)) {
        const word = match[1]!;
        into[`Tuples ${word[0]!.toUpperCase()}${word.slice(1)}`] = Number(match[2]);
      }
      return;
    default:
      break;
  }
  // Only short, non-expression values can hold several "Key: value" pairs.
  const pairs = EXPRESSION_KEYS.has(key) || LIST_KEYS.has(key) || value.length > 2000 ? [] : keyValuePairs(`${key}: ${value}`);
  if (pairs.length <= 1) {
    setSingle(key, value, into);
    return;
  }
  for (const [name, item] of pairs) applyPair(name, item, nodeType, into);
}

function setSingle(key: string, value: string, into: MutableProps): void {
  const name = RENAMED[key] ?? key;
  if (EXPRESSION_KEYS.has(name)) into[name] = value;
  else if (LIST_KEYS.has(name)) into[name] = splitTopLevel(value);
  else if (name === 'Sort Method') into[name] = value;
  else into[name] = scalar(value);
}

/** One pair of a multi-pair line ("Buckets: 1024", "Memory Usage: 9kB", "Hits: 998", "Memory: 25kB"). */
function applyPair(key: string, value: string, nodeType: string, into: MutableProps): void {
  const originally = /^(\d+)\s*\(originally (\d+)\)$/.exec(value);
  switch (key) {
    case 'Buckets':
      into['Hash Buckets'] = Number(originally?.[1] ?? value);
      into['Original Hash Buckets'] = Number(originally?.[2] ?? originally?.[1] ?? value);
      return;
    case 'Batches':
      if (nodeType === 'Hash') {
        into['Hash Batches'] = Number(originally?.[1] ?? value);
        into['Original Hash Batches'] = Number(originally?.[2] ?? originally?.[1] ?? value);
      } else {
        into['HashAgg Batches'] = Number(value);
      }
      return;
    case 'Memory Usage':
      into['Peak Memory Usage'] = kilobytes(value) ?? value;
      return;
    case 'Disk Usage':
      into['Disk Usage'] = kilobytes(value) ?? value;
      return;
    case 'Memory':
    case 'Disk':
      into['Sort Space Used'] = kilobytes(value) ?? value;
      into['Sort Space Type'] = key;
      return;
    case 'Hits':
    case 'Misses':
    case 'Evictions':
    case 'Overflows':
      into[`Cache ${key}`] = Number(value);
      return;
    case 'Maximum Storage':
      into['Maximum Storage'] = kilobytes(value) ?? value;
      return;
    default:
      setSingle(key, value, into);
  }
}

/** `search_path = 'public, x', work_mem = '8MB'` -> { search_path: "public, x", work_mem: "8MB" }. */
export function parseSettings(text: string): Record<string, PlanValue> {
  const settings: Record<string, PlanValue> = {};
  for (const item of splitTopLevel(text)) {
    const match = /^([\w.]+)\s*=\s*(.*)$/.exec(item);
    if (match === null) continue;
    let value = match[2]!.trim();
    if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) value = value.slice(1, -1).replaceAll("''", "'");
    settings[match[1]!] = value;
  }
  return settings;
}

/** The JIT section's `Options:` and `Timing:` lines. */
export function applyJitProperty(key: string, value: string, into: MutableProps): void {
  if (key === 'Options') {
    const options: Record<string, PlanValue> = {};
    for (const item of value.split(',')) {
      const match = /^\s*(.+?)\s+(true|false)\s*$/.exec(item);
      if (match !== null) options[match[1]!] = match[2] === 'true';
    }
    into['Options'] = options;
  } else if (key === 'Timing') {
    const timing: Record<string, PlanValue> = {};
    for (const item of splitTopLevel(value)) {
      const match = /^(\w+)\s+([\d.]+)\s*ms(?:\s*\((\w+)\s+([\d.]+)\s*ms\))?$/.exec(item.trim());
      if (match === null) continue;
      // PostgreSQL 17 nests "Generation" as { Deform, Total } when it shows deform time.
      timing[match[1]!] = match[3] === undefined ? Number(match[2]) : { [match[3]]: Number(match[4]), Total: Number(match[2]) };
    }
    into['Timing'] = timing;
  } else {
    into[key] = scalar(value);
  }
}

/** `Serialization: time=0.1 ms  output=3kB  format=text` (PostgreSQL 17). */
export function parseSerialization(text: string): Record<string, PlanValue> {
  const result: Record<string, PlanValue> = {};
  const time = /time=([\d.]+)/.exec(text);
  if (time !== null) result['Time'] = Number(time[1]);
  const output = /output=([\d.]+\s*[kMG]?B)/.exec(text);
  if (output !== null) result['Output Volume'] = kilobytes(output[1]!) ?? output[1]!;
  const format = /format=(\w+)/.exec(text);
  if (format !== null) result['Format'] = format[1]!;
  return result;
}

/** `Memory: used=12kB  allocated=16kB` under "Planning:" (PostgreSQL 17). */
export function parsePlanningMemory(text: string, into: MutableProps): void {
  const used = /used=([\d.]+\s*[kMG]?B)/.exec(text);
  const allocated = /allocated=([\d.]+\s*[kMG]?B)/.exec(text);
  if (used !== null) into['Memory Used'] = kilobytes(used[1]!) ?? used[1]!;
  if (allocated !== null) into['Memory Allocated'] = kilobytes(allocated[1]!) ?? allocated[1]!;
}

/** Normalizes a top-level key's spelling ("Total runtime" -> "Total Runtime"). */
export function jsonKeyName(key: string): string {
  return RENAMED[key] ?? key;
}

/** "0.052 ms" -> 0.052. */
export function milliseconds(value: string): PlanValue {
  const match = /^(-?[\d.]+)\s*ms$/.exec(value.trim());
  return match === null ? scalar(value.trim()) : Number(match[1]);
}
