/**
 * The schema as the migrations build it, replayed statement by statement
 * across files in order: tables, columns and types, indexes and constraints.
 * Rules read it (through `SchemaView`) to tell a table created by the
 * migrations being linted (empty, nobody else uses it yet) from an existing
 * one, to judge a type change by the column's actual old type, and to know a
 * partitioned table's DEFAULT partition (which ATTACH PARTITION scans too).
 */
import { nameList, relationKey, relationName, stringValue, typeNameText } from '../sql/migration-ast.js';
import type { AstNode, ColumnDef, Constraint, RangeVar, RelationName } from '../sql/migration-ast.js';

export interface ColumnModel {
  readonly name: string;
  /** Canonical type text (`typeNameText`), e.g. `varchar(20)`. */
  type: string;
  notNull: boolean;
}

export type ConstraintKind = 'check' | 'foreign' | 'unique' | 'primary' | 'exclusion' | 'notnull';

export interface ConstraintModel {
  readonly name: string;
  readonly kind: ConstraintKind;
  validated: boolean;
  /** For `CHECK (c IS NOT NULL)` and `NOT NULL` constraints: the column. */
  readonly notNullColumn: string | undefined;
  /** Referencing columns of a foreign key, key columns of unique/primary. */
  readonly columns: readonly string[];
  /**
   * Where the migrations defined it: in CREATE TABLE, by ALTER TABLE (ADD CONSTRAINT or ADD COLUMN),
   * or nowhere (only a VALIDATE CONSTRAINT of it was seen: its kind is a guess).
   */
  readonly definedBy: 'create' | 'alter' | 'unknown';
}

export interface IndexModel {
  readonly name: string;
  readonly tableKey: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface TableModel {
  key: string;
  readonly columns: Map<string, ColumnModel>;
  readonly constraints: Map<string, ConstraintModel>;
  /** Created by a migration that is being linted (not only replayed as history); false for tables only altered. */
  readonly createdByLintedFile: boolean;
  /** The file that created it, when known. */
  readonly createdIn: string | undefined;
  /** The migrations put rows in it (INSERT, COPY FROM, CREATE TABLE AS): a new table that is not empty. */
  hasRows: boolean;
  /**
   * Its DEFAULT partition as the SQL named it (`CREATE TABLE ... PARTITION OF it DEFAULT`, `ATTACH PARTITION
   * ... DEFAULT`), until it is detached or dropped; undefined when none was seen.
   */
  defaultPartition: RelationName | undefined;
}

/** What rules may ask of the schema. */
export interface SchemaView {
  table(name: RelationName): TableModel | undefined;
  /** True when the linted migrations created this table: locking it hurts nobody yet. */
  isNewTable(name: RelationName): boolean;
  /** True when the linted migrations created this schema. */
  isNewSchema(name: string): boolean;
  indexesOf(tableKey: string): readonly IndexModel[];
  index(name: RelationName): IndexModel | undefined;
}

function columnName(node: AstNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const s = stringValue(node);
  if (s !== undefined) return s;
  if ('IndexElem' in node) return node.IndexElem.name;
  if ('ColumnRef' in node) {
    const fields = node.ColumnRef.fields ?? [];
    return stringValue(fields[fields.length - 1]);
  }
  return undefined;
}

/** The column of `CHECK (col IS NOT NULL)`, if the check is exactly that. */
export function checkNotNullColumn(constraint: Constraint): string | undefined {
  const expr = constraint.raw_expr;
  if (constraint.contype !== 'CONSTR_CHECK' || expr === undefined || !('NullTest' in expr)) return undefined;
  if (expr.NullTest.nulltesttype !== 'IS_NOT_NULL') return undefined;
  return columnName(expr.NullTest.arg);
}

function constraintKind(constraint: Constraint): ConstraintKind | undefined {
  switch (constraint.contype) {
    case 'CONSTR_CHECK':
      return 'check';
    case 'CONSTR_FOREIGN':
      return 'foreign';
    case 'CONSTR_UNIQUE':
      return 'unique';
    case 'CONSTR_PRIMARY':
      return 'primary';
    case 'CONSTR_EXCLUSION':
      return 'exclusion';
    case 'CONSTR_NOTNULL':
      return 'notnull';
    default:
      return undefined;
  }
}

export class SchemaModel implements SchemaView {
  readonly #tables = new Map<string, TableModel>();
  readonly #newSchemas = new Set<string>();
  readonly #indexes = new Map<string, IndexModel>();
  /** Table key -> keys of its indexes: a drop or a foreign-key check looks at one table's, not all. */
  readonly #indexesByTable = new Map<string, Set<string>>();
  #anonymous = 0;

