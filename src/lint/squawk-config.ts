/**
 * squawk's `.squawk.toml`, read as pgopt's own lint config so that a team moving from squawk keeps
 * its settings: `excluded_rules` (off), `included_rules` (on), `pg_version`, `assume_in_transaction`
 * and `excluded_paths`. Rule names are squawk's, which pgopt resolves through each rule's `aliases`.
 * `[upload_to_github]` has no counterpart (pgopt writes a `markdown` report instead) and is skipped.
 *
 * The file is read with a small TOML reader for what squawk's config uses: `key = value` lines,
 * `[table]` headers, `#` comments, strings, booleans, numbers and arrays (across lines too).
 */
import { InputError } from '../errors.js';
import { withoutBom } from '../sql/utf8-offsets.js';
import type { LintConfig, RuleSetting } from './lint-config.js';

export const SQUAWK_CONFIG_FILE_NAME = '.squawk.toml';

type TomlValue = string | number | boolean | readonly TomlValue[];

/** `table.key` (or `key` at the top) -> value, with the line each key is on. */
type TomlEntries = Map<string, { readonly value: TomlValue; readonly line: number }>;

class TomlReader {
  #at = 0;
  #line = 1;

  constructor(
    private readonly text: string,
    private readonly path: string,
  ) {}

  fail(message: string): never {
    throw new InputError(`${this.path}:${this.#line}: ${message}`, { path: this.path, line: this.#line });
  }

  read(): TomlEntries {
    const entries: TomlEntries = new Map();
    const tables = new Set<string>();
    let table = '';
    for (;;) {
      this.#skip(true);
      if (this.#at >= this.text.length) return entries;
      if (this.text[this.#at] === '[') {
        const header = /^\[\s*([A-Za-z0-9_.-]+)\s*\]/.exec(this.text.slice(this.#at));
        if (header === null) this.fail('expected a table header like [upload_to_github]');
        table = `${header[1] as string}.`;
        if (tables.has(table)) this.fail(`[${header[1] as string}] appears twice`);
        tables.add(table);
        this.#at += header[0].length;
      } else {
        const key = /^([A-Za-z0-9_-]+)[ \t]*=[ \t]*/.exec(this.text.slice(this.#at));
        if (key === null) this.fail('expected key = value');
        this.#at += key[0].length;
        const line = this.#line;
        const name = `${table}${key[1] as string}`;
        if (entries.has(name)) this.fail(`${name} is set twice`);
        entries.set(name, { value: this.#value(), line });
      }
      // The rest of the line may hold only blanks and a comment.
      this.#skip(false);
      if (this.#at < this.text.length && this.text[this.#at] !== '\n' && this.text[this.#at] !== '\r') this.fail('unexpected text after the value');
    }
  }

  /** Skips blanks and comments; across line ends too when `lines`. */
  #skip(lines: boolean): void {
    while (this.#at < this.text.length) {
      const c = this.text[this.#at];
      if (c === ' ' || c === '\t') this.#at++;
      else if (c === '#') while (this.#at < this.text.length && this.text[this.#at] !== '\n') this.#at++;
      else if (lines && (c === '\n' || c === '\r')) {
        if (c === '\n') this.#line++;
        this.#at++;
      } else return;
    }
  }

  #value(): TomlValue {
    const rest = this.text.slice(this.#at);
    const c = rest[0];
    if (c === '"') return this.#basicString();
    if (c === "'") {
      const end = rest.indexOf("'", 1);
      if (end < 0 || rest.slice(1, end).includes('\n')) this.fail('unterminated string');
      this.#at += end + 1;
      return rest.slice(1, end);
    }
    if (c === '[') return this.#array();
    const word = /^(true|false|[+-]?\d[\d_]*(?:\.\d[\d_]*)?)(?=[\s,\]#]|$)/.exec(rest);
    if (word === null) this.fail('expected a string, a number, true, false or an array');
    this.#at += word[0].length;
    const text = word[1] as string;
    return text === 'true' ? true : text === 'false' ? false : Number(text.replace(/_/g, ''));
  }

  #basicString(): string {
    let out = '';
    for (let i = this.#at + 1; i < this.text.length; i++) {
      const c = this.text[i] as string;
      if (c === '"') {
        this.#at = i + 1;
        return out;
      }
      if (c === '\n') break;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const next = this.text[++i];
      const simple: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
      const hex = next === 'u' ? /^[0-9A-Fa-f]{4}/.exec(this.text.slice(i + 1)) : next === 'U' ? /^[0-9A-Fa-f]{8}/.exec(this.text.slice(i + 1)) : null;
      if (next !== undefined && simple[next] !== undefined) out += simple[next];
      else if (hex !== null && Number.parseInt(hex[0], 16) <= 0x10ffff) {
        out += String.fromCodePoint(Number.parseInt(hex[0], 16));
        i += hex[0].length;
      } else this.fail(`unsupported escape \\${next ?? ''} in a string`);
    }
    this.fail('unterminated string');
  }

  #array(): TomlValue[] {
    this.#at++; // [
    const items: TomlValue[] = [];
    for (;;) {
      this.#skip(true);
      if (this.text[this.#at] === ']') {
        this.#at++;
        return items;
      }
      if (this.#at >= this.text.length) this.fail('unterminated array');
      items.push(this.#value());
      this.#skip(true);
      if (this.text[this.#at] === ',') this.#at++;
      else if (this.text[this.#at] !== ']') this.fail('expected , or ] in an array');
    }
  }
}

function strings(path: string, key: string, entry: { readonly value: TomlValue; readonly line: number } | undefined): readonly string[] {
  if (entry === undefined) return [];
  if (!Array.isArray(entry.value) || entry.value.some((v) => typeof v !== 'string')) {
    throw new InputError(`${path}:${entry.line}: ${key} must be an array of strings`, { path, line: entry.line });
  }
  return entry.value as readonly string[];
}

/** pgopt's lint config from the text of a `.squawk.toml`; errors name the file and line. */
export function parseSquawkConfig(text: string, path: string): LintConfig {
  const entries = new TomlReader(withoutBom(text), path).read();
  // As squawk ids: each pgopt rule that stands for the squawk rule (where a squawk id is also a pgopt id,
  // the squawk meaning is the one this file had).
  const asSquawk = (name: string): string => (name.toLowerCase().startsWith('squawk:') ? name : `squawk:${name}`);
  const rules: Record<string, RuleSetting> = {};
  for (const name of strings(path, 'excluded_rules', entries.get('excluded_rules'))) rules[asSquawk(name)] = 'off';
  for (const name of strings(path, 'included_rules', entries.get('included_rules'))) rules[asSquawk(name)] = 'on';
  const config: { -readonly [K in keyof LintConfig]: LintConfig[K] } = {};
  if (Object.keys(rules).length > 0) config.rules = rules;
  const exclude = strings(path, 'excluded_paths', entries.get('excluded_paths'));
  if (exclude.length > 0) config.exclude = exclude;
  const version = entries.get('pg_version');
  if (version !== undefined) {
    // squawk wants "major.minor" ("14.0") where most mean any 14: only the major is taken, so the 14.0
    // to 14.3 corruption check is not switched on by the format (pgopt.config.json can give a minor).
    const major = /^(\d+)(?:\.\d+)*$/.exec(String(version.value).trim());
    if (major === null) throw new InputError(`${path}:${version.line}: pg_version must look like "16.0"`, { path, line: version.line });
    config.pgVersion = major[1] as string;
  }
  const assume = entries.get('assume_in_transaction');
  if (assume !== undefined) {
    if (typeof assume.value !== 'boolean') throw new InputError(`${path}:${assume.line}: assume_in_transaction must be true or false`, { path, line: assume.line });
    config.assumeInTransaction = assume.value;
  }
  return config;
}
