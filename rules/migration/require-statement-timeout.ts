import { timeoutRule } from '../../src/lint/timeout-rule.js';

export default timeoutRule(
  'statement_timeout',
  {
    id: 'require-statement-timeout',
    severity: 'warning',
    category: 'timeout',
    aliases: ['squawk:require-statement-timeout', 'squawk:require-timeout-settings'],
    description: 'A statement locks an existing table before the file sets statement_timeout.',
    fixable: true,
    messages: {
      missing: 'No statement_timeout is set: a statement that holds a lock can run (and block others) for as long as it takes.',
      disabled:
        'statement_timeout is set to 0, which turns the timeout off: a statement that holds a lock can run (and block others) for as long as it takes.',
    },
    help: {
      missing: "Start the file with SET statement_timeout = '{{value}}'; sized for the slowest expected statement (or set runnerSetsTimeouts if your runner does it).",
      disabled: "Set a real limit instead: SET statement_timeout = '{{value}}'; sized for the slowest expected statement.",
    },
  },
  '5min',
);
