/**
 * Which rules run, at which severity: defaults (every rule that is not
 * opt-in), then `--enable-all`, then the config's and the caller's `rules`
 * map (later wins). Ids of other tools (`squawk:ban-drop-table` or the bare
 * squawk id) select every rule that lists them as an alias.
 */
import { UsageError } from '../errors.js';
import { resolveRuleName } from './engine.js';
import type { EnabledRule } from './engine.js';
import type { RuleSetting } from './lint-config.js';
import type { MigrationRule, Severity } from './types.js';

export function selectRules(
  rules: readonly MigrationRule[],
  options: { enableAll?: boolean; settings?: readonly Readonly<Record<string, RuleSetting>>[] },
): EnabledRule[] {
  const chosen = new Map<string, Severity | 'off'>();
  for (const rule of rules) chosen.set(rule.meta.id, options.enableAll === true || rule.meta.optIn !== true ? rule.meta.severity : 'off');
  for (const layer of options.settings ?? []) {
    for (const [name, setting] of Object.entries(layer)) {
      const ids = resolveRuleName(name, rules);
      if (ids.length === 0) throw new UsageError(`unknown rule "${name}"`, { hint: 'run `pgopt lint --list-rules` for the rule ids' });
      for (const id of ids) {
        const rule = rules.find((r) => r.meta.id === id) as MigrationRule;
        chosen.set(id, setting === 'on' ? rule.meta.severity : setting);
      }
    }
  }
  const out: EnabledRule[] = [];
  for (const rule of rules) {
    const severity = chosen.get(rule.meta.id);
    if (severity !== undefined && severity !== 'off') out.push({ rule, severity });
  }
  return out;
}