  table(name: RelationName): TableModel | undefined {
    return this.#tables.get(relationKey(name));
  }

  isNewTable(name: RelationName): boolean {
    return this.table(name)?.createdByLintedFile === true;
  }

  isNewSchema(name: string): boolean {
    return this.#newSchemas.has(name);
  }

  indexesOf(tableKey: string): readonly IndexModel[] {
    const out: IndexModel[] = [];
    for (const indexKey of this.#indexesByTable.get(tableKey) ?? []) {
      const index = this.#indexes.get(indexKey);
      if (index !== undefined) out.push(index);
    }
    return out;
  }

  index(name: RelationName): IndexModel | undefined {
    return this.#indexes.get(relationKey(name));
  }

  /** Replays one statement. `linted` says whether its file is being linted or only replayed. */
  apply(node: AstNode, path: string, linted: boolean): void {
    if ('CreateStmt' in node) {
      const stmt = node.CreateStmt;
      const name = relationName(stmt.relation);
      if (name === undefined) return;
      if (this.table(name) !== undefined && stmt.if_not_exists === true) return;
      const table = this.#createTable(name, path, linted);
      for (const element of stmt.tableElts ?? []) {
        if ('ColumnDef' in element) this.#addColumn(table, element.ColumnDef, 'create');
        else if ('Constraint' in element) this.#addConstraint(table, element.Constraint, undefined, 'create');
      }
      const parent = stmt.partbound?.is_default === true ? stmt.inhRelations?.[0] : undefined;
      const parentName = parent !== undefined && 'RangeVar' in parent ? relationName(parent.RangeVar) : undefined;
      if (parentName !== undefined) this.#known(parentName).defaultPartition = name;
      return;
    }
    if ('CreateTableAsStmt' in node) {
      const into = node.CreateTableAsStmt.into;
      const name = relationName(into?.rel);
      if (name !== undefined && this.table(name) === undefined) this.#createTable(name, path, linted).hasRows = into?.skipData !== true;
      return;
    }
    if (this.#trackRows(node)) return;
    if ('CreateSchemaStmt' in node) {
      const schema = node.CreateSchemaStmt.schemaname;
      // IF NOT EXISTS may have found the schema already there, full: not new.
      if (schema !== undefined && linted && node.CreateSchemaStmt.if_not_exists !== true) this.#newSchemas.add(schema);
      return;
    }
    if ('ViewStmt' in node) {
      // Views are relations too: locks on a view the migrations created hurt nobody.
      const name = relationName(node.ViewStmt.view);
      if (name !== undefined && this.table(name) === undefined) this.#createTable(name, path, linted);
      return;
    }
    if ('IndexStmt' in node) {
      const stmt = node.IndexStmt;
      const table = relationName(stmt.relation);
      if (table === undefined) return;
      const columns = (stmt.indexParams ?? []).map((p) => columnName(p) ?? '(expression)');
      const name = stmt.idxname ?? `${table.name}_${columns.join('_')}_idx`;
      this.#addIndex({ schema: table.schema, name }, relationKey(table), columns, stmt.unique === true);
      return;
    }
    if ('AlterTableStmt' in node) {
      this.#alterTable(node.AlterTableStmt.relation, node.AlterTableStmt.cmds ?? []);
      return;
    }
    if ('RenameStmt' in node) {
      this.#rename(node.RenameStmt.renameType, node.RenameStmt.relation, node.RenameStmt.subname, node.RenameStmt.newname);
      return;
    }
    if ('DropStmt' in node) {
      const stmt = node.DropStmt;
      for (const object of stmt.objects ?? []) {
        if (!('List' in object)) continue;
        const names = nameList(object.List.items);
        const rel: RelationName | undefined =
          names.length === 0 ? undefined : { schema: names.length > 1 ? names[0] : undefined, name: names[names.length - 1] as string };
        if (rel === undefined) continue;
        if (stmt.removeType === 'OBJECT_TABLE' || stmt.removeType === 'OBJECT_MATVIEW' || stmt.removeType === 'OBJECT_VIEW') {
          this.#dropTable(relationKey(rel));
        } else if (stmt.removeType === 'OBJECT_INDEX') {
          this.#dropIndex(relationKey(rel));
        }
      }
    }
  }

  /**
   * Rows going into or out of a table: INSERT (also inside a WITH), COPY FROM and MERGE fill it;
   * TRUNCATE and an unqualified DELETE empty it. True when `node` is such a statement.
   */
  #trackRows(node: AstNode): boolean {
    const mark = (relation: RangeVar | undefined, hasRows: boolean): void => {
      const name = relationName(relation);
      const table = name === undefined ? undefined : this.table(name);
      if (table !== undefined) table.hasRows = hasRows;
    };
    const withInserts = (ctes: readonly AstNode[] | undefined): void => {
      for (const cte of ctes ?? []) {
        const query = 'CommonTableExpr' in cte ? cte.CommonTableExpr.ctequery : undefined;
        if (query !== undefined && 'InsertStmt' in query) mark(query.InsertStmt.relation, true);
        else if (query !== undefined && 'MergeStmt' in query) mark(query.MergeStmt.relation, true);
      }
    };
    if ('InsertStmt' in node) {
      mark(node.InsertStmt.relation, true);
      withInserts(node.InsertStmt.withClause?.ctes);
    } else if ('CopyStmt' in node) {
      if (node.CopyStmt.is_from === true) mark(node.CopyStmt.relation, true);
    } else if ('MergeStmt' in node) {
      mark(node.MergeStmt.relation, true);
      withInserts(node.MergeStmt.withClause?.ctes);
    } else if ('TruncateStmt' in node) {
      for (const relation of node.TruncateStmt.relations ?? []) if ('RangeVar' in relation) mark(relation.RangeVar, false);
    } else if ('DeleteStmt' in node) {
      const stmt = node.DeleteStmt;
      if (stmt.whereClause === undefined && stmt.usingClause === undefined) mark(stmt.relation, false);
      withInserts(stmt.withClause?.ctes);
    } else if ('SelectStmt' in node || 'UpdateStmt' in node) {
      withInserts(('SelectStmt' in node ? node.SelectStmt : node.UpdateStmt).withClause?.ctes);
    } else return false;
    return true;
  }

