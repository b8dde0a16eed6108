import type { MigrationRule } from '../../src/lint/types.js';

/** Reported by the engine itself while it reads ignore comments; this module carries its wording. */
const rule: MigrationRule = {
  meta: {
    id: 'invalid-ignore',
    severity: 'warning',
    category: 'correctness',
    aliases: ['squawk:unused-ignore'],
    description: 'An ignore comment names a rule that does not exist.',
    messages: {
      unknownRule: 'Unknown rule name(s) in {{tool}}-ignore: {{names}}. The comment ignores nothing for them.',
    },
    help: {
      unknownRule: 'Fix the spelling; `pgopt lint --list-rules` prints every rule id (squawk ids are accepted too).',
    },
  },
  create() {
    return {};
  },
};
export default rule;
