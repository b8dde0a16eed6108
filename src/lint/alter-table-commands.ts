/**
 * The subcommands of an `ALTER TABLE` statement with the table they act on
 * and whether the migrations being linted created that table (then locking
 * or rewriting it hurts nobody).
 */
import { relationDisplay, relationName } from '../sql/migration-ast.js';
import type { AlterTableCmd, ColumnDef, Constraint, RelationName } from '../sql/migration-ast.js';
import type { SchemaView } from './schema-model.js';
import type { LintStatement } from './types.js';

export interface AlterCommand {
  readonly table: RelationName;
  /** The table as written, e.g. `public.orders`. */
  readonly tableText: string;
  readonly cmd: AlterTableCmd;
  readonly newTable: boolean;
}

// Many rules ask for the same statement's commands while the schema stands still: compute once.
const cache = new WeakMap<LintStatement, readonly AlterCommand[]>();

export function alterTableCommands(statement: LintStatement, schema: SchemaView): readonly AlterCommand[] {
  if (!statement.kind.startsWith('AlterTable')) return [];
  const cached = cache.get(statement);
  if (cached !== undefined) return cached;
  const commands = computeCommands(statement, schema);
  cache.set(statement, commands);
  return commands;
}

function computeCommands(statement: LintStatement, schema: SchemaView): AlterCommand[] {
  const node = statement.node;
  if (!('AlterTableStmt' in node)) return [];
  const stmt = node.AlterTableStmt;
  if (stmt.objtype !== undefined && stmt.objtype !== 'OBJECT_TABLE' && stmt.objtype !== 'OBJECT_FOREIGN_TABLE') return [];
  const table = relationName(stmt.relation);
  if (table === undefined) return [];
  const newTable = schema.isNewTable(table);
  const out: AlterCommand[] = [];
  for (const c of stmt.cmds ?? []) {
    if ('AlterTableCmd' in c) out.push({ table, tableText: relationDisplay(table), cmd: c.AlterTableCmd, newTable });
  }
  return out;
}

/** The column definition of an ADD COLUMN / ALTER COLUMN TYPE command. */
export function commandColumn(cmd: AlterTableCmd): ColumnDef | undefined {
  return cmd.def !== undefined && 'ColumnDef' in cmd.def ? cmd.def.ColumnDef : undefined;
}

/** The constraint of an ADD CONSTRAINT command. */
export function commandConstraint(cmd: AlterTableCmd): Constraint | undefined {
  return cmd.def !== undefined && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined;
}

/** The inline constraints of a column definition. */
export function columnConstraints(column: ColumnDef | undefined): Constraint[] {
  return (column?.constraints ?? []).flatMap((c) => ('Constraint' in c ? [c.Constraint] : []));
}

/** The constraints a command adds: ADD CONSTRAINT's own, or the inline ones of an ADD COLUMN. */
export function addedConstraints(cmd: AlterTableCmd): Constraint[] {
  if (cmd.subtype === 'AT_AddConstraint') {
    const constraint = commandConstraint(cmd);
    return constraint === undefined ? [] : [constraint];
  }
  return cmd.subtype === 'AT_AddColumn' ? columnConstraints(commandColumn(cmd)) : [];
}
