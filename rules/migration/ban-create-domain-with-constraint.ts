import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-create-domain-with-constraint',
    severity: 'warning',
    category: 'correctness',
    aliases: ['squawk:ban-create-domain-with-constraint'],
    description: 'A domain with constraints: changing them later locks and scans every table using it.',
    statementKinds: ['CreateDomainStmt'],
    messages: {
      constraint: 'Domain {{domain}} carries a constraint: changing it later scans every table that uses the domain.',
    },
    help: {
      constraint: 'Create the domain without constraints and put CHECK constraints on the table columns, where they can be added NOT VALID.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('CreateDomainStmt' in node) || (node.CreateDomainStmt.constraints ?? []).length === 0) return;
        const domain = (node.CreateDomainStmt.domainname ?? []).map((n) => ('String' in n ? n.String.sval : '')).join('.');
        context.report({ statement, messageId: 'constraint', data: { domain } });
      },
    };
  },
};
export default rule;
