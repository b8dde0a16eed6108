/**
 * The migration engine: parses each file, replays it into the schema model,
 * tracks transactions, runs the enabled rules over every statement, applies
 * ignore comments, and turns reports into findings (wording from each rule's
 * meta). Files are given in the order they are applied; files marked
 * `linted: false` are only replayed (history), never reported on.
 */
import { idOrder } from '../natural-order.js';
import { nodeKind } from '../sql/migration-ast.js';
import { doBlockComments, doBlockStatements } from '../sql/do-block.js';
import { parseMigration } from '../sql/migration-parse.js';
import type { ParsedStatement } from '../sql/migration-parse.js';
import type { TextRange } from '../sql/migration-scan.js';
import { parseIgnoreDirectives } from './ignore-directives.js';
import type { IgnoreDirective } from './ignore-directives.js';
import { statementLock } from './lock-model.js';
import { SchemaModel } from './schema-model.js';
import { SourceLines } from './source-lines.js';
import { TRANSACTION_PRESETS } from './transaction-presets.js';
import type {
  LintFileResult,
  LintFinding,
  LintResult,
  LintSettings,
  LintStatement,
  MigrationReport,
  MigrationRule,
  MigrationRuleContext,
  MigrationVisitor,
  Severity,
} from './types.js';

/** One file to lint or replay, in application order. */
export interface LintSource {
  readonly path: string;
  readonly text: string;
  /** False for history: replayed into the schema model, not reported on. */
  readonly linted: boolean;
  /** The migration tool's own setting for this file (a sidecar file), over the preset's default. */
  readonly inTransaction?: boolean;
}

/** A rule switched on, with the severity its findings get. */
export interface EnabledRule {
  readonly rule: MigrationRule;
  readonly severity: Severity;
}

/** The id of the rule the engine itself reports unknown names in ignore comments under. */
export const INVALID_IGNORE_RULE = 'invalid-ignore';

interface PendingFinding {
  readonly finding: LintFinding;
  readonly statementIndex: number;
}

/** A message template cut at its placeholders: literal text at even positions, `{{name}}` at odd ones. */
type TemplateParts = readonly string[];

// A rule has a handful of templates and a run renders thousands of findings: split each template once
// rather than running a replace with a callback per finding (slow in V8's interpreter on a cold run).
const templateParts = new Map<string, TemplateParts>();

/** Fills `{{name}}` placeholders; a name without data stays as written. */
export function renderTemplate(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  let parts = templateParts.get(template);
  if (parts === undefined) {
    parts = template.split(/(\{\{\s*\w+\s*\}\})/);
    templateParts.set(template, parts);
  }
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const placeholder = parts[i] as string;
    const value = data?.[placeholder.slice(2, -2).trim()];
    out += (value === undefined ? placeholder : String(value)) + (parts[i + 1] as string);
  }
  return out;
}

/** Lints `sources` in order with one shared schema model. */
export function lintSources(
  sources: readonly LintSource[],
  settings: LintSettings,
  enabled: readonly EnabledRule[],
  allRules: readonly MigrationRule[],
): LintResult {
  const schema = new SchemaModel();
  const files: LintFileResult[] = [];
  // Per linted file, in order: a run-end check adds to its own file's list, which alone is sorted again.
  const fileFindings: LintFinding[][] = [];
  const runEnds: { readonly file: number; readonly check: () => LintFinding[] }[] = [];
  const dispatch = new StatementDispatch(enabled);
  for (const source of sources) {
    const parsed = parseMigration(source.text);
    if (!source.linted) {
      for (const statement of parsed.statements) {
        schema.apply(statement.node, source.path, false);
        for (const inner of embeddedStatements(statement, parsed.scan.masked)) schema.apply(inner.node, source.path, false);
      }
      continue;
    }
    const lines = new SourceLines(source.text);
    files.push({
      path: source.path,
      statements: parsed.statements.length,
      parseErrors: parsed.errors.map((e) => ({ ...lines.position(e.offset), message: e.message })),
    });
    const linted = lintFile(source, parsed.statements, parsed.scan.masked, parsed.comments, lines, schema, settings, enabled, dispatch, allRules);
    if (linted.runEnd !== undefined) runEnds.push({ file: fileFindings.length, check: linted.runEnd });
    fileFindings.push(linted.findings);
  }
  for (const { file, check } of runEnds) {
    const late = check();
    if (late.length === 0) continue;
    const own = fileFindings[file] as LintFinding[];
    own.push(...late);
    // By position, as if the file's findings had all been reported with it.
    own.sort(byPosition);
  }
  return { version: 1, files, findings: fileFindings.flat() };
}

