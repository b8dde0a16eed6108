/**
 * `openInput`: opens a file (or stdin), detects its format and returns a
 * streaming reader for it.
 */
import { InputError } from '../errors.js';
import type { InputFormat } from './types.js';
import type { EventSink, LineConsumer } from './event-sink.js';
import { openChunkSource } from './chunk-source.js';
import { detectFormat } from './detect-format.js';
import { StreamInputReader, type InputReader } from './input-reader.js';
import { compileLogLinePrefix, detectLogLinePrefix, genericPrefixMatcher, type PrefixMatcher } from './prefix-matcher.js';
import { sampleLines } from './sample-lines.js';
import { SAMPLE_BYTES } from './ingest-limits.js';
import { StderrLogReader } from './stderr-reader.js';
import { SyslogReader } from './syslog-reader.js';
import { CsvlogReader } from './csvlog-reader.js';
import { JsonLogReader, cloudSqlPayload } from './json-log-reader.js';
import { ExplainFileReader } from './explain-reader.js';
import { PgStatStatementsReader } from './pg-stat-statements-reader.js';
import { SqlFileReader } from './sql-file-reader.js';
import { SYSLOG_HEADER } from './syslog-header.js';

export interface ReadInputOptions {
  /** Force a format instead of detecting it. */
  readonly format?: InputFormat;
  /** The server's `log_line_prefix`, verbatim; detected from the log when absent. */
  readonly logLinePrefix?: string;
  /** Called with each chunk's size in bytes as stored on disk, for progress reports. */
  readonly onBytesRead?: (bytes: number) => void;
}

const EXPECTED =
  'expected a PostgreSQL log (stderr, csvlog, jsonlog, syslog, RDS, Cloud SQL, CloudNativePG), an EXPLAIN plan, a pg_stat_statements CSV export or a .sql file';

/**
 * Opens an input for `pgopt analyze`. Throws `InputError` when it cannot be
 * read or nothing in it is recognisable; bad entries later on are reported
 * as error events instead.
 *
 * @example
 * const input = await openInput('postgresql.log.gz');
 * for await (const event of input.events()) if (event.type === 'statement') console.log(event.durationMs);
 * console.log(input.summary());
 */
export async function openInput(path: string, options: ReadInputOptions = {}): Promise<InputReader> {
  const source = await openChunkSource(path, options.onBytesRead);
  let sampleText: string;
  try {
    sampleText = (await source.peek(SAMPLE_BYTES)).toString('utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { path, cause: error });
  }
  const format = options.format ?? detectFormat(sampleText, path);
  if (format === undefined) throw new InputError(`${path}: nothing recognisable; ${EXPECTED}`, { path });
  const lines = sampleLines(sampleText, source.peekedAll);
  const consumer = consumerFactory(format, lines, options, path);
  return new StreamInputReader(path, format, source, consumer);
}

function prefixFor(lines: readonly string[], options: ReadInputOptions): PrefixMatcher {
  if (options.logLinePrefix !== undefined) return compileLogLinePrefix(options.logLinePrefix);
  return detectLogLinePrefix(lines) ?? genericPrefixMatcher();
}

function consumerFactory(
  format: InputFormat,
  lines: readonly string[],
  options: ReadInputOptions,
  path: string,
): (sink: EventSink) => LineConsumer {
  switch (format) {
    case 'stderr':
    case 'rds': {
      const matcher = prefixFor(lines, options);
      return (sink) => new StderrLogReader(matcher, sink);
    }
    case 'syslog': {
      const inner: string[] = [];
      for (const line of lines) {
        const header = SYSLOG_HEADER.exec(line);
        if (header !== null && header[3] === '1') inner.push(line.slice(header[0].length));
      }
      const matcher = prefixFor(inner, options);
      return (sink) => new SyslogReader(matcher, sink);
    }
    case 'cloudsql': {
      const payloads = lines.map(cloudSqlPayload).filter((payload): payload is string => payload !== undefined);
      const matcher = prefixFor(payloads, options);
      return (sink) => new JsonLogReader('cloudsql', sink, matcher);
    }
    case 'csvlog':
      return (sink) => new CsvlogReader(sink);
    case 'jsonlog':
    case 'cnpg':
      return (sink) => new JsonLogReader(format, sink);
    case 'explain-json':
    case 'explain-text':
      return (sink) => new ExplainFileReader(format, sink);
    case 'pg-stat-statements':
      return (sink) => new PgStatStatementsReader(sink);
    case 'sql':
      return (sink) => new SqlFileReader(sink);
    default: {
      const unknown: never = format;
      throw new InputError(`${path}: unknown input format ${String(unknown)}`, { path });
    }
  }
}
