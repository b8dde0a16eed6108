/**
 * Turns log records into statement entries, whatever log format they came
 * from. Per server process it keeps at most one entry open, because what
 * belongs to a statement arrives in separate records:
 * - `DETAIL:  parameters: ...` right after an `execute` line;
 * - an auto_explain plan logged before (simple protocol: the portal is dropped
 *   before the duration is logged; extended protocol DML) or after (extended
 *   protocol SELECT: the portal is dropped at the next Bind or Sync) the
 *   `duration:` line of the same run. Both describe one run: they are merged
 *   into one entry, so the statement is counted once. A plan after a simple
 *   `statement:` line belongs to a later run, so it is not merged.
 * An open entry is emitted when the next statement of the same process
 * arrives, when too many processes are open (oldest first), or at the end.
 */
import type { Plan } from '../plan/types.js';
import type { StatementEntry } from './types.js';
import type { EventSink } from './event-sink.js';
import type { LogRecord } from './log-record.js';
import { parseLogMessage } from './log-message.js';
import { parseBindParameters } from './bind-parameters.js';
import { parseAutoExplain } from './auto-explain.js';
import { MAX_OPEN_SESSIONS } from './ingest-limits.js';
import { detachString } from './detach-string.js';

interface OpenEntry {
  readonly record: LogRecord;
  query: string;
  durationMs: number | undefined;
  params: (string | null)[] | undefined;
  plan: Plan | undefined;
  /** Seen as a `statement:`/`execute` line. */
  fromStatement: boolean;
  /** Seen as an auto_explain plan (even one that could not be parsed). */
  fromPlan: boolean;
  /** A simple-protocol `statement:` line: its plan, if any, was logged before it. */
  simple: boolean;
}

interface Session {
  open: OpenEntry | undefined;
  /** The entry a following `DETAIL:  parameters:` belongs to. */
  paramsTarget: OpenEntry | undefined;
}

export class LogEntryCollector {
  readonly #sink: EventSink;
  readonly #sessions = new Map<string, Session>();
  readonly #maxSessions: number;

  constructor(sink: EventSink, options: { readonly maxSessions?: number } = {}) {
    this.#sink = sink;
    this.#maxSessions = options.maxSessions ?? MAX_OPEN_SESSIONS;
  }

  record(record: LogRecord): void {
    const key = record.pid ?? '';
    const message = record.message;
    if (record.severity === 'DETAIL') {
      if (message.startsWith('parameters: ')) this.#attachParams(this.#sessions.get(key), message.slice(12), record.line);
      return;
    }
    const parsed = parseLogMessage(message);
    if (parsed.kind === 'other') return;
    let session = this.#sessions.get(key);
    if (parsed.kind === 'other-duration') {
      if (session !== undefined) session.paramsTarget = undefined;
      return;
    }
    if (session === undefined) {
      session = { open: undefined, paramsTarget: undefined };
      this.#sessions.set(key, session);
      if (this.#sessions.size > this.#maxSessions) this.#evictOldest();
    }
    if (parsed.kind === 'statement') {
      const entry: OpenEntry = {
        record,
        query: parsed.query,
        durationMs: parsed.durationMs,
        params: undefined,
        plan: undefined,
        fromStatement: true,
        fromPlan: false,
        simple: !parsed.extended,
      };
      const open = this.#mergeOrOpen(session, entry);
      session.paramsTarget = open;
      if (record.detail !== undefined && record.detail.startsWith('parameters: ')) {
        this.#attachParams(session, record.detail.slice(12), record.line);
      }
      return;
    }
    const explained = parseAutoExplain(parsed.body);
    if (explained.error !== undefined) this.#sink.error(record.line, explained.error);
    session.paramsTarget = undefined;
    if (explained.query === undefined) return;
    this.#mergeOrOpen(session, {
      record,
      query: explained.query,
      durationMs: parsed.durationMs,
      params: explained.params,
      plan: explained.plan,
      fromStatement: false,
      fromPlan: true,
      simple: false,
    });
  }

  /** A record of process `pid` that is not a statement (parse, bind): a DETAIL after it is not the statement's. */
  notStatement(pid: string | undefined): void {
    const session = this.#sessions.get(pid ?? '');
    if (session !== undefined) session.paramsTarget = undefined;
  }

  /** Emits every open entry. */
  end(): void {
    for (const session of this.#sessions.values()) if (session.open !== undefined) this.#emit(session.open);
    this.#sessions.clear();
  }

  #mergeOrOpen(session: Session, entry: OpenEntry): OpenEntry {
    const open = session.open;
    if (open !== undefined) {
      const pairs = open.fromPlan !== entry.fromPlan && open.fromStatement !== entry.fromStatement && !(open.simple && entry.fromPlan);
      if (pairs && open.query.trim() === entry.query.trim()) {
        // One run, logged twice: keep the statement's duration (it includes planning) and the plan.
        const statement = open.fromStatement ? open : entry;
        const explained = open.fromPlan ? open : entry;
        open.durationMs = statement.durationMs ?? explained.durationMs;
        open.plan = explained.plan;
        open.params ??= entry.params;
        open.fromPlan = true;
        open.fromStatement = true;
        open.simple = false;
        return open;
      }
      this.#emit(open);
    }
    session.open = entry;
    return entry;
  }

  #attachParams(session: Session | undefined, text: string, line: number): void {
    const target = session?.paramsTarget;
    if (target === undefined || target.params !== undefined) return;
    const params = parseBindParameters(text);
    if (params === undefined) {
      this.#sink.error(line, 'unreadable bind parameters, kept the statement without them');
      return;
    }
    target.params = params;
  }

  #evictOldest(): void {
    for (const [key, session] of this.#sessions) {
      if (session.open !== undefined) this.#emit(session.open);
      this.#sessions.delete(key);
      return;
    }
  }

  #emit(open: OpenEntry): void {
    const record = open.record;
    const entry: { -readonly [K in keyof StatementEntry]: StatementEntry[K] } = {
      type: 'statement',
      line: record.line,
      query: detachString(open.query),
    };
    if (open.params !== undefined) entry.params = open.params.map((value) => (value === null ? null : detachString(value)));
    if (open.durationMs !== undefined) entry.durationMs = open.durationMs;
    if (open.plan !== undefined) entry.plan = open.plan;
    if (record.database !== undefined) entry.database = detachString(record.database);
    if (record.user !== undefined) entry.user = detachString(record.user);
    if (record.application !== undefined) entry.application = detachString(record.application);
    if (record.timestamp !== undefined) entry.timestamp = detachString(record.timestamp);
    if (record.pid !== undefined) entry.pid = detachString(record.pid);
    if (record.queryId !== undefined) entry.queryId = detachString(record.queryId);
    this.#sink.entry(entry);
  }
}
