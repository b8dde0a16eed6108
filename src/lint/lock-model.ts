/**
 * The lock each statement takes, on which tables, what that lock blocks, and
 * whether the table is rewritten or scanned while it is held. Lock levels
 * follow PostgreSQL's documentation for each command and `ALTER TABLE` form
 * (the strongest subcommand wins).
 */
import { relationDisplay, relationName } from '../sql/migration-ast.js';
import type { AlterTableCmd, AstNode, RangeVar, RelationName } from '../sql/migration-ast.js';
import type { SchemaView } from './schema-model.js';
import { typeChangeRewrites } from './type-change.js';
import type { BlockedOperation, LintSettings, LockInfo, LockMode } from './types.js';
import { volatileFunctionIn } from './volatile-default.js';
import { typeNameText } from '../sql/migration-ast.js';

const STRENGTH: readonly LockMode[] = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

/** Operations of other sessions a lock mode makes wait. */
export function blockedBy(mode: LockMode): readonly BlockedOperation[] {
  switch (mode) {
    case 'ACCESS EXCLUSIVE':
      return ['reads', 'writes', 'ddl'];
    case 'EXCLUSIVE':
    case 'SHARE ROW EXCLUSIVE':
    case 'SHARE':
      return ['writes', 'ddl'];
    default:
      return ['ddl'];
  }
}

export function strongerLock(a: LockMode, b: LockMode): LockMode {
  return STRENGTH.indexOf(a) >= STRENGTH.indexOf(b) ? a : b;
}

function lock(mode: LockMode, tables: readonly string[], rewrites = false, scans = rewrites): LockInfo {
  return { mode, tables, blocks: blockedBy(mode), rewrites, scans };
}

interface CmdEffect {
  mode: LockMode;
  rewrites: boolean;
  scans: boolean;
  /** Other tables locked (foreign key targets). */
  also?: string;
}

/** Whether adding this column rewrites the table (volatile default, stored generated, identity, serial; any default before 11). */
export function addColumnRewrites(cmd: AlterTableCmd, settings: LintSettings): boolean {
  const def = cmd.def;
  if (def === undefined || !('ColumnDef' in def)) return false;
  const column = def.ColumnDef;
  const type = typeNameText(column.typeName).toLowerCase();
  if (/^(small|big)?serial[248]?$/.test(type)) return true;
  for (const c of column.constraints ?? []) {
    if (!('Constraint' in c)) continue;
    const constraint = c.Constraint;
    if (constraint.contype === 'CONSTR_IDENTITY') return true;
    // Virtual generated columns (the default from 18) are computed on read.
    if (constraint.contype === 'CONSTR_GENERATED') return constraint.generated_kind !== 'v';
    if (constraint.contype === 'CONSTR_DEFAULT') {
      if (settings.pgVersion.major < 11) return true;
      if (volatileFunctionIn(constraint.raw_expr) !== undefined) return true;
    }
  }
  return false;
}

/** Whether a validated `CHECK (col IS NOT NULL)` (or, on 18+, a validated NOT NULL constraint) lets SET NOT NULL skip its scan. */
export function notNullProven(schema: SchemaView, table: RelationName, column: string, settings: LintSettings): boolean {
  if (settings.pgVersion.major < 12) return false;
  const model = schema.table(table);
  if (model === undefined) return false;
  for (const constraint of model.constraints.values()) {
    if (!constraint.validated) continue;
    if (constraint.notNullColumn === column) return true;
    // Only validated by name (added before the replayed history): trust a name that mentions the column.
    if (constraint.kind === 'check' && constraint.columns.length === 0 && constraint.notNullColumn === undefined && constraint.name.includes(column) && /not_?null|nn/i.test(constraint.name)) return true;
  }
  return false;
}

