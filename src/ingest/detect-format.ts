/**
 * Guesses an input's format from its first lines (and its name, for `.sql`).
 */
import type { InputFormat } from './types.js';
import { detectLogLinePrefix, RDS_LOG_LINE_PREFIXES } from './prefix-matcher.js';
import { sampleLines } from './sample-lines.js';
import { SYSLOG_HEADER } from './syslog-header.js';

const CSVLOG_START = /^"?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [A-Za-z0-9+\-]+)?"?,/;
const PLAN_NODE = /\((?:cost=\d+\.\d+\.\.\d+\.\d+ rows=\d+ width=\d+|actual (?:time|rows)=)/;
const SQL_START =
  /^(?:select|with|insert|update|delete|merge|create|alter|drop|truncate|begin|start|commit|rollback|set|reset|show|explain|values|copy|grant|revoke|comment|analyze|vacuum|reindex|cluster|do|call|lock|declare|fetch|close|prepare|execute|refresh|listen|notify|table|\\)\b/i;

function isJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{') || !line.endsWith('}')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function jsonLogFormat(lines: readonly string[]): InputFormat | undefined {
  let cloudsql = 0;
  let cnpg = 0;
  let jsonlog = 0;
  for (const line of lines) {
    const record = isJsonLine(line);
    if (record === undefined) continue;
    if (typeof record['textPayload'] === 'string') cloudsql++;
    const inner = record['record'];
    if (typeof inner === 'object' && inner !== null && 'error_severity' in inner) cnpg++;
    if ('error_severity' in record && 'message' in record) jsonlog++;
  }
  if (cloudsql > 0 && cloudsql >= cnpg && cloudsql >= jsonlog) return 'cloudsql';
  if (cnpg > 0 && cnpg >= jsonlog) return 'cnpg';
  if (jsonlog > 0) return 'jsonlog';
  return undefined;
}

function isPgStatStatementsHeader(line: string): boolean {
  const columns = line.split(',').map((column) => column.trim().replace(/^"|"$/g, ''));
  return columns.includes('query') && columns.includes('calls') && (columns.includes('total_exec_time') || columns.includes('total_time'));
}

/**
 * The format of an input, from a sample of its start (decoded text) and its
 * path, or undefined when nothing in the sample is recognisable.
 *
 * @example
 * detectFormat('2024-01-01 10:00:00 UTC [42] LOG:  duration: 1.0 ms  statement: SELECT 1\n', 'pg.log'); // 'stderr'
 */
export function detectFormat(sample: string, path: string): InputFormat | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  const text = sample.startsWith('\uFEFF') ? sample.slice(1) : sample;
  const lines = sampleLines(text, true).filter((line) => line.trim() !== '');
  const first = lines[0];
  if (first === undefined) return undefined;
  if (name.endsWith('.sql')) return 'sql';
  const trimmed = first.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = jsonLogFormat(lines);
    if (json !== undefined) return json;
    if (text.includes('"Plan"')) return 'explain-json';
  }
  if (isPgStatStatementsHeader(first)) return 'pg-stat-statements';
  if (CSVLOG_START.test(first)) return 'csvlog';
  let syslog = 0;
  for (const line of lines) if (SYSLOG_HEADER.test(line)) syslog++;
  if (syslog > 0 && syslog >= lines.length / 2) return 'syslog';
  const prefix = detectLogLinePrefix(lines);
  if (prefix !== undefined) return RDS_LOG_LINE_PREFIXES.includes(prefix.prefix) ? 'rds' : 'stderr';
  if (lines.some((line) => PLAN_NODE.test(line) || line.includes('QUERY PLAN'))) return 'explain-text';
  // XML and YAML plans have no format of their own: the plan parser tells them apart.
  if (/^(?:<\?xml|<explain\b)/.test(trimmed) && text.includes('<Plan>')) return 'explain-text';
  if (/^- Plan:\s*$/.test(trimmed)) return 'explain-text';
  if (text.includes('"Plan"') && text.includes('"Node Type"')) return 'explain-json';
  const sql = lines.find((line) => !line.trimStart().startsWith('--'));
  if (sql !== undefined && SQL_START.test(sql.trimStart())) return 'sql';
  return undefined;
}
