/**
 * The shared logic of require-lock-timeout and require-statement-timeout:
 * before the first statement that locks a table other sessions use, the file
 * must set the timeout (a blocked ALTER otherwise queues every query behind
 * it). Off when the runner sets timeouts itself.
 */
import type { AstNode } from '../sql/migration-ast.js';
import type { LockInfo, MigrationRule, MigrationRuleMeta } from './types.js';
import type { SchemaView } from './schema-model.js';

/** Whether the lock is taken on a table the linted migrations did not create. */
export function locksExistingTable(lock: LockInfo | null, schema: SchemaView): boolean {
  if (lock === null) return false;
  return lock.tables.some((table) => {
    const dot = table.indexOf('.');
    const name = dot < 0 ? { schema: undefined, name: table } : { schema: table.slice(0, dot), name: table.slice(dot + 1) };
    return !schema.isNewTable(name);
  });
}

/** Milliseconds per unit of a timeout setting (a bare number is milliseconds). */
const UNIT_MILLIS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A timeout PostgreSQL reads as 0, which turns it off: `0`, `'0s'`, and values that round to 0 ms
 * (`'100us'`, `0.4`; PostgreSQL 12+ rounds a fraction to whole milliseconds). A value it would
 * refuse is not judged here.
 */
function isZeroTimeout(args: readonly AstNode[] | undefined): boolean {
  const value = args?.[0];
  if (value === undefined || !('A_Const' in value)) return false;
  const constant = value.A_Const;
  if (constant.ival !== undefined) return (constant.ival.ival ?? 0) === 0;
  const text = (constant.sval?.sval ?? constant.fval?.fval)?.trim();
  if (text === undefined) return false;
  // Trimmed first, so one optional blank between number and unit: no backtracking over long blank runs.
  const match = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?) ?(us|ms|s|min|h|d)?$/i.exec(text);
  if (match === null) return false;
  const millis = Number(match[1]) * (UNIT_MILLIS[(match[2] ?? 'ms').toLowerCase()] ?? 1);
  return Math.abs(millis) < 0.5;
}

/**
 * Who queues behind a statement waiting for `lock`: later requests that conflict with the mode it asked
 * for. ACCESS EXCLUSIVE stops every query; SHARE UPDATE EXCLUSIVE (CREATE INDEX CONCURRENTLY, VACUUM)
 * only DDL and maintenance.
 */
function queuedBehind(lock: LockInfo | null): string {
  const blocks = lock?.blocks ?? [];
  if (blocks.includes('reads')) return 'every later query on the table queues behind it (an outage, not just a slow migration)';
  if (blocks.includes('writes')) return 'every later write on the table queues behind it (reads go on)';
  return 'later DDL, VACUUM and ANALYZE on the table queue behind it (reads and writes go on)';
}

/** A rule requiring `SET <setting>` before the first statement that locks an existing table. */
export function timeoutRule(setting: 'lock_timeout' | 'statement_timeout', meta: MigrationRuleMeta, defaultValue: string): MigrationRule {
  return {
    meta,
    create(context) {
      if (context.settings.runnerSetsTimeouts) return {};
      let set = false;
      /** The file set it, to zero: the timeout is off, which is worse than forgetting it. */
      let disabled = false;
      let reported = false;
      return {
        statement(statement) {
          const node = statement.node;
          if ('VariableSetStmt' in node) {
            const stmt = node.VariableSetStmt;
            if (stmt.name?.toLowerCase() === setting) {
              disabled = stmt.kind === 'VAR_SET_VALUE' && isZeroTimeout(stmt.args);
              set = stmt.kind === 'VAR_SET_VALUE' && !disabled;
            }
            return;
          }
          if (set || reported || !locksExistingTable(statement.lock, context.schema)) return;
          reported = true;
          context.report(
            disabled
              ? { statement, messageId: 'disabled', data: { setting, value: defaultValue, queued: queuedBehind(statement.lock) } }
              : {
                  statement,
                  messageId: 'missing',
                  data: { setting, value: defaultValue, queued: queuedBehind(statement.lock) },
                  fix: [{ start: 0, end: 0, text: `SET ${setting} = '${defaultValue}';\n` }],
                },
          );
        },
      };
    },
  };
}