function cmdEffect(cmd: AlterTableCmd, table: RelationName, schema: SchemaView, settings: LintSettings): CmdEffect {
  const def = cmd.def;
  switch (cmd.subtype) {
    case 'AT_SetStatistics':
    case 'AT_ClusterOn':
    case 'AT_DropCluster':
    case 'AT_ValidateConstraint':
    case 'AT_SetOptions':
    case 'AT_ResetOptions':
      return { mode: 'SHARE UPDATE EXCLUSIVE', rewrites: false, scans: cmd.subtype === 'AT_ValidateConstraint' };
    case 'AT_AttachPartition':
      // On the parent; the partition itself is locked ACCESS EXCLUSIVE and scanned (rule attaching-partition).
      // Before PostgreSQL 12 the parent was locked ACCESS EXCLUSIVE too.
      // It scans (the partition, and a default partition) while the parent's lock is held.
      return { mode: settings.pgVersion.major >= 12 ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', rewrites: false, scans: true };
    case 'AT_SetRelOptions':
    case 'AT_ResetRelOptions':
      return { mode: 'SHARE UPDATE EXCLUSIVE', rewrites: false, scans: false };
    case 'AT_DetachPartition': {
      const concurrent = def !== undefined && 'PartitionCmd' in def && def.PartitionCmd.concurrent === true;
      return { mode: concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', rewrites: false, scans: false };
    }
    case 'AT_DetachPartitionFinalize':
      return { mode: 'SHARE UPDATE EXCLUSIVE', rewrites: false, scans: false };
    case 'AT_EnableTrig':
    case 'AT_EnableAlwaysTrig':
    case 'AT_EnableReplicaTrig':
    case 'AT_DisableTrig':
    case 'AT_EnableTrigAll':
    case 'AT_DisableTrigAll':
    case 'AT_EnableTrigUser':
    case 'AT_DisableTrigUser':
      return { mode: 'SHARE ROW EXCLUSIVE', rewrites: false, scans: false };
    case 'AT_AddConstraint': {
      if (def === undefined || !('Constraint' in def)) break;
      const c = def.Constraint;
      const notValid = c.skip_validation === true;
      if (c.contype === 'CONSTR_FOREIGN') {
        const target = relationName(c.pktable);
        return { mode: 'SHARE ROW EXCLUSIVE', rewrites: false, scans: !notValid, also: target === undefined ? undefined : relationDisplay(target) };
      }
      if (c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_EXCLUSION') {
        return { mode: 'ACCESS EXCLUSIVE', rewrites: false, scans: c.indexname === undefined };
      }
      return { mode: 'ACCESS EXCLUSIVE', rewrites: false, scans: !notValid };
    }
    case 'AT_AddColumn': {
      const rewrites = addColumnRewrites(cmd, settings);
      let scans = rewrites;
      let also: string | undefined;
      if (def !== undefined && 'ColumnDef' in def) {
        for (const c of def.ColumnDef.constraints ?? []) {
          if (!('Constraint' in c)) continue;
          if (['CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_CHECK'].includes(c.Constraint.contype ?? '')) scans = true;
          if (c.Constraint.contype === 'CONSTR_FOREIGN') {
            const target = relationName(c.Constraint.pktable);
            if (target !== undefined) also = relationDisplay(target);
          }
        }
      }
      return { mode: 'ACCESS EXCLUSIVE', rewrites, scans, also };
    }
    case 'AT_AlterColumnType': {
      const column = cmd.name === undefined ? undefined : schema.table(table)?.columns.get(cmd.name);
      const newType = def !== undefined && 'ColumnDef' in def ? typeNameText(def.ColumnDef.typeName) : 'unknown';
      const rewrites = typeChangeRewrites(column?.type, newType) ?? true;
      return { mode: 'ACCESS EXCLUSIVE', rewrites, scans: rewrites };
    }
    case 'AT_SetNotNull': {
      const proven = cmd.name !== undefined && notNullProven(schema, table, cmd.name, settings);
      return { mode: 'ACCESS EXCLUSIVE', rewrites: false, scans: !proven };
    }
    case 'AT_SetLogged':
    case 'AT_SetUnLogged':
    case 'AT_SetTableSpace':
    case 'AT_SetAccessMethod':
    case 'AT_AddIdentity':
      return { mode: 'ACCESS EXCLUSIVE', rewrites: cmd.subtype !== 'AT_AddIdentity', scans: cmd.subtype !== 'AT_AddIdentity' };
    default:
      break;
  }
  return { mode: 'ACCESS EXCLUSIVE', rewrites: false, scans: false };
}

function rangeVarTables(nodes: readonly AstNode[] | undefined): string[] {
  const out: string[] = [];
  for (const n of nodes ?? []) {
    if ('RangeVar' in n) {
      const name = relationName(n.RangeVar);
      if (name !== undefined) out.push(relationDisplay(name));
    }
  }
  return out;
}

function display(rv: RangeVar | undefined): string[] {
  const name = relationName(rv);
  return name === undefined ? [] : [relationDisplay(name)];
}

/** The lock `node` takes given the schema before it runs; null when it locks no table. */
export function statementLock(node: AstNode, schema: SchemaView, settings: LintSettings): LockInfo | null {
  if ('AlterTableStmt' in node) {
    const stmt = node.AlterTableStmt;
    const table = relationName(stmt.relation);
    if (table === undefined) return null;
    let mode: LockMode = 'ACCESS SHARE';
    let rewrites = false;
    let scans = false;
    const tables = [relationDisplay(table)];
    for (const c of stmt.cmds ?? []) {
      if (!('AlterTableCmd' in c)) continue;
      const effect = cmdEffect(c.AlterTableCmd, table, schema, settings);
      mode = strongerLock(mode, effect.mode);
      rewrites ||= effect.rewrites;
      scans ||= effect.scans;
      if (effect.also !== undefined && !tables.includes(effect.also)) tables.push(effect.also);
    }
    return lock(mode, tables, rewrites, scans);
  }
  if ('IndexStmt' in node) {
    const stmt = node.IndexStmt;
    return lock(stmt.concurrent === true ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', display(stmt.relation), false, true);
  }
  if ('DropStmt' in node) {
    const stmt = node.DropStmt;
    if (stmt.removeType === 'OBJECT_INDEX') {
      // The lock is on the index's table: name it when the replayed schema knows the index.
      const tables = (stmt.objects ?? []).map((o) => {
        const parts = 'List' in o ? (o.List.items ?? []).map((i) => ('String' in i ? (i.String.sval ?? '') : '')) : [];
        const index = schema.index({ schema: parts.length > 1 ? parts[0] : undefined, name: parts[parts.length - 1] ?? '' });
        if (index === undefined) return `${parts.join('.')} (its table)`;
        return index.tableKey.startsWith('public.') && parts.length < 2 ? index.tableKey.slice('public.'.length) : index.tableKey;
      });
      return lock(stmt.concurrent === true ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', tables);
    }
    if (stmt.removeType === 'OBJECT_TABLE' || stmt.removeType === 'OBJECT_MATVIEW' || stmt.removeType === 'OBJECT_VIEW') {
      const tables = (stmt.objects ?? []).map((o) => ('List' in o ? (o.List.items ?? []).map((i) => ('String' in i ? i.String.sval : '')).join('.') : '?'));
      return lock('ACCESS EXCLUSIVE', tables);
    }
    if (stmt.removeType === 'OBJECT_TRIGGER') {
      const tables = (stmt.objects ?? []).map((o) => ('List' in o ? (o.List.items ?? []).slice(0, -1).map((i) => ('String' in i ? i.String.sval : '')).join('.') : '?'));
      return lock('ACCESS EXCLUSIVE', tables);
    }
    return null;
  }
  if ('RenameStmt' in node) {
    return node.RenameStmt.relation === undefined ? null : lock('ACCESS EXCLUSIVE', display(node.RenameStmt.relation));
  }
  if ('TruncateStmt' in node) return lock('ACCESS EXCLUSIVE', rangeVarTables(node.TruncateStmt.relations));
  if ('ReindexStmt' in node) {
    const stmt = node.ReindexStmt;
    const concurrent = (stmt.params ?? []).some((p) => 'DefElem' in p && p.DefElem.defname === 'concurrently' && !isFalse(p.DefElem.arg));
    const tables = stmt.relation === undefined ? [stmt.name ?? 'database'] : display(stmt.relation);
    return lock(concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', tables, false, true);
  }
  if ('ClusterStmt' in node) return lock('ACCESS EXCLUSIVE', display(node.ClusterStmt.relation), true, true);
  if ('VacuumStmt' in node) {
    const stmt = node.VacuumStmt;
    const full = (stmt.options ?? []).some((o) => 'DefElem' in o && o.DefElem.defname === 'full' && !isFalse(o.DefElem.arg));
    const tables = (stmt.rels ?? []).flatMap((r) => ('VacuumRelation' in r ? display(r.VacuumRelation.relation) : []));
    return lock(full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE', tables, full, true);
  }
  if ('RefreshMatViewStmt' in node) {
    const stmt = node.RefreshMatViewStmt;
    return lock(stmt.concurrent === true ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE', display(stmt.relation), true, true);
  }
  if ('CreateTrigStmt' in node) return lock('SHARE ROW EXCLUSIVE', display(node.CreateTrigStmt.relation));
  if ('LockStmt' in node) {
    const mode = STRENGTH[(node.LockStmt.mode ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
    return lock(mode, rangeVarTables(node.LockStmt.relations));
  }
  if ('CreateStmt' in node) {
    // A new table locks nothing anyone uses, but its foreign keys lock the referenced tables.
    const targets: string[] = [];
    for (const element of node.CreateStmt.tableElts ?? []) {
      const constraints = 'ColumnDef' in element ? (element.ColumnDef.constraints ?? []) : [element];
      for (const c of constraints) {
        if ('Constraint' in c && c.Constraint.contype === 'CONSTR_FOREIGN') {
          const target = relationName(c.Constraint.pktable);
          if (target !== undefined) targets.push(relationDisplay(target));
        }
      }
    }
    return targets.length === 0 ? null : lock('SHARE ROW EXCLUSIVE', [...new Set(targets)]);
  }
  if ('CommentStmt' in node) {
    const stmt = node.CommentStmt;
    if ((stmt.objtype === 'OBJECT_TABLE' || stmt.objtype === 'OBJECT_COLUMN') && stmt.object !== undefined && 'List' in stmt.object) {
      const parts = (stmt.object.List.items ?? []).map((i) => ('String' in i ? (i.String.sval ?? '') : ''));
      const table = stmt.objtype === 'OBJECT_COLUMN' ? parts.slice(0, -1) : parts;
      return lock('SHARE UPDATE EXCLUSIVE', [table.join('.')]);
    }
    return null;
  }
  if ('UpdateStmt' in node) return lock('ROW EXCLUSIVE', display(node.UpdateStmt.relation), false, true);
  if ('DeleteStmt' in node) return lock('ROW EXCLUSIVE', display(node.DeleteStmt.relation), false, true);
  if ('InsertStmt' in node) return lock('ROW EXCLUSIVE', display(node.InsertStmt.relation));
  return null;
}

function isFalse(arg: AstNode | undefined): boolean {
  if (arg === undefined) return false;
  if ('A_Const' in arg) return arg.A_Const.boolval?.boolval === false || arg.A_Const.ival?.ival === 0 || arg.A_Const.sval?.sval === 'false';
  if ('String' in arg) return ['false', 'off', '0'].includes((arg.String.sval ?? '').toLowerCase());
  if ('Boolean' in arg) return arg.Boolean.boolval !== true;
  return false;
}

/** True when the options list holds `name` switched on (e.g. REINDEX (CONCURRENTLY), VACUUM (FULL)). */
export function optionEnabled(options: readonly AstNode[] | undefined, name: string): boolean {
  return (options ?? []).some((o) => 'DefElem' in o && o.DefElem.defname === name && !isFalse(o.DefElem.arg));
}
