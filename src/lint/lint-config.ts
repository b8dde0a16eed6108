/**
 * `pgopt.config.json`, found by walking up from a directory (or squawk's
 * `.squawk.toml`, see squawk-config.ts). The linter reads its `lint` section:
 *
 * ```json
 * { "lint": { "pgVersion": "16", "transaction": "diesel", "runnerSetsTimeouts": false,
 *             "assumeInTransaction": false, "exclude": ["**\/down.sql"],
 *             "rules": { "prefer-robust-stmts": "warning", "ban-drop-column": "off" } } }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { SEVERITIES } from '../analyze/types.js';
import { parseSquawkConfig, SQUAWK_CONFIG_FILE_NAME } from './squawk-config.js';
import type { Severity } from './types.js';

export const CONFIG_FILE_NAME = 'pgopt.config.json';

/** A rule's setting: off, on (its default severity), or a severity. */
export type RuleSetting = 'off' | 'on' | Severity;

export interface LintConfig {
  readonly pgVersion?: string;
  readonly transaction?: string;
  readonly assumeInTransaction?: boolean;
  readonly runnerSetsTimeouts?: boolean;
  readonly exclude?: readonly string[];
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly failOn?: Severity;
}

/**
 * The nearest `pgopt.config.json` at or above `startDir`, else squawk's `.squawk.toml` in the same
 * directory (a project moving from squawk keeps its settings); undefined when there is neither.
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    for (const name of [CONFIG_FILE_NAME, SQUAWK_CONFIG_FILE_NAME]) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function fail(path: string, message: string): never {
  throw new InputError(`${path}: ${message}`, { path });
}

/** Reads and checks the `lint` section of a config file (or a `.squawk.toml`, translated). */
export async function loadLintConfig(path: string): Promise<LintConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read config: ${error instanceof Error ? error.message : String(error)}`, { path, cause: error });
  }
  if (basename(path) === SQUAWK_CONFIG_FILE_NAME || path.endsWith('.toml')) return parseSquawkConfig(text, path);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: cannot read config: ${error instanceof Error ? error.message : String(error)}`, { path, cause: error });
  }
  if (raw === null || typeof raw !== 'object') fail(path, 'config must be a JSON object');
  const section = (raw as Record<string, unknown>)['lint'];
  if (section === undefined) return {};
  if (section === null || typeof section !== 'object' || Array.isArray(section)) fail(path, '"lint" must be an object');
  const s = section as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  if (s['pgVersion'] !== undefined) {
    if (typeof s['pgVersion'] !== 'string' && typeof s['pgVersion'] !== 'number') fail(path, '"lint.pgVersion" must be a string like "16"');
    config['pgVersion'] = String(s['pgVersion']);
  }
  if (s['transaction'] !== undefined) {
    if (typeof s['transaction'] !== 'string') fail(path, '"lint.transaction" must be a preset name');
    config['transaction'] = s['transaction'];
  }
  for (const key of ['assumeInTransaction', 'runnerSetsTimeouts'] as const) {
    if (s[key] === undefined) continue;
    if (typeof s[key] !== 'boolean') fail(path, `"lint.${key}" must be true or false`);
    config[key] = s[key];
  }
  if (s['exclude'] !== undefined) {
    if (!Array.isArray(s['exclude']) || s['exclude'].some((e) => typeof e !== 'string')) fail(path, '"lint.exclude" must be an array of glob strings');
    config['exclude'] = s['exclude'];
  }
  if (s['failOn'] !== undefined) {
    if (!SEVERITIES.includes(s['failOn'] as Severity)) fail(path, `"lint.failOn" must be one of ${SEVERITIES.join(', ')}`);
    config['failOn'] = s['failOn'];
  }
  if (s['rules'] !== undefined) {
    const rules = s['rules'];
    if (rules === null || typeof rules !== 'object' || Array.isArray(rules)) fail(path, '"lint.rules" must be an object of rule id -> "off" | "on" | severity');
    for (const [id, value] of Object.entries(rules as Record<string, unknown>)) {
      if (value !== 'off' && value !== 'on' && !SEVERITIES.includes(value as Severity)) {
        fail(path, `"lint.rules.${id}" must be "off", "on", ${SEVERITIES.map((x) => `"${x}"`).join(', ')}`);
      }
    }
    config['rules'] = rules;
  }
  return config as LintConfig;
}
