/**
 * Every column type a statement declares (CREATE TABLE columns, ADD COLUMN,
 * ALTER COLUMN TYPE), for the type-hygiene rules.
 */
import { typeBaseName, typeNameText } from '../sql/migration-ast.js';
import type { AstNode, TypeName } from '../sql/migration-ast.js';
import type { LintStatement } from './types.js';

export interface DeclaredType {
  readonly column: string;
  readonly type: TypeName;
  /** Lower-case last name part, e.g. `varchar`, `int4`, `bpchar`. */
  readonly base: string;
  /** Canonical text, e.g. `varchar(20)`. */
  readonly text: string;
  /** File offset of the type name. */
  readonly offset: number;
}

function fromColumnDefs(statement: LintStatement, elements: readonly AstNode[] | undefined, out: DeclaredType[]): void {
  for (const element of elements ?? []) {
    if (!('ColumnDef' in element)) continue;
    const def = element.ColumnDef;
    if (def.typeName === undefined) continue;
    const name = def.colname ?? '';
    out.push(declared(statement, name, def.typeName));
  }
}

function declared(statement: LintStatement, column: string, type: TypeName): DeclaredType {
  return { column, type, base: typeBaseName(type), text: typeNameText(type), offset: statement.locate(type.location) };
}

const cache = new WeakMap<LintStatement, readonly DeclaredType[]>();

/** Column types the statement declares (computed once per statement: several rules ask). */
export function declaredTypes(statement: LintStatement): readonly DeclaredType[] {
  const cached = cache.get(statement);
  if (cached !== undefined) return cached;
  const types = computeTypes(statement);
  cache.set(statement, types);
  return types;
}

function computeTypes(statement: LintStatement): DeclaredType[] {
  const node = statement.node;
  const out: DeclaredType[] = [];
  if ('CreateStmt' in node) fromColumnDefs(statement, node.CreateStmt.tableElts, out);
  else if ('CreateForeignTableStmt' in node) fromColumnDefs(statement, node.CreateForeignTableStmt.base?.tableElts, out);
  else if ('AlterTableStmt' in node) {
    for (const c of node.AlterTableStmt.cmds ?? []) {
      if (!('AlterTableCmd' in c)) continue;
      const cmd = c.AlterTableCmd;
      if ((cmd.subtype === 'AT_AddColumn' || cmd.subtype === 'AT_AlterColumnType') && cmd.def !== undefined && 'ColumnDef' in cmd.def) {
        const def = cmd.def.ColumnDef;
        if (def.typeName !== undefined) out.push(declared(statement, def.colname ?? cmd.name ?? '', def.typeName));
      }
    }
  }
  return out;
}
