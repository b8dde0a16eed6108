/**
 * Whether `ALTER COLUMN ... TYPE` rewrites the table, judged from the old and
 * new canonical type texts (`typeNameText`). PostgreSQL skips the rewrite
 * (and the index rebuild) only when the new type is binary-coercible and no
 * stricter than the old one.
 */

interface ParsedType {
  readonly base: string;
  readonly mods: readonly number[];
  readonly array: boolean;
}

const SYNONYMS: Readonly<Record<string, string>> = {
  'character varying': 'varchar',
  int: 'int4',
  integer: 'int4',
  bigint: 'int8',
  smallint: 'int2',
  decimal: 'numeric',
  varbit: 'varbit',
  'bit varying': 'varbit',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
};

function parseType(text: string): ParsedType {
  const array = text.endsWith('[]');
  const bare = text.replace(/(\[\])+$/, '');
  const match = /^([^(]+)(?:\(([^)]*)\))?$/.exec(bare);
  const base = (match?.[1] ?? bare).toLowerCase();
  const mods = (match?.[2] ?? '').split(',').filter((m) => m !== '').map(Number);
  return { base: SYNONYMS[base] ?? base, mods, array };
}

/**
 * `false` when the change is metadata-only, `true` when it rewrites, and
 * `undefined` when the old type is unknown (the column was not created in the replayed history).
 */
export function typeChangeRewrites(oldType: string | undefined, newType: string): boolean | undefined {
  if (oldType === undefined) return undefined;
  const from = parseType(oldType);
  const to = parseType(newType);
  if (from.array !== to.array) return true;
  if (from.base === to.base) {
    if (to.mods.length === 0) return false; // dropping the limit: varchar(n) -> varchar, numeric(p,s) -> numeric
    if (from.mods.length === 0) return true; // adding a limit checks (and for numeric rewrites) every row
    if (from.base === 'varchar' || from.base === 'varbit') return (to.mods[0] as number) < (from.mods[0] as number);
    if (from.base === 'numeric') {
      // Raising precision with the same scale keeps the stored values.
      return !((to.mods[0] as number) >= (from.mods[0] as number) && (to.mods[1] ?? 0) === (from.mods[1] ?? 0));
    }
    return to.mods.join(',') !== from.mods.join(',');
  }
  if (from.base === 'varchar' && to.base === 'text') return false;
  if (from.base === 'text' && to.base === 'varchar' && to.mods.length === 0) return false;
  if (from.base === 'cidr' && to.base === 'inet') return false;
  if (from.base === 'xml' && to.base === 'text') return false;
  return true;
}
