import { UsageError } from '../errors.js';

/** `['seq-scan-filter.minRows=50000']` -> `{ 'seq-scan-filter': { minRows: 50000 } }`; the engine checks names. */
export function parseRuleOptionFlags(flags: readonly string[]): Record<string, Record<string, number | boolean>> {
  const options: Record<string, Record<string, number | boolean>> = {};
  for (const flag of flags) {
    const match = /^([a-z0-9-]+)\.([A-Za-z0-9]+)=(.+)$/.exec(flag);
    if (match === null) throw new UsageError(`--rule-option takes rule.option=value, not '${flag}'`, { hint: 'e.g. --rule-option seq-scan-filter.minRows=50000' });
    const [, rule, option, text] = match as unknown as [string, string, string, string];
    const value = text === 'true' ? true : text === 'false' ? false : Number(text);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new UsageError(`--rule-option ${rule}.${option} takes a number, true or false, not '${text}'`);
    (options[rule] ??= {})[option] = value;
  }
  return options;
}