/** A file's findings in reading order; the rule id settles a tie. */
function byPosition(a: LintFinding, b: LintFinding): number {
  return a.line - b.line || a.column - b.column || idOrder(a.rule, b.rule);
}

/** One file's findings, and its rules' run-end checks still to come (if any rule has one). */
interface LintedFile {
  readonly findings: LintFinding[];
  readonly runEnd: (() => LintFinding[]) | undefined;
}

/** The statements inside a DO block (none for other statements); `masked` is the file's masked text. */
function embeddedStatements(statement: ParsedStatement, masked: string): ReturnType<typeof doBlockStatements> {
  if (!('DoStmt' in statement.node)) return [];
  return doBlockStatements(statement.node, masked.slice(statement.start, statement.end), statement.start);
}

/**
 * For each statement kind, the positions in the enabled-rule list of the rules whose `statement`
 * handler wants it (`meta.statementKinds`, or every kind when a rule gives none), in rule order.
 * Built once per run; a file's visitors sit at the same positions.
 */
class StatementDispatch {
  readonly #kinds: readonly (ReadonlySet<string> | undefined)[];
  readonly #byKind = new Map<string, readonly number[]>();

  constructor(enabled: readonly EnabledRule[]) {
    this.#kinds = enabled.map((e) => (e.rule.meta.statementKinds === undefined ? undefined : new Set<string>(e.rule.meta.statementKinds)));
  }

  rulesFor(kind: string): readonly number[] {
    let positions = this.#byKind.get(kind);
    if (positions === undefined) {
      const found: number[] = [];
      for (const [i, kinds] of this.#kinds.entries()) if (kinds === undefined || kinds.has(kind)) found.push(i);
      positions = found;
      this.#byKind.set(kind, positions);
    }
    return positions;
  }
}

/**
 * One file's rule visitors, each created when the first statement it handles arrives: a file holds a
 * few kinds of statement, so most rules never see it, and creating every rule's visitor for every file
 * was tens of thousands of contexts and closures in a large run. A rule sees exactly the statements it
 * would have seen; one that sees none of a file has nothing to check at its end.
 */
class FileVisitors {
  readonly #enabled: readonly EnabledRule[];
  readonly #context: (entry: EnabledRule) => MigrationRuleContext;
  readonly #made: (MigrationVisitor | undefined)[];

  constructor(enabled: readonly EnabledRule[], context: (entry: EnabledRule) => MigrationRuleContext) {
    this.#enabled = enabled;
    this.#context = context;
    this.#made = new Array<MigrationVisitor | undefined>(enabled.length).fill(undefined);
  }

