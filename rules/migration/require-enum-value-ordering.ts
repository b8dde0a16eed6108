import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'require-enum-value-ordering',
    severity: 'info',
    category: 'style',
    optIn: true,
    aliases: ['squawk:require-enum-value-ordering'],
    description: 'ALTER TYPE ... ADD VALUE without BEFORE or AFTER.',
    statementKinds: ['AlterEnumStmt'],
    messages: {
      ordering: "Enum value '{{value}}' is appended at the end; enum order drives comparisons and ORDER BY.",
    },
    help: {
      ordering: "Say where it goes: ADD VALUE '{{value}}' BEFORE/AFTER '<existing>'.",
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('AlterEnumStmt' in node) || node.AlterEnumStmt.newVal === undefined || node.AlterEnumStmt.oldVal !== undefined) return;
        if (node.AlterEnumStmt.newValNeighbor !== undefined) return;
        context.report({ statement, messageId: 'ordering', data: { value: node.AlterEnumStmt.newVal } });
      },
    };
  },
};
export default rule;
