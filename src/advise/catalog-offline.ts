/**
 * Offline catalog: replays a schema dump or a migrations folder (in the order
 * given) with PostgreSQL's own parser, keeping what the advisor needs: tables,
 * columns and indexes, including those behind PRIMARY KEY and UNIQUE.
 * Statements it does not model are ignored; a file that does not parse is
 * reported through `onWarning` and skipped.
 */
import { parseSqlTree, toSyntaxError } from '../sql/libpg.js';
import { quoteIdentifier } from '../sql/expression.js';
import type { Catalog, ExistingIndex, IndexKey, RelationKind, TableFacts } from './catalog.js';
import { StaticCatalog } from './catalog.js';

/** A JSON object from libpg-query's parse tree, read defensively. */
type Node = { readonly [key: string]: unknown };

function obj(value: unknown): Node | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined;
}
function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
/** `{ String: { sval } }` items of a name list. */
function names(value: unknown): string[] {
  return list(value).flatMap((item) => {
    const s = str(obj(obj(item)?.['String'])?.['sval']);
    return s === undefined ? [] : [s];
  });
}

interface MutableTable {
  schema: string;
  name: string;
  kind: RelationKind;
  columns: Map<string, string>;
  indexes: ExistingIndex[];
}

/** Builds a catalog from schema SQL files, replayed in order. */
export function offlineCatalog(
  files: readonly { readonly path: string; readonly sql: string }[],
  onWarning: (message: string) => void = () => {},
): Catalog {
  const tables = new Map<string, MutableTable>();
  const key = (schema: string | undefined, name: string): string => `${schema ?? 'public'}.${name}`;
  const table = (relation: Node | undefined): MutableTable | undefined => {
    const name = str(relation?.['relname']);
    return name === undefined ? undefined : tables.get(key(str(relation?.['schemaname']), name));
  };
  let unnamed = 0;
  const addConstraintIndex = (target: MutableTable, constraint: Node, columnName?: string): void => {
    const type = str(constraint['contype']);
    if (type !== 'CONSTR_PRIMARY' && type !== 'CONSTR_UNIQUE') return;
    const keys = columnName !== undefined ? [columnName] : names(constraint['keys']);
    if (keys.length === 0) return;
    const name = str(constraint['conname']) ?? `${target.name}_${type === 'CONSTR_PRIMARY' ? 'pkey' : `key${++unnamed}`}`;
    target.indexes.push({
      schema: target.schema,
      name,
      using: 'btree',
      keys: keys.map((k) => ({ key: k, expression: false, descending: false, opclass: null })),
      include: names(constraint['including']),
      where: null,
      unique: true,
      constraint: true,
      valid: true,
      scans: null,
      sizeBytes: null,
    });
  };

  for (const file of files) {
    // psql meta-commands (\connect, \set) are not SQL.
    const sql = file.sql.replace(/^[ \t]*\\.*$/gm, '');
    let stmts: readonly unknown[];
    try {
      stmts = list(parseSqlTree(sql).stmts);
    } catch (error) {
      onWarning(`${file.path}: schema SQL could not be parsed (${toSyntaxError(error).message}); skipped`);
      continue;
    }
    for (const raw of stmts) {
      const stmt = obj(obj(raw)?.['stmt']);
      if (stmt === undefined) continue;
      const create = obj(stmt['CreateStmt']);
      if (create !== undefined) {
        const relation = obj(create['relation']);
        const name = str(relation?.['relname']);
        if (name === undefined) continue;
        const schema = str(relation?.['schemaname']) ?? 'public';
        const t: MutableTable = {
          schema,
          name,
          kind: create['partspec'] !== undefined ? 'partitioned' : 'table',
          columns: new Map(),
          indexes: [],
        };
        tables.set(key(schema, name), t);
        for (const element of list(create['tableElts'])) {
          const column = obj(obj(element)?.['ColumnDef']);
          if (column !== undefined) {
            const columnName = str(column['colname']);
            if (columnName === undefined) continue;
            const typeNames = names(obj(column['typeName'])?.['names']);
            t.columns.set(columnName, typeNames[typeNames.length - 1] ?? 'unknown');
            for (const c of list(column['constraints'])) {
              const constraint = obj(obj(c)?.['Constraint']);
              if (constraint !== undefined) addConstraintIndex(t, constraint, columnName);
            }
            continue;
          }
          const constraint = obj(obj(element)?.['Constraint']);
          if (constraint !== undefined) addConstraintIndex(t, constraint);
        }
        continue;
      }
      const index = obj(stmt['IndexStmt']);
      if (index !== undefined) {
        const t = table(obj(index['relation']));
        if (t === undefined) continue;
        const keys: IndexKey[] = [];
        for (const param of list(index['indexParams'])) {
          const element = obj(obj(param)?.['IndexElem']);
          if (element === undefined) continue;
          const column = str(element['name']);
          const expr = column === undefined ? renderNode(element['expr']) : null;
          const opclass = names(element['opclass']);
          keys.push({
            key: column ?? expr ?? '?',
            expression: column === undefined,
            descending: element['ordering'] === 'SORTBY_DESC',
            opclass: opclass.length > 0 ? opclass.join('.') : null,
          });
        }
        const include = list(index['indexIncludingParams']).flatMap((param) => {
          const name = str(obj(obj(param)?.['IndexElem'])?.['name']);
          return name === undefined ? [] : [name];
        });
        t.indexes.push({
          schema: t.schema,
          name: str(index['idxname']) ?? `${t.name}_idx${++unnamed}`,
          using: str(index['accessMethod']) ?? 'btree',
          keys,
          include,
          where: index['whereClause'] === undefined ? null : renderNode(index['whereClause']),
          unique: index['unique'] === true,
          constraint: index['primary'] === true,
          valid: true,
          scans: null,
          sizeBytes: null,
        });
        continue;
      }
      const alter = obj(stmt['AlterTableStmt']);
      if (alter !== undefined) {
        const t = table(obj(alter['relation']));
        if (t === undefined) continue;
        for (const c of list(alter['cmds'])) {
          const cmd = obj(obj(c)?.['AlterTableCmd']);
          const def = obj(cmd?.['def']);
          if (cmd?.['subtype'] === 'AT_AddConstraint') {
            const constraint = obj(def?.['Constraint']);
            if (constraint !== undefined) addConstraintIndex(t, constraint);
          } else if (cmd?.['subtype'] === 'AT_AddColumn') {
            const column = obj(def?.['ColumnDef']);
            const columnName = str(column?.['colname']);
            if (column === undefined || columnName === undefined) continue;
            const typeNames = names(obj(column['typeName'])?.['names']);
            t.columns.set(columnName, typeNames[typeNames.length - 1] ?? 'unknown');
            for (const cc of list(column['constraints'])) {
              const constraint = obj(obj(cc)?.['Constraint']);
              if (constraint !== undefined) addConstraintIndex(t, constraint, columnName);
            }
          } else if (cmd?.['subtype'] === 'AT_DropColumn') {
            const columnName = str(cmd['name']);
            if (columnName === undefined) continue;
            t.columns.delete(columnName);
            t.indexes = t.indexes.filter((i) => !i.keys.some((k) => !k.expression && k.key === columnName));
          }
        }
        continue;
      }
      const drop = obj(stmt['DropStmt']);
      if (drop !== undefined) {
        for (const o of list(drop['objects'])) {
          const parts = names(obj(obj(o)?.['List'])?.['items']);
          const name = parts[parts.length - 1];
          const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
          if (name === undefined) continue;
          if (drop['removeType'] === 'OBJECT_TABLE') tables.delete(key(schema, name));
          else if (drop['removeType'] === 'OBJECT_INDEX') {
            for (const t of tables.values()) {
              if (schema === undefined || t.schema === schema) t.indexes = t.indexes.filter((i) => i.name !== name);
            }
          }
        }
        continue;
      }
      const rename = obj(stmt['RenameStmt']);
      if (rename !== undefined && rename['renameType'] === 'OBJECT_TABLE') {
        const t = table(obj(rename['relation']));
        const newName = str(rename['newname']);
        if (t === undefined || newName === undefined) continue;
        tables.delete(key(t.schema, t.name));
        t.name = newName;
        tables.set(key(t.schema, newName), t);
        continue;
      }
      const view = obj(stmt['ViewStmt']);
      const matview = obj(stmt['CreateTableAsStmt']);
      const viewRelation = view !== undefined ? obj(view['view']) : obj(obj(matview?.['into'])?.['rel']);
      if (viewRelation !== undefined) {
        const name = str(viewRelation['relname']);
        if (name === undefined) continue;
        const schema = str(viewRelation['schemaname']) ?? 'public';
        const kind: RelationKind = view !== undefined ? 'view' : matview?.['objtype'] === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
        tables.set(key(schema, name), { schema, name, kind, columns: new Map(), indexes: [] });
      }
    }
  }
  const facts: TableFacts[] = [...tables.values()].map((t) => ({ ...t, rows: null }));
  return new StaticCatalog(facts, { live: false });
}