  #createTable(name: RelationName, path: string | undefined, linted: boolean): TableModel {
    const key = relationKey(name);
    const table: TableModel = {
      key,
      columns: new Map(),
      constraints: new Map(),
      createdByLintedFile: linted,
      createdIn: path,
      hasRows: false,
      defaultPartition: undefined,
    };
    this.#tables.set(key, table);
    return table;
  }

  /** The table's model; a table the history never created already exists in the database: model what we learn of it. */
  #known(name: RelationName): TableModel {
    return this.table(name) ?? this.#createTable(name, undefined, false);
  }

  #dropTable(key: string): void {
    const table = this.#tables.get(key);
    this.#tables.delete(key);
    for (const indexKey of this.#indexesByTable.get(key) ?? []) this.#indexes.delete(indexKey);
    this.#indexesByTable.delete(key);
    // Dropping a partitioned table drops its partitions; a dropped partition is no longer anyone's default.
    if (table?.defaultPartition !== undefined) this.#dropTable(relationKey(table.defaultPartition));
    this.#replaceDefaultPartition(key, undefined);
  }

  /** Points the parent whose default partition is the table `key` at `by` (renamed) or at none (dropped). */
  #replaceDefaultPartition(key: string, by: RelationName | undefined): void {
    for (const table of this.#tables.values()) if (table.defaultPartition !== undefined && relationKey(table.defaultPartition) === key) table.defaultPartition = by;
  }

  #addIndex(name: RelationName, tableKey: string, columns: readonly string[], unique: boolean): void {
    const key = relationKey(name);
    this.#dropIndex(key);
    this.#indexes.set(key, { name: name.name, tableKey, columns, unique });
    let ofTable = this.#indexesByTable.get(tableKey);
    if (ofTable === undefined) {
      ofTable = new Set();
      this.#indexesByTable.set(tableKey, ofTable);
    }
    ofTable.add(key);
  }

  #dropIndex(key: string): void {
    const index = this.#indexes.get(key);
    if (index === undefined) return;
    this.#indexes.delete(key);
    this.#indexesByTable.get(index.tableKey)?.delete(key);
  }

  #addColumn(table: TableModel, def: ColumnDef, definedBy: ConstraintModel['definedBy']): void {
    if (def.colname === undefined) return;
    const column: ColumnModel = { name: def.colname, type: typeNameText(def.typeName), notNull: false };
    table.columns.set(def.colname, column);
    for (const c of def.constraints ?? []) {
      if (!('Constraint' in c)) continue;
      const constraint = c.Constraint;
      if (constraint.contype === 'CONSTR_NOTNULL' || constraint.contype === 'CONSTR_PRIMARY') column.notNull = true;
      if (constraint.contype === 'CONSTR_IDENTITY') column.notNull = true;
      if (['CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_FOREIGN', 'CONSTR_CHECK'].includes(constraint.contype ?? '')) {
        this.#addConstraint(table, constraint, def.colname, definedBy);
      }
    }
  }

  #addConstraint(table: TableModel, constraint: Constraint, column: string | undefined, definedBy: ConstraintModel['definedBy']): void {
    const kind = constraintKind(constraint);
    if (kind === undefined) return;
    const keys = kind === 'foreign' ? constraint.fk_attrs : constraint.keys;
    let columns = (keys ?? []).map((k) => columnName(k) ?? '?');
    if (columns.length === 0 && column !== undefined) columns = [column];
    const [schema] = table.key.split('.');
    // ADD CONSTRAINT ... USING INDEX: the constraint takes over an existing index (renamed to the
    // constraint's name) and its columns.
    const usedIndex = constraint.indexname === undefined ? undefined : this.index({ schema, name: constraint.indexname });
    if (usedIndex !== undefined && columns.length === 0) columns = [...usedIndex.columns];
    const name = constraint.conname ?? `${table.key}_anonymous_${++this.#anonymous}`;
    const notNullColumn = kind === 'notnull' ? (columns[0] ?? column) : checkNotNullColumn(constraint);
    table.constraints.set(name, { name, kind, validated: constraint.skip_validation !== true, notNullColumn, columns, definedBy });
    if (kind === 'primary' || kind === 'unique') {
      if (usedIndex !== undefined && constraint.indexname !== undefined) this.#dropIndex(relationKey({ schema, name: constraint.indexname }));
      const indexName = constraint.conname ?? constraint.indexname ?? `${table.key}_${columns.join('_')}_key`;
      this.#addIndex({ schema, name: indexName }, table.key, columns, true);
    }
    if (kind === 'primary') for (const c of columns) {
      const model = table.columns.get(c);
      if (model !== undefined) model.notNull = true;
    }
  }

  #alterTable(relation: RangeVar | undefined, cmds: readonly AstNode[]): void {
    const name = relationName(relation);
    if (name === undefined) return;
    const table = this.#known(name);
    for (const node of cmds) {
      if (!('AlterTableCmd' in node)) continue;
      const cmd = node.AlterTableCmd;
      const def = cmd.def;
      switch (cmd.subtype) {
        case 'AT_AddColumn':
          if (def !== undefined && 'ColumnDef' in def) this.#addColumn(table, def.ColumnDef, 'alter');
          break;
        case 'AT_DropColumn':
          if (cmd.name !== undefined) table.columns.delete(cmd.name);
          break;
        case 'AT_AlterColumnType': {
          const column = cmd.name === undefined ? undefined : table.columns.get(cmd.name);
          if (column !== undefined && def !== undefined && 'ColumnDef' in def) column.type = typeNameText(def.ColumnDef.typeName);
          break;
        }
        case 'AT_SetNotNull':
        case 'AT_DropNotNull': {
          const column = cmd.name === undefined ? undefined : table.columns.get(cmd.name);
          if (column !== undefined) column.notNull = cmd.subtype === 'AT_SetNotNull';
          break;
        }
        case 'AT_AddConstraint':
          if (def !== undefined && 'Constraint' in def) this.#addConstraint(table, def.Constraint, undefined, 'alter');
          break;
        case 'AT_ValidateConstraint': {
          if (cmd.name === undefined) break;
          const constraint = table.constraints.get(cmd.name);
          if (constraint !== undefined) constraint.validated = true;
          // Validated but never seen added: its definition is unknown.
          else table.constraints.set(cmd.name, { name: cmd.name, kind: 'check', validated: true, notNullColumn: undefined, columns: [], definedBy: 'unknown' });
          break;
        }
        case 'AT_DropConstraint':
          if (cmd.name !== undefined) table.constraints.delete(cmd.name);
          break;
        case 'AT_AttachPartition':
        case 'AT_DetachPartition':
        case 'AT_DetachPartitionFinalize': {
          const partitionCmd = def !== undefined && 'PartitionCmd' in def ? def.PartitionCmd : undefined;
          const partition = relationName(partitionCmd?.name);
          if (partition === undefined) break;
          if (cmd.subtype === 'AT_AttachPartition') {
            if (partitionCmd?.bound?.is_default === true) table.defaultPartition = partition;
          } else if (table.defaultPartition !== undefined && relationKey(table.defaultPartition) === relationKey(partition)) {
            table.defaultPartition = undefined;
          }
          break;
        }
        default:
          break;
      }
    }
  }

  #rename(type: string | undefined, relation: RangeVar | undefined, from: string | undefined, to: string | undefined): void {
    const name = relationName(relation);
    if (name === undefined || to === undefined) return;
    const table = this.table(name);
    if (type === 'OBJECT_TABLE') {
      const oldKey = relationKey(name);
      const renamed = { schema: name.schema, name: to };
      const newKey = relationKey(renamed);
      this.#replaceDefaultPartition(oldKey, renamed);
      // The table's indexes go with it, also when only its indexes were seen (the table is older).
      const indexKeys = this.#indexesByTable.get(oldKey);
      this.#indexesByTable.delete(oldKey);
      if (indexKeys !== undefined) {
        this.#indexesByTable.set(newKey, indexKeys);
        for (const indexKey of indexKeys) {
          const index = this.#indexes.get(indexKey);
          if (index !== undefined) this.#indexes.set(indexKey, { ...index, tableKey: newKey });
        }
      }
      if (table === undefined) return;
      this.#tables.delete(table.key);
      table.key = newKey;
      this.#tables.set(table.key, table);
    } else if (type === 'OBJECT_COLUMN' && table !== undefined && from !== undefined) {
      const column = table.columns.get(from);
      if (column === undefined) return;
      table.columns.delete(from);
      table.columns.set(to, { ...column, name: to });
    }
  }
}
