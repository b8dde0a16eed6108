import type { AstNode, ResTarget } from '../../src/sql/migration-ast.js';
import type { LintStatement, MigrationRule, MigrationRuleContext } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-duplicate-column-assignments',
    severity: 'error',
    category: 'correctness',
    aliases: ['squawk:ban-duplicate-column-assignments'],
    description: 'The same column assigned or declared twice in one statement.',
    statementKinds: ['UpdateStmt', 'InsertStmt', 'MergeStmt', 'CreateStmt', 'CreateForeignTableStmt', 'ViewStmt', 'SelectStmt', 'CreateTableAsStmt'],
    messages: {
      duplicate: 'Column `{{column}}` appears more than once in this {{where}}; PostgreSQL rejects it (or one value silently wins).',
    },
    help: {
      duplicate: 'Keep one assignment or declaration per column.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if ('UpdateStmt' in node) assignments(context, statement, node.UpdateStmt.targetList, 'SET list');
        else if ('InsertStmt' in node) {
          assignments(context, statement, node.InsertStmt.cols, 'column list');
          assignments(context, statement, node.InsertStmt.onConflictClause?.targetList, 'ON CONFLICT SET list');
        } else if ('MergeStmt' in node) {
          for (const clause of node.MergeStmt.mergeWhenClauses ?? []) {
            if (!('MergeWhenClause' in clause)) continue;
            const c = clause.MergeWhenClause;
            if (c.commandType === 'CMD_UPDATE') assignments(context, statement, c.targetList, 'SET list');
            else assignments(context, statement, c.targetList, 'column list');
          }
        } else if ('CreateStmt' in node || 'CreateForeignTableStmt' in node) {
          const elements = 'CreateStmt' in node ? node.CreateStmt.tableElts : node.CreateForeignTableStmt.base?.tableElts;
          const cols = (elements ?? []).flatMap((e) => ('ColumnDef' in e ? [{ name: e.ColumnDef.colname, location: e.ColumnDef.location }] : []));
          names(context, statement, cols, 'table definition');
        } else if ('ViewStmt' in node) {
          const aliases = (node.ViewStmt.aliases ?? []).flatMap((a) => ('String' in a ? [{ name: a.String.sval, location: undefined }] : []));
          if (aliases.length > 0) names(context, statement, aliases, 'view column list');
          else if (node.ViewStmt.query !== undefined) selectOutput(context, statement, node.ViewStmt.query, 'view');
        } else if ('SelectStmt' in node && node.SelectStmt.intoClause !== undefined) {
          selectOutput(context, statement, node, 'SELECT INTO');
        } else if ('CreateTableAsStmt' in node && node.CreateTableAsStmt.query !== undefined) {
          selectOutput(context, statement, node.CreateTableAsStmt.query, 'CREATE TABLE AS');
        }
      },
    };
  },
};

function resTarget(node: AstNode): ResTarget[] {
  return 'ResTarget' in node ? [node.ResTarget] : [];
}

interface Named {
  readonly name: string | undefined;
  readonly location: number | undefined;
}

function names(context: MigrationRuleContext, statement: LintStatement, list: readonly Named[], where: string): void {
  const seen = new Map<string, Named>();
  const reportedFirst = new Set<Named>();
  for (const item of list) {
    if (item.name === undefined) continue;
    const first = seen.get(item.name);
    if (first === undefined) {
      seen.set(item.name, item);
      continue;
    }
    if (!reportedFirst.has(first)) {
      reportedFirst.add(first);
      context.report({ statement, messageId: 'duplicate', data: { column: item.name, where }, offset: statement.locate(first.location) });
    }
    context.report({ statement, messageId: 'duplicate', data: { column: item.name, where }, offset: statement.locate(item.location) });
  }
}

/** SET targets: `a` and `a.x` (or `a[1]`) clash; `a.x` and `a.y` do not. */
function assignments(context: MigrationRuleContext, statement: LintStatement, targets: readonly AstNode[] | undefined, where: string): void {
  if (targets === undefined) return;
  // By column name (a wide INSERT lists every column once): only targets of one name can clash.
  const seen = new Map<string, { path: string; location: number | undefined; reported: boolean }[]>();
  for (const node of targets) {
    if (!('ResTarget' in node)) continue;
    const target = node.ResTarget;
    if (target.name === undefined) continue;
    // '' is the whole column; a subfield or subscript path is compared as written, without the parser's
    // source positions (two `b[1]` targets sit at different places).
    const path = target.indirection === undefined || target.indirection.length === 0 ? '' : JSON.stringify(target.indirection, withoutLocation);
    let same = seen.get(target.name);
    if (same === undefined) {
      same = [];
      seen.set(target.name, same);
    }
    const clash = same.find((s) => s.path === path || s.path === '' || path === '');
    if (clash !== undefined) {
      if (!clash.reported) {
        clash.reported = true;
        context.report({ statement, messageId: 'duplicate', data: { column: target.name, where }, offset: statement.locate(clash.location) });
      }
      context.report({ statement, messageId: 'duplicate', data: { column: target.name, where }, offset: statement.locate(target.location) });
    }
    same.push({ path, location: target.location, reported: false });
  }
}

function withoutLocation(key: string, value: unknown): unknown {
  return key === 'location' ? undefined : value;
}

function selectOutput(context: MigrationRuleContext, statement: LintStatement, query: AstNode, where: string): void {
  if (!('SelectStmt' in query)) return;
  const outputs = (query.SelectStmt.targetList ?? []).flatMap(resTarget).map((t) => ({ name: t.name ?? outputName(t.val), location: t.location }));
  names(context, statement, outputs, where);
}

/** The column name PostgreSQL gives an unnamed select-list entry. */
function outputName(val: AstNode | undefined): string | undefined {
  if (val === undefined) return undefined;
  if ('ColumnRef' in val) {
    const fields = val.ColumnRef.fields ?? [];
    const last = fields[fields.length - 1];
    return last !== undefined && 'String' in last ? last.String.sval : undefined;
  }
  if ('A_Indirection' in val) {
    const path = val.A_Indirection.indirection ?? [];
    const last = path[path.length - 1];
    return last !== undefined && 'String' in last ? last.String.sval : '?column?';
  }
  if ('TypeCast' in val) return val.TypeCast.arg === undefined ? undefined : outputName(val.TypeCast.arg);
  if ('FuncCall' in val) {
    const parts = val.FuncCall.funcname ?? [];
    const last = parts[parts.length - 1];
    return last !== undefined && 'String' in last ? last.String.sval : undefined;
  }
  return '?column?';
}
export default rule;