/**
 * Renders the small expression subset found in index definitions (columns,
 * function calls, operators, constants, casts dropped, IS [NOT] NULL, AND) in
 * the advisor's canonical form, so it compares equal to candidate keys.
 */
function renderNode(value: unknown): string | null {
  const node = obj(value);
  if (node === undefined) return null;
  const column = obj(node['ColumnRef']);
  if (column !== undefined) {
    const parts = names(column['fields']);
    const last = parts[parts.length - 1];
    return last === undefined ? null : quoteIdentifier(last);
  }
  const constant = obj(node['A_Const']);
  if (constant !== undefined) {
    const s = str(obj(constant['sval'])?.['sval']);
    if (s !== undefined) return `'${s.replaceAll("'", "''")}'`;
    const i = obj(constant['ival']);
    if (i !== undefined) return String(i['ival'] ?? 0);
    const b = obj(constant['boolval']);
    if (b !== undefined) return b['boolval'] === true ? 'true' : 'false';
    const f = str(obj(constant['fval'])?.['fval']);
    return f ?? null;
  }
  const cast = obj(node['TypeCast']);
  if (cast !== undefined) return renderNode(cast['arg']);
  const call = obj(node['FuncCall']);
  if (call !== undefined) {
    const args = list(call['args']).map(renderNode);
    if (args.some((a) => a === null)) return null;
    return `${names(call['funcname']).join('.').toLowerCase()}(${args.join(', ')})`;
  }
  const op = obj(node['A_Expr']);
  if (op !== undefined && op['kind'] === 'AEXPR_OP') {
    const left = renderNode(op['lexpr']);
    const right = renderNode(op['rexpr']);
    const operator = names(op['name']).join('');
    return left === null || right === null ? null : `(${left} ${operator} ${right})`;
  }
  const nullTest = obj(node['NullTest']);
  if (nullTest !== undefined) {
    const arg = renderNode(nullTest['arg']);
    return arg === null ? null : `${arg} ${nullTest['nulltesttype'] === 'IS_NOT_NULL' ? 'IS NOT NULL' : 'IS NULL'}`;
  }
  const bool = obj(node['BoolExpr']);
  if (bool !== undefined && bool['boolop'] === 'AND_EXPR') {
    const args = list(bool['args']).map(renderNode);
    return args.some((a) => a === null) ? null : args.join(' AND ');
  }
  return null;
}
