/**
 * Every command registers itself here. A command module exports
 * `register<Name>Command(program, setExitCode)` and nothing else touches the program.
 */
import type { Command } from 'commander';
import { registerAnalyzeCommand } from './analyze.js';
import { registerLintCommand } from './lint.js';
import { registerPoolSizeCommand } from './pool-size.js';

export type SetExitCode = (code: number) => void;

export function registerCommands(program: Command, setExitCode: SetExitCode): void {
  registerAnalyzeCommand(program, setExitCode);
  registerLintCommand(program, setExitCode);
  registerPoolSizeCommand(program, setExitCode);
}
