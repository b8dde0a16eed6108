/**
 * Every column type a statement declares (CREATE TABLE columns, ADD COLUMN,
 * ALTER COLUMN TYPE), for the type-hygiene rules.
 */
import { typeBaseName, typeNameText } from '../sql/migration-ast.js';
import type { AstNode, NodeKind, TypeName } from '../sql/migration-ast.js';
import type { LintStatement, TextEdit } from './types.js';

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

/** The statement kinds that declare column types: what the type-hygiene rules look at. */
export const DECLARING_KINDS: readonly NodeKind[] = ['CreateStmt', 'CreateForeignTableStmt', 'AlterTableStmt'];

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

/** A declared type as written in the file. */
export interface WrittenType {
  /** File offsets of the whole type, array brackets included. */
  readonly start: number;
  readonly end: number;
  /** The last name part, lower-case, without quotes, words joined by one space: `int4`, `character varying`. */
  readonly name: string;
  /** The type modifiers as written, e.g. `(255)`, or ''. */
  readonly args: string;
  /** Array brackets, blanks removed, e.g. `[]`, or ''. */
  readonly array: string;
}

// A type name (optionally schema-qualified, two-word forms included), its modifiers, a time zone
// clause, and array brackets: enough for the column types the type-hygiene rules rewrite.
const WRITTEN_TYPE =
  /((?:national\s+)?(?:(?:"[^"]*"|[A-Za-z_][\w$]*)\s*\.\s*)?(?:"[^"]*"|[A-Za-z_][\w$]*)(?:\s+(?:varying|precision))?)(\s*\([^()]*\))?(\s*(?:with|without)\s+time\s+zone)?((?:\s*\[\s*\d*\s*\])*)/iy;
/** After a whole type comes a constraint, a comma or a parenthesis: never more of the type, nor a comment inside it. */
const TYPE_GOES_ON = /^\s*(?:\/\*|--|\(|\[|(?:with|without|varying|precision|time|zone|array|year|month|day|hour|minute|second|to)\b)/i;

/** Where and how `declared` is written in the statement; undefined when the text is not a plain type. */
export function writtenType(statement: LintStatement, declared: DeclaredType): WrittenType | undefined {
  WRITTEN_TYPE.lastIndex = declared.offset - statement.start;
  const match = WRITTEN_TYPE.exec(statement.text);
  // A span that may not be the whole type (a comment inside it, a spelling not covered) gets no rewrite.
  if (match === null || TYPE_GOES_ON.test(statement.text.slice(WRITTEN_TYPE.lastIndex, WRITTEN_TYPE.lastIndex + 32))) return undefined;
  if (/\bnational\s+$/i.test(statement.text.slice(Math.max(0, match.index - 16), match.index))) return undefined;
  const qualified = (match[1] ?? '').replace(/"/g, '').replace(/\s+/g, ' ').replace(/^national /i, '').toLowerCase();
  return {
    start: declared.offset,
    end: declared.offset + match[0].length,
    name: qualified.slice(qualified.lastIndexOf('.') + 1).trim(),
    args: (match[2] ?? '').trim(),
    array: (match[4] ?? '').replace(/\s+/g, ''),
  };
}

/**
 * The --fix edit that replaces `declared` as written with what `replace` returns for it (undefined:
 * no fix, e.g. a spelling the rule does not know).
 */
export function retypeFix(statement: LintStatement, declared: DeclaredType, replace: (written: WrittenType) => string | undefined): readonly TextEdit[] | undefined {
  const written = writtenType(statement, declared);
  const text = written === undefined ? undefined : replace(written);
  return written === undefined || text === undefined ? undefined : [{ start: written.start, end: written.end, text }];
}
