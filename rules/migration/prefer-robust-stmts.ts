import { alterTableCommands, commandColumn, commandConstraint } from '../../src/lint/alter-table-commands.js';
import type { LintStatement, MigrationRule, TextEdit } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'prefer-robust-stmts',
    severity: 'info',
    category: 'style',
    optIn: true,
    aliases: ['squawk:prefer-robust-stmts'],
    description: 'Outside a transaction, statements that fail when re-run after a partial migration.',
    statementKinds: ['CreateStmt', 'IndexStmt', 'DropStmt', 'AlterTableStmt'],
    fixable: true,
    messages: {
      notRobust: 'This statement fails if the migration is re-run after failing part-way: outside a transaction nothing rolls back.',
    },
    help: {
      notRobust: '{{how}}',
    },
  },
  create(context) {
    const droppedConstraints = new Set<string>();
    const report = (statement: LintStatement, how: string, fix?: readonly TextEdit[]): void => {
      context.report({ statement, messageId: 'notRobust', data: { how }, fix });
    };
    /** An edit inserting `words` after the leading keywords matched by `prefix`. */
    const insertAfter = (statement: LintStatement, prefix: RegExp, words: string): readonly TextEdit[] | undefined => {
      const match = prefix.exec(statement.text);
      if (match === null) return undefined;
      const at = statement.start + match[0].length;
      return [{ start: at, end: at, text: `${words} ` }];
    };
    return {
      statement(statement) {
        // In a transaction a failure rolls everything back, so a re-run starts clean.
        if (statement.inTransaction) return;
        const node = statement.node;
        if ('CreateStmt' in node) {
          const stmt = node.CreateStmt;
          const temp = stmt.relation?.relpersistence === 't';
          if (stmt.if_not_exists === true || (temp && stmt.oncommit === 'ONCOMMIT_DROP')) return;
          report(statement, 'Use CREATE TABLE IF NOT EXISTS.', insertAfter(statement, /^create\s+(?:(?:temp|temporary|unlogged)\s+)?table\s+/i, 'IF NOT EXISTS'));
        } else if ('IndexStmt' in node) {
          const stmt = node.IndexStmt;
          if (stmt.if_not_exists === true || stmt.idxname === undefined) return;
          report(statement, 'Use CREATE INDEX ... IF NOT EXISTS.', insertAfter(statement, /^create\s+(?:unique\s+)?index\s+(?:concurrently\s+)?/i, 'IF NOT EXISTS'));
        } else if ('DropStmt' in node) {
          if (node.DropStmt.missing_ok === true) return;
          if (!['OBJECT_TABLE', 'OBJECT_INDEX', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_TYPE', 'OBJECT_SEQUENCE', 'OBJECT_FUNCTION', 'OBJECT_TRIGGER'].includes(node.DropStmt.removeType ?? '')) return;
          report(statement, 'Use DROP ... IF EXISTS.', insertAfter(statement, /^drop\s+(?:materialized\s+)?\w+\s+(?:concurrently\s+)?/i, 'IF EXISTS'));
        } else if ('AlterTableStmt' in node) {
          for (const { cmd, tableText } of alterTableCommands(statement, context.schema)) {
            switch (cmd.subtype) {
              case 'AT_AddColumn': {
                if (cmd.missing_ok === true) break;
                // Right before this command's column name, so each ADD COLUMN of one statement gets its own.
                const location = commandColumn(cmd)?.location;
                const at = location === undefined ? undefined : statement.locate(location);
                const fix = at === undefined ? insertAfter(statement, /^alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?\S+\s+add\s+(?:column\s+)?/i, 'IF NOT EXISTS') : [{ start: at, end: at, text: 'IF NOT EXISTS ' }];
                report(statement, 'Use ADD COLUMN IF NOT EXISTS.', fix);
                break;
              }
              case 'AT_DropColumn':
              case 'AT_DropConstraint':
                if (cmd.missing_ok === true) {
                  if (cmd.subtype === 'AT_DropConstraint') droppedConstraints.add(`${tableText}.${cmd.name ?? ''}`);
                } else report(statement, 'Use DROP ... IF EXISTS.');
                break;
              case 'AT_AddConstraint': {
                const name = commandConstraint(cmd)?.conname;
                const key = `${tableText}.${name ?? ''}`;
                if (name !== undefined && droppedConstraints.has(key)) droppedConstraints.delete(key);
                else report(statement, 'Precede ADD CONSTRAINT with DROP CONSTRAINT IF EXISTS for the same name.');
                break;
              }
              case 'AT_SetNotNull':
              case 'AT_EnableRowSecurity':
              case 'AT_DisableRowSecurity':
                report(statement, 'Run it in a transaction, or check the current state first in a DO block.');
                break;
              default:
                break;
            }
          }
        }
      },
    };
  },
};
export default rule;
