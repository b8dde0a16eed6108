import { alterTableCommands, commandConstraint } from '../../src/lint/alter-table-commands.js';
import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'constraint-missing-not-valid',
    severity: 'error',
    category: 'locking',
    aliases: ['squawk:constraint-missing-not-valid'],
    description: 'A CHECK (or, on 18+, NOT NULL) constraint added to an existing table without NOT VALID, or validated in the transaction that added it.',
    statementKinds: ['TransactionStmt', 'AlterTableStmt'],
    fixable: true,
    messages: {
      missingNotValid: 'Adding {{kind}} constraint `{{name}}` scans all of {{table}} while holding an ACCESS EXCLUSIVE lock: reads and writes wait.',
      validateSameTransaction:
        'VALIDATE CONSTRAINT `{{name}}` runs in the same transaction that added it, so the stronger lock taken by the ADD is held during the whole validation scan.',
    },
    help: {
      missingNotValid: 'Add it with NOT VALID, then VALIDATE CONSTRAINT {{name}} in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes continue).',
      validateSameTransaction: 'COMMIT after adding the constraint NOT VALID, and validate it in a later transaction or migration.',
    },
  },
  create(context) {
    let transaction = 0;
    const addedNotValid = new Map<string, number>();
    return {
      statement(statement) {
        const node = statement.node;
        if ('TransactionStmt' in node) {
          transaction++;
          return;
        }
        const commands = alterTableCommands(statement, context.schema);
        for (const { cmd, tableText, newTable } of commands) {
          if (cmd.subtype === 'AT_AddConstraint') {
            const constraint = commandConstraint(cmd);
            const kind = constraint?.contype === 'CONSTR_CHECK' ? 'CHECK' : constraint?.contype === 'CONSTR_NOTNULL' ? 'NOT NULL' : undefined;
            if (constraint === undefined) continue;
            const name = constraint.conname ?? '<name>';
            if (constraint.skip_validation === true) {
              if (statement.inTransaction) addedNotValid.set(`${tableText}.${name}`, transaction);
              continue;
            }
            if (kind === undefined) continue;
            if (newTable) continue;
            const canFix = commands.length === 1 && constraint.conname !== undefined && !statement.inTransaction && statement.text.endsWith(';');
            context.report({
              statement,
              messageId: 'missingNotValid',
              data: { kind, name, table: tableText },
              offset: statement.locate(constraint.location),
              fix: canFix ? [{ start: statement.end - 1, end: statement.end, text: ` NOT VALID;\nALTER TABLE ${tableText} VALIDATE CONSTRAINT ${name};` }] : undefined,
            });
          } else if (cmd.subtype === 'AT_ValidateConstraint' && statement.inTransaction) {
            const name = cmd.name ?? '?';
            if (addedNotValid.get(`${tableText}.${name}`) === transaction) {
              context.report({ statement, messageId: 'validateSameTransaction', data: { name } });
            }
          }
        }
      },
    };
  },
};
export default rule;
