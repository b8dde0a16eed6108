/**
 * Matches the `log_line_prefix` of stderr-style log lines. A prefix setting is
 * compiled once into one anchored regular expression that also requires the
 * severity (`LOG:`, `DETAIL:`, ...) right after the prefix: that anchor is what
 * lets loose escapes such as `%u` or `%a` find their end.
 */
import type { LogFields } from './log-record.js';

const SEVERITY = '(DEBUG[1-5]|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|QUERY|CONTEXT|STATEMENT|LOCATION):(?: {1,2}|$)';
const TIME = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d';
const ZONE = '(?: [A-Za-z0-9+\\-]+)?';
const NAME = '.{0,64}?';
const HOST = '.{0,300}?';

type FieldName = keyof LogFields;

/** What each `%` escape looks like, and which field it fills. */
const ESCAPES: Readonly<Record<string, { readonly pattern: string; readonly field?: FieldName }>> = {
  // Loose values are bounded (names are at most 63 bytes, hosts 255): unbounded lazy groups let a
  // crafted line make the regex backtrack for seconds.
  a: { pattern: `(${NAME})`, field: 'application' },
  u: { pattern: `(${NAME})`, field: 'user' },
  d: { pattern: `(${NAME})`, field: 'database' },
  r: { pattern: `(?:${HOST})` },
  h: { pattern: `(?:${HOST})` },
  b: { pattern: `(?:${NAME})` },
  p: { pattern: '(\\d+)', field: 'pid' },
  P: { pattern: '(?:\\d*)' },
  t: { pattern: `(${TIME}${ZONE})`, field: 'timestamp' },
  m: { pattern: `(${TIME}\\.\\d+${ZONE})`, field: 'timestamp' },
  n: { pattern: '(\\d+(?:\\.\\d+)?)', field: 'timestamp' },
  i: { pattern: `(?:${NAME})` },
  e: { pattern: '(?:[0-9A-Z]{5})' },
  c: { pattern: '(?:[0-9a-f]+\\.[0-9a-f]+)' },
  l: { pattern: '(?:\\d+)' },
  s: { pattern: `(?:${TIME}${ZONE})` },
  v: { pattern: `(?:${NAME})` },
  x: { pattern: '(?:\\d*)' },
  Q: { pattern: '(-?\\d+)', field: 'queryId' },
};

/** Only the start of a line is matched: a prefix and a severity fit in it, and regex work stays bounded. */
const MAX_PREFIX_CHARS = 1024;

