/**
 * Typed access to libpg-query's parse tree for the migration linter. Types
 * come from libpg-query (which re-exports `@pgsql/types`); this module and
 * `libpg.ts` are the only ones that name the parser package.
 */
import type { Node, RangeVar, TypeName } from 'libpg-query';

export type * from 'libpg-query';
export type { Node as AstNode } from 'libpg-query';

/** A parse-tree node's type name, e.g. `AlterTableStmt`: the one key of each `Node` variant. */
export type NodeKind = KeyOfEach<Node>;
type KeyOfEach<T> = T extends unknown ? keyof T & string : never;

/** The statement node's type name, e.g. `AlterTableStmt`. */
export function nodeKind(node: Node): string {
  for (const key in node) return key;
  return 'Unknown';
}

/** `sval` of a `String` node (identifiers in name lists). */
export function stringValue(node: Node | undefined): string | undefined {
  return node !== undefined && 'String' in node ? node.String.sval : undefined;
}

/** Names of a `names` list (`[schema, name]`), skipping non-strings. */
export function nameList(nodes: readonly Node[] | undefined): string[] {
  const out: string[] = [];
  for (const n of nodes ?? []) {
    const s = stringValue(n);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** A table as written: schema (when qualified) and name. */
export interface RelationName {
  readonly schema: string | undefined;
  readonly name: string;
}

export function relationName(rv: RangeVar | undefined): RelationName | undefined {
  if (rv?.relname === undefined) return undefined;
  return { schema: rv.schemaname, name: rv.relname };
}

/** `schema.name` with `public` for an unqualified name: the schema model's key. */
export function relationKey(name: RelationName): string {
  return `${name.schema ?? 'public'}.${name.name}`;
}

/** Display form: as qualified as the SQL was. */
export function relationDisplay(name: RelationName): string {
  return name.schema === undefined ? name.name : `${name.schema}.${name.name}`;
}

/** Integer value of an `A_Const` node, if it is one. */
export function integerConst(node: Node | undefined): number | undefined {
  if (node === undefined || !('A_Const' in node)) return undefined;
  return node.A_Const.ival?.ival ?? (node.A_Const.ival !== undefined ? 0 : undefined);
}

/** String value of an `A_Const` node, if it is one. */
export function stringConst(node: Node | undefined): string | undefined {
  if (node === undefined || !('A_Const' in node)) return undefined;
  return node.A_Const.sval?.sval;
}

/**
 * A type name in canonical form: catalog names without `pg_catalog.`
 * (`int4`, `varchar(20)`, `bpchar`, `timestamptz`, `numeric(10,2)`), `[]` for arrays.
 */
export function typeNameText(type: TypeName | undefined): string {
  if (type === undefined) return 'unknown';
  const names = nameList(type.names);
  const base = names.length > 1 && names[0] === 'pg_catalog' ? names.slice(1).join('.') : names.join('.');
  const mods = (type.typmods ?? []).map((m) => integerConst(m) ?? stringConst(m) ?? '?');
  const array = (type.arrayBounds ?? []).map(() => '[]').join('');
  return `${base}${mods.length > 0 ? `(${mods.join(',')})` : ''}${array}`;
}

/** The bare type name (last name part, no modifiers), e.g. `varchar`, `int4`, `my_enum`. */
export function typeBaseName(type: TypeName | undefined): string {
  const names = nameList(type?.names);
  return (names[names.length - 1] ?? 'unknown').toLowerCase();
}

/** Depth-first visit of every object in a parse subtree (nodes and plain records). */
export function visitTree(root: unknown, visit: (key: string, value: Record<string, unknown>) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child)) visit(key, child as Record<string, unknown>);
        stack.push(child);
      }
    }
  }
}
