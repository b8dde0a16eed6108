import type { AstNode } from '../../src/sql/migration-ast.js';
import type { MigrationRule } from '../../src/lint/types.js';

/** String constants anywhere in a statement's tree. */
function stringConstants(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) stringConstants(item, out);
  } else if (node !== null && typeof node === 'object') {
    const constant = (node as { A_Const?: { sval?: { sval?: unknown } } }).A_Const;
    if (typeof constant?.sval?.sval === 'string') out.add(constant.sval.sval);
    for (const value of Object.values(node)) stringConstants(value, out);
  }
  return out;
}

const rule: MigrationRule = {
  meta: {
    id: 'enum-value-used-in-same-transaction',
    severity: 'error',
    category: 'transaction',
    aliases: [],
    description: 'An enum value added by ALTER TYPE ... ADD VALUE is used later in the same transaction, which PostgreSQL refuses.',
    messages: {
      unsafeUse: "'{{value}}' was added to an enum by ALTER TYPE ... ADD VALUE in this transaction: PostgreSQL refuses to use it before the transaction commits (unsafe use of new value).",
    },
    help: {
      unsafeUse: 'Commit the ADD VALUE first: put the statements that use the value in a later migration (or after COMMIT).',
    },
  },
  create(context) {
    // Values added in the transaction that is open now; a statement outside any transaction commits it.
    let added = new Set<string>();
    return {
      statement(statement) {
        const node: AstNode = statement.node;
        if (!statement.inTransaction || 'TransactionStmt' in node) {
          added = new Set();
          return;
        }
        if ('AlterEnumStmt' in node) {
          const value = node.AlterEnumStmt.newVal;
          if (value !== undefined && node.AlterEnumStmt.oldVal === undefined) added.add(value);
          return;
        }
        if (added.size === 0) return;
        for (const value of stringConstants(node, new Set())) {
          if (added.has(value)) context.report({ statement, messageId: 'unsafeUse', data: { value } });
        }
      },
    };
  },
};
export default rule;