/** A compiled prefix: `exec` once per line, then read what the match holds. */
export interface PrefixMatcher {
  /** The `log_line_prefix` it was compiled from, or `auto` for the generic matcher. */
  readonly prefix: string;
  /** The match of a line that starts with the prefix and a severity, or null. */
  exec(line: string): RegExpExecArray | null;
  /** Severity of a match (`LOG`, `DETAIL`, ...). */
  severity(match: RegExpExecArray): string;
  /** Where the message starts in the line. */
  messageStart(match: RegExpExecArray): number;
  fields(match: RegExpExecArray): LogFields;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cleanValue(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  // Padding (`%-10u`) leaves spaces; most values have none and skip the copy.
  const trimmed = value.charCodeAt(0) === 32 || value.charCodeAt(value.length - 1) === 32 ? value.trim() : value;
  return trimmed === '' || trimmed === '[unknown]' ? undefined : trimmed;
}

/**
 * Compiles a `log_line_prefix` setting, verbatim as in postgresql.conf, into a
 * matcher. Unknown escapes are ignored, as PostgreSQL ignores them; `%q` makes
 * the rest optional (non-session processes stop the prefix there); padding
 * (`%-10u`) is allowed around any value. Quotes around the whole setting, as
 * postgresql.conf writes it, are removed.
 *
 * @example
 * const matcher = compileLogLinePrefix('%m [%p] %q%u@%d ');
 * const match = matcher.exec('2024-01-01 10:00:00.000 UTC [42] app@shop LOG:  duration: 1.0 ms  statement: SELECT 1');
 */
export function compileLogLinePrefix(setting: string): PrefixMatcher {
  // Accept the line from postgresql.conf as is: `'%m [%p] '` with its quotes.
  const prefix = setting.length >= 2 && setting.startsWith("'") && setting.endsWith("'") ? setting.slice(1, -1).replaceAll("''", "'") : setting;
  let pattern = '^';
  let optionalGroups = 0;
  let group = 0;
  const groups = new Map<FieldName, number>();
  for (let i = 0; i < prefix.length; i++) {
    const char = prefix[i] as string;
    if (char !== '%') {
      pattern += escapeRegExp(char);
      continue;
    }
    let j = i + 1;
    const padding = /^-?\d+/.exec(prefix.slice(j));
    if (padding !== null) j += padding[0].length;
    const escape = prefix[j];
    i = j;
    if (escape === undefined) break;
    if (escape === '%') {
      pattern += '%';
      continue;
    }
    if (escape === 'q') {
      pattern += '(?:';
      optionalGroups++;
      continue;
    }
    const spec = ESCAPES[escape];
    if (spec === undefined) continue;
    const pad = padding === null ? '' : ' *';
    pattern += pad + spec.pattern + pad;
    if (spec.field !== undefined) {
      group++;
      if (!groups.has(spec.field)) groups.set(spec.field, group);
    }
  }
  pattern += ')?'.repeat(optionalGroups);
  const severityGroup = group + 1;
  const regex = new RegExp(pattern + SEVERITY);
  // Flat [name, group, name, group, ...]: read once per matched line, no iterator allocated.
  const groupList: (FieldName | number)[] = [];
  for (const [name, index] of groups) groupList.push(name, index);
  return {
    prefix,
    exec: (line) => regex.exec(line.length > MAX_PREFIX_CHARS ? line.slice(0, MAX_PREFIX_CHARS) : line),
    severity: (match) => match[severityGroup] as string,
    messageStart: (match) => match[0].length,
    fields(match) {
      const fields: LogFields = {};
      for (let i = 0; i < groupList.length; i += 2) {
        const value = cleanValue(match[groupList[i + 1] as number]);
        if (value !== undefined) fields[groupList[i] as FieldName] = value;
      }
      return fields;
    },
  };
}

const GENERIC = new RegExp(`^(.{0,400}?)(?<![A-Za-z0-9_])${SEVERITY}`);
const GENERIC_TIME = /^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?: ?(?:[A-Za-z][A-Za-z0-9+-]*|[+-]\d\d(?::?\d\d)?))?)/;
const GENERIC_PID = /\[(\d+)[\]\-:]/;
const GENERIC_USER = /\b(?:user|usr)=([^,\s]*)/;
const GENERIC_DB = /\b(?:db|database|dbname)=([^,\s]*)/;
const GENERIC_APP = /\b(?:app|appli|application|application_name)=([^,]*)/;
const GENERIC_USER_AT_DB = /(?:^|[\s:\]])([^\s:@\[\]]*)@([^\s:@\[\]]*)(?=[\s:]|$)/;
const GENERIC_QUERY_ID = /\bquery_?id=(-?\d+)/;

/**
 * A matcher for a prefix nobody told us about: everything before the first
 * severity is the prefix, and its fields are recognised by their usual shapes
 * (`[pid]`, `user=`, `db=`, `app=`, `user@db`, a leading timestamp).
 */
