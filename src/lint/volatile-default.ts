/**
 * Whether a column default must be computed per row. PostgreSQL 11+ stores a
 * non-volatile default once in the catalog (no rewrite); a volatile one
 * (random(), gen_random_uuid(), nextval(), an unknown function) fills every
 * row under an ACCESS EXCLUSIVE lock.
 */
import { nameList, visitTree } from '../sql/migration-ast.js';
import type { AstNode } from '../sql/migration-ast.js';

/** Functions known not to be volatile, by lower-case name and allowed argument count. */
const NON_VOLATILE: ReadonlyMap<string, readonly number[]> = new Map([
  ['now', [0]],
  ['transaction_timestamp', [0]],
  ['statement_timestamp', [0]],
  ['current_date', [0]],
  ['lower', [1]],
  ['upper', [1]],
  ['length', [1]],
  ['abs', [1]],
  ['coalesce', [1, 2, 3, 4]],
  ['to_jsonb', [1]],
  ['to_json', [1]],
  ['jsonb_build_object', [0, 2, 4, 6, 8]],
  ['jsonb_build_array', [0, 1, 2, 3, 4]],
  ['json_build_object', [0, 2, 4, 6, 8]],
  ['array_fill', [2, 3]],
  ['make_interval', [0, 1, 2, 3, 4, 5, 6, 7]],
  ['timezone', [2]],
  ['date_trunc', [2, 3]],
]);

/** The first function in `expr` not known to be non-volatile, or undefined when the default is safe. */
export function volatileFunctionIn(expr: AstNode | undefined): string | undefined {
  if (expr === undefined) return undefined;
  let found: string | undefined;
  const check = (key: string, value: Record<string, unknown>): void => {
    if (found !== undefined || key !== 'FuncCall') return;
    const call = value as { funcname?: AstNode[]; args?: unknown[] };
    const names = nameList(call.funcname);
    const name = (names[names.length - 1] ?? '').toLowerCase();
    const arities = NON_VOLATILE.get(name);
    const argc = call.args?.length ?? 0;
    if (arities === undefined || !arities.includes(argc)) found = `${names.join('.')}()`;
  };
  visitTree(expr, check);
  // visitTree skips the root itself.
  if ('FuncCall' in expr) check('FuncCall', expr.FuncCall as Record<string, unknown>);
  return found;
}
