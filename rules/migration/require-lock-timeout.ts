import { timeoutRule } from '../../src/lint/timeout-rule.js';

export default timeoutRule(
  'lock_timeout',
  {
    id: 'require-lock-timeout',
    severity: 'warning',
    category: 'timeout',
    aliases: ['squawk:require-lock-timeout', 'squawk:require-timeout-settings'],
    description: 'A statement locks an existing table before the file sets lock_timeout.',
    fixable: true,
    messages: {
      missing:
        'No lock_timeout is set: if this statement waits for its lock behind a long query, {{queued}}.',
      disabled:
        'lock_timeout is set to 0, which turns the timeout off: if this statement waits for its lock behind a long query, {{queued}}.',
    },
    help: {
      missing: "Start the file with SET lock_timeout = '{{value}}'; and retry the migration on timeout (or set runnerSetsTimeouts if your runner does it).",
      disabled: "Set a real limit instead: SET lock_timeout = '{{value}}'; and retry the migration on timeout.",
    },
  },
  '5s',
);