  /** The visitor of the rule at `position` in the enabled list. */
  at(position: number): MigrationVisitor {
    let visitor = this.#made[position];
    if (visitor === undefined) {
      const entry = this.#enabled[position] as EnabledRule;
      visitor = entry.rule.create(this.#context(entry));
      this.#made[position] = visitor;
    }
    return visitor;
  }

  /** The visitors created so far, in rule order. */
  created(): MigrationVisitor[] {
    return this.#made.filter((visitor) => visitor !== undefined);
  }
}

/** Runs the rules on one statement, then replays it into the schema (a plain function: no closure over lintFile). */
function visitStatement(statement: LintStatement, visitors: FileVisitors, dispatch: StatementDispatch, schema: SchemaModel, path: string): void {
  const positions = dispatch.rulesFor(statement.kind);
  // Indexed loops in the per-statement and per-file paths: a cold run executes them in V8's interpreter,
  // where for...of allocates an iterator result per turn (about a tenth of a lint's allocations).
  for (let p = 0; p < positions.length; p++) visitors.at(positions[p] as number).statement?.(statement);
  schema.apply(statement.node, path, true);
}

/** What a parsed statement and a statement inside a DO block have in common. */
type StatementPart = Pick<ParsedStatement, 'node' | 'start' | 'end' | 'locate'>;

function lintStatement(
  part: StatementPart,
  index: number,
  fileText: string,
  lock: LintStatement['lock'],
  inTransaction: boolean,
  explicitDepth: number,
  doBlock: LintStatement['doBlock'],
): LintStatement {
  const statement: LintStatement = {
    index,
    node: part.node,
    kind: nodeKind(part.node),
    text: fileText.slice(part.start, part.end),
    start: part.start,
    end: part.end,
    locate: part.locate,
    lock,
    inTransaction,
    explicitDepth,
  };
  return doBlock === undefined ? statement : { ...statement, doBlock };
}

function lintFile(
  source: LintSource,
  statements: readonly ParsedStatement[],
  masked: string,
  comments: readonly { start: number; end: number; body: string }[],
  lines: SourceLines,
  schema: SchemaModel,
  settings: LintSettings,
  enabled: readonly EnabledRule[],
  dispatch: StatementDispatch,
  allRules: readonly MigrationRule[],
): LintedFile {
  // Ignore comments next to the statements inside DO blocks count too: findings point in there.
  const blockComments = statements.flatMap((s) => ('DoStmt' in s.node ? doBlockComments(s.node, masked.slice(s.start, s.end), s.start) : []));
  const directives = parseIgnoreDirectives(blockComments.length === 0 ? comments : [...comments, ...blockComments].sort((a, b) => a.start - b.start), lines);
  const optedOutOfTransaction = comments.some((c) => /^(squawk|pgopt)-disable-assume-in-transaction\b/.test(c.body));
  const implicitTransaction =
    !optedOutOfTransaction &&
    (source.inTransaction ??
      (settings.assumeInTransaction ||
        TRANSACTION_PRESETS[settings.transactionPreset].implicitTransaction(source.path, source.text, statements.length)));

  const pending: PendingFinding[] = [];
  const makeContext = (entry: EnabledRule): MigrationRuleContext => ({
    settings,
    path: source.path,
    schema,
    implicitTransaction,
    report: (report: MigrationReport) => {
      // No rewrites inside a DO block (its statements run in the block's transaction, and the block may
      // guard them); an edit elsewhere, such as SET lock_timeout at the top of the file, stays.
      const block = report.statement.doBlock;
      const inside = block !== undefined && report.fix?.some((e) => e.start < block.end && e.end > block.start) === true;
      const offered = inside ? { ...report, fix: undefined } : report;
      pending.push({ finding: toFinding(entry, offered, source.path, lines), statementIndex: report.statement.index });
    },
  });
  const visitors = new FileVisitors(enabled, makeContext);

  let open = implicitTransaction;
  let explicitDepth = 0;
  // A plain loop, not forEach: a callback here would be one more closure holding this scope (see runEndCheck).
  for (let index = 0; index < statements.length; index++) {
    const parsed = statements[index] as ParsedStatement;
    visitStatement(lintStatement(parsed, index, source.text, statementLock(parsed.node, schema, settings), open, explicitDepth, undefined), visitors, dispatch, schema, source.path);
    // A DO block runs as one statement, in the surrounding transaction or in its own.
    for (const inner of embeddedStatements(parsed, masked)) {
      const statement = lintStatement(inner, index, source.text, statementLock(inner.node, schema, settings), true, explicitDepth, { start: parsed.start, end: parsed.end });
      visitStatement(statement, visitors, dispatch, schema, source.path);
    }
    if ('TransactionStmt' in parsed.node) {
      const txKind = parsed.node.TransactionStmt.kind;
      if (txKind === 'TRANS_STMT_BEGIN' || txKind === 'TRANS_STMT_START') {
        open = true;
        explicitDepth++;
      } else if (txKind === 'TRANS_STMT_COMMIT' || txKind === 'TRANS_STMT_ROLLBACK' || txKind === 'TRANS_STMT_PREPARE') {
        open = false;
        explicitDepth = 0;
      }
    }
  }
  const created = visitors.created();
  for (let v = 0; v < created.length; v++) created[v]?.fileEnd?.();

  const invalidIgnore = enabled.find((e) => e.rule.meta.id === INVALID_IGNORE_RULE);
  const kept = applyIgnores(pending, directives, statements, lines, allRules);
  if (invalidIgnore !== undefined) kept.push(...unknownIgnoreNames(directives, allRules, invalidIgnore, source.path));
  kept.sort(byPosition);
  const atRunEnd = created.filter((visitor) => visitor.runEnd !== undefined);
  pending.length = 0;
  const ranges = statements.map(({ start, end }) => ({ start, end }));
  return { findings: kept, runEnd: atRunEnd.length === 0 ? undefined : runEndCheck(atRunEnd, pending, directives, ranges, lines, allRules) };
}

/**
 * A file's run-end check. Built outside lintFile on purpose: a closure there would keep that
 * function's whole scope alive (every statement's parse tree, every rule's state) until the run
 * ends, which for hundreds of files tripled the heap and the time spent in garbage collection.
 */
function runEndCheck(
  visitors: readonly MigrationVisitor[],
  pending: PendingFinding[],
  directives: readonly IgnoreDirective[],
  ranges: readonly TextRange[],
  lines: SourceLines,
  rules: readonly MigrationRule[],
): () => LintFinding[] {
  return () => {
    pending.length = 0;
    for (const visitor of visitors) visitor.runEnd?.();
    return applyIgnores(pending, directives, ranges, lines, rules);
  };
}

function toFinding(entry: EnabledRule, report: MigrationReport, path: string, lines: SourceLines): LintFinding {
  const meta = entry.rule.meta;
  const start = lines.position(report.offset ?? report.statement.start);
  const end = lines.position(report.statement.end);
  const finding: { -readonly [K in keyof LintFinding]: LintFinding[K] } = {
    rule: meta.id,
    messageId: report.messageId,
    aliases: meta.aliases,
    severity: entry.severity,
    file: path,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    message: renderTemplate(meta.messages[report.messageId] ?? report.messageId, report.data),
    help: renderTemplate(meta.help[report.messageId] ?? '', report.data),
    lock: report.lock === undefined ? report.statement.lock : report.lock,
  };
  // Set on the finding rather than spread into a copy of it: most findings of a large run carry a fix.
  if (report.fix !== undefined) finding.fix = report.fix;
  return finding;
}

/** Rule ids a name in an ignore comment stands for (a pgopt id, or a squawk id through aliases). */
export function resolveRuleName(name: string, rules: readonly MigrationRule[]): string[] {
  const lower = name.toLowerCase();
  const alias = lower.startsWith('squawk:') ? lower : `squawk:${lower}`;
  return rules.filter((r) => r.meta.id === lower || r.meta.aliases.includes(alias)).map((r) => r.meta.id);
}

function directiveCovers(directive: IgnoreDirective, rule: string, rules: readonly MigrationRule[]): boolean {
  if (directive.names.length === 0) return true;
  return directive.names.some((name) => resolveRuleName(name, rules).includes(rule));
}

function applyIgnores(
  pending: readonly PendingFinding[],
  directives: readonly IgnoreDirective[],
  statements: readonly TextRange[],
  lines: SourceLines,
  rules: readonly MigrationRule[],
): LintFinding[] {
  if (directives.length === 0) return pending.map((p) => p.finding);
  // Which statement each statement-scoped directive belongs to: the one it trails on the
  // same line, else the next one to start after it.
  const targets = directives.map((directive) => {
    if (directive.scope === 'file') return { index: -1, trailing: false };
    // Inside a statement (a DO block's body): it covers its own line and the next, not the whole block.
    if (statements.some((s) => s.start < directive.start && directive.end <= s.end)) return { index: -2, trailing: false };
    const before = statements.findLastIndex((s) => s.end <= directive.start);
    const trailing = before >= 0 && lines.position((statements[before] as TextRange).end - 1).line === directive.line;
    if (trailing) return { index: before, trailing };
    const index = statements.findIndex((s) => s.start >= directive.end || (s.start <= directive.start && s.end >= directive.end));
    return { index, trailing };
  });
  return pending
    .filter(({ finding, statementIndex }) => {
      return !directives.some((directive, i) => {
        if (!directiveCovers(directive, finding.rule, rules)) return false;
        if (directive.scope === 'file') return true;
        const target = targets[i] as { index: number; trailing: boolean };
        if (target.index === statementIndex) return true;
        // squawk's reading: a comment also covers findings on its own line and the next one.
        return !target.trailing && (finding.line === directive.line + 1 || finding.line === directive.line);
      });
    })
    .map((p) => p.finding);
}

function unknownIgnoreNames(
  directives: readonly IgnoreDirective[],
  rules: readonly MigrationRule[],
  entry: EnabledRule,
  path: string,
): LintFinding[] {
  const out: LintFinding[] = [];
  for (const directive of directives) {
    const unknown = directive.names.filter((name) => resolveRuleName(name, rules).length === 0);
    if (unknown.length === 0) continue;
    const data = { names: unknown.join(', '), tool: directive.tool };
    out.push({
      rule: entry.rule.meta.id,
      messageId: 'unknownRule',
      aliases: entry.rule.meta.aliases,
      severity: entry.severity,
      file: path,
      line: directive.line,
      column: directive.column,
      endLine: directive.line,
      endColumn: directive.column + (directive.end - directive.start),
      message: renderTemplate(entry.rule.meta.messages['unknownRule'] ?? '', data),
      help: renderTemplate(entry.rule.meta.help['unknownRule'] ?? '', data),
      lock: null,
    });
  }
  return out;
}
