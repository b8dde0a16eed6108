import type { MigrationRule } from '../../src/lint/types.js';

const rule: MigrationRule = {
  meta: {
    id: 'ban-alter-domain-with-add-constraint',
    severity: 'warning',
    category: 'locking',
    aliases: ['squawk:ban-alter-domain-with-add-constraint'],
    description: 'ALTER DOMAIN ... ADD CONSTRAINT checks every column of that domain in every table.',
    statementKinds: ['AlterDomainStmt'],
    messages: {
      addConstraint: 'Adding a constraint to domain {{domain}} scans every table that uses it, locking each while it checks.',
    },
    help: {
      addConstraint: 'Put the check on the table columns instead (ADD CONSTRAINT ... NOT VALID, then VALIDATE), or add it with NOT VALID and validate later.',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const node = statement.node;
        if (!('AlterDomainStmt' in node) || node.AlterDomainStmt.subtype !== 'C') return;
        const def = node.AlterDomainStmt.def;
        if (def !== undefined && 'Constraint' in def && def.Constraint.skip_validation === true) return;
        const domain = (node.AlterDomainStmt.typeName ?? []).map((n) => ('String' in n ? n.String.sval : '')).join('.');
        context.report({ statement, messageId: 'addConstraint', data: { domain } });
      },
    };
  },
};
export default rule;
