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

/** A timeout of zero (`0`, `'0'`, `'0s'`, `'0ms'` ...): PostgreSQL reads it as no timeout at all. */
function isZeroTimeout(args: readonly AstNode[] | undefined): boolean {
  const value = args?.[0];
  if (value === undefined || !('A_Const' in value)) return false;
  const constant = value.A_Const;
  if (constant.ival !== undefined) return (constant.ival.ival ?? 0) === 0;
  const text = constant.sval?.sval ?? constant.fval?.fval;
  return text !== undefined && /^\s*0*(?:\.0*)?\s*(?:us|ms|s|min|h|d)?\s*$/i.test(text) && /0/.test(text);
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
              ? { statement, messageId: 'disabled', data: { setting, value: defaultValue } }
              : { statement, messageId: 'missing', data: { setting, value: defaultValue }, fix: [{ start: 0, end: 0, text: `SET ${setting} = '${defaultValue}';\n` }] },
          );
        },
      };
    },
  };
}
