/** Every CLI option is documented in `--help` (commander) and in the README: keep the README true. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerCommands } from '../../src/cli/commands.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const program = new Command('pgopt');
registerCommands(program, () => undefined);

for (const command of program.commands) {
  test(`pgopt ${command.name()}: every option is in the README`, () => {
    const flags = command.options.map((o) => o.long ?? o.short ?? '').filter((f) => f !== '' && f !== '--help');
    assert.ok(flags.length > 0, 'the command has options');
    const missing = flags.filter((flag) => !readme.includes(`\`${flag}`) && !readme.includes(` ${flag} `) && !readme.includes(`/ \`${flag}`));
    assert.deepEqual(missing, []);
  });
}