export function genericPrefixMatcher(): PrefixMatcher {
  return {
    prefix: 'auto',
    exec: (line) => GENERIC.exec(line.length > MAX_PREFIX_CHARS ? line.slice(0, MAX_PREFIX_CHARS) : line),
    severity: (match) => match[2] as string,
    messageStart: (match) => match[0].length,
    fields(match) {
      const text = match[1] as string;
      const fields: LogFields = {};
      const time = GENERIC_TIME.exec(text);
      if (time !== null) fields.timestamp = time[1] as string;
      const pid = GENERIC_PID.exec(text);
      if (pid !== null) fields.pid = pid[1] as string;
      const user = cleanValue(GENERIC_USER.exec(text)?.[1]);
      const database = cleanValue(GENERIC_DB.exec(text)?.[1]);
      const application = cleanValue(GENERIC_APP.exec(text)?.[1]);
      if (user !== undefined || database !== undefined) {
        if (user !== undefined) fields.user = user;
        if (database !== undefined) fields.database = database;
      } else {
        const at = GENERIC_USER_AT_DB.exec(time === null ? text : text.slice(time[0].length));
        const atUser = cleanValue(at?.[1]);
        const atDatabase = cleanValue(at?.[2]);
        if (atUser !== undefined) fields.user = atUser;
        if (atDatabase !== undefined) fields.database = atDatabase;
      }
      if (application !== undefined) fields.application = application;
      const queryId = GENERIC_QUERY_ID.exec(text);
      if (queryId !== null) fields.queryId = queryId[1] as string;
      return fields;
    },
  };
}

/** Prefixes seen in the wild, most specific first; `detectLogLinePrefix` tries each. */
export const COMMON_LOG_LINE_PREFIXES: readonly string[] = [
  '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ',
  '%t [%p]: [%l-1] db=%d,user=%u,app=%a,client=%h ',
  '%t [%p]: user=%u,db=%d,app=%a,client=%h ',
  '%t [%p]: db=%d,user=%u,app=%a,client=%h ',
  '%m [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ',
  '%t [%p]: [%l-1] user=%u,db=%d ',
  '%m [%p] user=%u,db=%d ',
  '%t [%p-%l] %q%u@%d ',
  '%m [%p] %q%u@%d ',
  '%t [%p] %q%u@%d ',
  '%t [%p]: [%l-1] ',
  '%m [%p]: [%l-1] ',
  '%m [%p] ',
  '%t [%p] ',
  '%t:%r:%u@%d:[%p]:',
  '%m:%r:%u@%d:[%p]:',
  '[%p]: [%l-1] db=%d,user=%u ',
  'db=%d,user=%u,app=%a,client=%h ',
  'user=%u,db=%d,app=%a,client=%h ',
];

/** The AWS RDS prefixes: a log matching one of them is reported as format `rds`. */
export const RDS_LOG_LINE_PREFIXES: readonly string[] = ['%t:%r:%u@%d:[%p]:', '%m:%r:%u@%d:[%p]:'];

let compiledCommon: PrefixMatcher[] | undefined;

/**
 * Picks the prefix that explains the most lines of a sample: one of the common
 * prefixes when it matches (nearly) every line the generic matcher does, else
 * the generic matcher; undefined when no line has a prefix and a severity.
 */
export function detectLogLinePrefix(lines: readonly string[]): PrefixMatcher | undefined {
  compiledCommon ??= COMMON_LOG_LINE_PREFIXES.map(compileLogLinePrefix);
  const generic = genericPrefixMatcher();
  const heads = lines.filter((line) => line.length > 0 && line.charCodeAt(0) !== 9 && line.charCodeAt(0) !== 32);
  let genericMatches = 0;
  for (const line of heads) if (generic.exec(line) !== null) genericMatches++;
  if (genericMatches === 0) return undefined;
  let best: PrefixMatcher | undefined;
  let bestMatches = 0;
  for (const matcher of compiledCommon) {
    let matches = 0;
    for (const line of heads) if (matcher.exec(line) !== null) matches++;
    if (matches > bestMatches) {
      best = matcher;
      bestMatches = matches;
    }
  }
  if (best !== undefined && bestMatches >= genericMatches * 0.9) return best;
  return generic;
}
