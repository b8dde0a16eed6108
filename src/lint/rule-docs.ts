/**
 * A migration rule's documentation (`rules/migration/<id>.md`, shipped in the package), for
 * `pgopt lint --explain`: the problem, what PostgreSQL does and the safe recipe, in the terminal.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, UsageError } from '../errors.js';
import { resolveRuleName } from './engine.js';
import type { MigrationRule } from './types.js';

/**
 * The package directory holding `rules/migration/<id>.md`, found by walking up from this module: it
 * runs from src/lint (tests), dist/src/lint (the library) or dist/cli (the CLI bundle).
 */
function docPath(id: string): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'rules', 'migration', `${id}.md`);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The documentation of the rule `name` stands for: a pgopt id, or a squawk id through `aliases` (one
 * squawk id may stand for two rules, whose documents are then joined; `squawk:` says which is meant
 * where a squawk id is also a pgopt id).
 */
export function explainRule(name: string, rules: readonly MigrationRule[]): string {
  const own = rules.find((r) => r.meta.id === name.toLowerCase());
  const ids = own === undefined ? resolveRuleName(name, rules) : [own.meta.id];
  if (ids.length === 0) throw new UsageError(`unknown rule "${name}"`, { hint: 'run `pgopt lint --list-rules` for the rule ids' });
  return ids
    .map((id) => {
      const path = docPath(id);
      if (path === undefined) throw new InputError(`the documentation of ${id} (rules/migration/${id}.md) is not installed`);
      return readFileSync(path, 'utf8').trimEnd();
    })
    .join('\n\n---\n\n')
    .concat('\n');
}
