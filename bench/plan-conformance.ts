/**
 * Plan-parser conformance against public corpora (read-only, never copied
 * into this repository):
 *
 *   node --import tsx bench/plan-conformance.ts /work/shared/corpus/analyzer
 *
 * Prints a pass rate per group and overall, and the first mismatch of each
 * failure. See docs/conformance.md for the figures and what "pass" means.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan, detectPlanFormat } from '../src/plan/parse.js';
import { planToJson } from '../src/plan/to-json.js';
import { inclusiveTimeMs, exclusiveTimeMs } from '../src/plan/metrics.js';
import { walkPlan } from '../src/plan/walk.js';
import { unquoteIdentifier } from '../src/plan/identifiers.js';
import { unframePlanText } from '../src/plan/unframe.js';
import type { Plan, PlanValue } from '../src/plan/types.js';

type Json = PlanValue;
type JsonObject = { readonly [key: string]: Json };

interface Outcome {
  readonly name: string;
  readonly failure?: string;
}

const TIMING_KEYS = new Set(['Actual Startup Time', 'Actual Total Time', 'Planning Time', 'Execution Time', 'Total Runtime', 'Time', 'Planning', 'JIT']);

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: Json | undefined): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function numbersEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * pev2's expectations differ from PostgreSQL's own JSON in a few documented
 * ways; these say when our PostgreSQL-shaped value stands for pev2's.
 */
function equivalentNodeType(expected: string, node: JsonObject): boolean {
  const ours = node['Node Type'];
  if (expected === ours) return true;
  if (expected === 'Nested Loop Join' && ours === 'Nested Loop') return true;
  const strategies: Record<string, string> = { HashAggregate: 'Hashed', GroupAggregate: 'Sorted', MixedAggregate: 'Mixed' };
  if (strategies[expected] !== undefined) return ours === 'Aggregate' && node['Strategy'] === strategies[expected];
  if (['Insert', 'Update', 'Delete', 'Merge'].includes(expected)) return ours === 'ModifyTable' && node['Operation'] === expected;
  const join = /^(Hash|Merge|Nested Loop) (.+) Join$/.exec(expected);
  if (join !== null) return ours === (join[1] === 'Nested Loop' ? 'Nested Loop' : `${join[1]} Join`) && node['Join Type'] === join[2];
  const subquery = /^Subquery Scan (.+)$/.exec(expected);
  if (subquery !== null) return ours === 'Subquery Scan' && node['Alias'] === subquery[1];
  return false;
}

function scalarMatches(key: string, expected: Json, actual: Json | undefined, node: JsonObject): boolean {
  if (actual === undefined) return expected === 0 || expected === false; // zero-valued keys PostgreSQL may omit
  if (typeof expected === 'number' && typeof actual === 'number') return numbersEqual(expected, actual);
  if (typeof expected === 'string' && typeof actual === 'number') return expected.trim() !== '' && numbersEqual(Number(expected), actual);
  if (typeof expected === 'string' && Array.isArray(actual)) return expected === actual.join(', ');
  if (typeof expected === 'string' && typeof actual === 'string') {
    if (expected === actual) return true;
    if (key === 'Relation Name' || key === 'Index Name' || key === 'Alias') {
      const qualified = typeof node['Schema'] === 'string' && key === 'Relation Name' ? `${node['Schema']}.${actual}` : actual;
      return unquoteIdentifier(expected) === qualified || unquoteIdentifier(expected) === actual;
    }
    return false;
  }
  return expected === actual;
}

/** pev2's `toMatchObject`: every key of `expected` (except pev2's computed `*` keys) is in `actual` and equal. */
function subsetMismatch(expected: Json, actual: Json | undefined, path: string, ignore: ReadonlySet<string> = new Set()): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
    if (expected.length !== actual.length) return `${path}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const mismatch = subsetMismatch(expected[i]!, actual[i], `${path}[${i}]`, ignore);
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return `${path}: expected an object, got ${show(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      if (key.startsWith('*') || ignore.has(key)) continue;
      const here = `${path}.${key}`;
      if (key === 'Node Type' && typeof value === 'string') {
        if (!equivalentNodeType(value, actual)) return `${here}: expected ${show(value)}, got ${show(actual[key])}`;
        continue;
      }
      if (Array.isArray(value) || isObject(value)) {
        const mismatch = subsetMismatch(value, actual[key], here, ignore);
        if (mismatch !== undefined) return mismatch;
        continue;
      }
      if (!scalarMatches(key, value, actual[key], actual)) return `${here}: expected ${show(value)}, got ${show(actual[key])}`;
    }
    return undefined;
  }
  return scalarMatches('', expected, actual, {}) ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

function tryParse(text: string): Plan | string {
  try {
    return parsePlan(text);
  } catch (error) {
    return `parse error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function files(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Text plans: one node per "->" line plus the root, so no node was lost or invented. */
function nodeCountMismatch(text: string, plan: Plan): string | undefined {
  if (detectPlanFormat(text).format !== 'text') return undefined;
  const lines = text.split('\n');
  const arrows = lines.filter((line) => /^[\s|│║"']*->/.test(line)).length;
  const first = unframePlanText(text).find((line) => line.trim() !== '') ?? '';
  const expected = /^[\s"']*->/.test(first) ? arrows : arrows + 1;
  const nodes = [...walkPlan(plan.root)].length;
  return nodes === expected ? undefined : `expected ${expected} nodes ("->" lines and the root), got ${nodes}`;
}

/** Top-level times must come out as numbers (ms), not text with leftovers glued on. */
function topLevelMismatch(plan: Plan): string | undefined {
  for (const key of ['Planning Time', 'Execution Time', 'Total Runtime']) {
    const value = plan.props[key];
    if (value !== undefined && typeof value !== 'number') return `$.${key}: expected a number, got ${show(value)}`;
  }
  return undefined;
}

function expectPairs(dir: string, planSuffix: string, expectSuffix: string): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const file of files(dir).filter((name) => name.endsWith(planSuffix))) {
    const base = file.slice(0, -planSuffix.length);
    const expectFile = join(dir, `${base}${expectSuffix}`);
    if (!existsSync(expectFile)) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    const plan = tryParse(text);
    if (typeof plan === 'string') {
      outcomes.push({ name: base, failure: plan });
      continue;
    }
    const expected = JSON.parse(readFileSync(expectFile, 'utf8')) as Json;
    const failure = subsetMismatch(expected, planToJson(plan), '$') ?? nodeCountMismatch(text, plan) ?? topLevelMismatch(plan);
    outcomes.push(failure === undefined ? { name: base } : { name: base, failure });
  }
  return outcomes;
}

function psqlFrames(dir: string): Outcome[] {
  const names = files(dir);
  const reference = names.find((name) => name.startsWith('json-0-unaligned'));
  if (reference === undefined) return [];
  const referencePlan = tryParse(readFileSync(join(dir, reference), 'utf8'));
  if (typeof referencePlan === 'string') return [{ name: reference, failure: referencePlan }];
  const referenceJson = planToJson(referencePlan);
  return names.map((name) => {
    const text = readFileSync(join(dir, name), 'utf8');
    const plan = tryParse(text);
    if (typeof plan === 'string') return { name, failure: plan };
    if (name.includes('dbeaver')) {
      // DBeaver's sample is another statement: it must parse completely.
      const failure = nodeCountMismatch(text, plan);
      return failure === undefined ? { name } : { name, failure };
    }
    // Timings differ between the runs each variant came from; everything else must agree.
    const ours = planToJson(plan);
    const failure = subsetMismatch(ours, referenceJson, '$', TIMING_KEYS) ?? subsetMismatch(referenceJson, ours, '$', new Set([...TIMING_KEYS, 'Inner Unique'])) ?? nodeCountMismatch(text, plan);
    return failure === undefined ? { name } : { name, failure };
  });
}

function ioTimings(dir: string): Outcome[] {
  return files(dir).filter((name) => name.endsWith('.plan')).map((file) => {
    const base = file.slice(0, -'.plan'.length);
    const plan = tryParse(readFileSync(join(dir, file), 'utf8'));
    if (typeof plan === 'string') return { name: base, failure: plan };
    const expected = JSON.parse(readFileSync(join(dir, `${base}.expect`), 'utf8')) as Json;
    const failure = subsetMismatch(expected, plan.root.props, '$.Plan');
    return failure === undefined ? { name: base } : { name: base, failure };
  });
}

function autoExplainJson(dir: string): Outcome[] {
  return files(dir).map((file) => {
    const result = tryParse(readFileSync(join(dir, file), 'utf8'));
    if (file.startsWith('bad_format')) {
      return typeof result === 'string' ? { name: file } : { name: file, failure: 'accepted a malformed plan' };
    }
    return typeof result === 'string' ? { name: file, failure: result } : { name: file };
  });
}

function multiformat(dir: string): Outcome[] {
  const names = files(dir);
  const outcomes: Outcome[] = [];
  const compare = (label: string, referenceName: string, otherName: string, textSubset: boolean): void => {
    const reference = tryParse(readFileSync(join(dir, referenceName), 'utf8'));
    const other = tryParse(readFileSync(join(dir, otherName), 'utf8'));
    if (typeof reference === 'string') return void outcomes.push({ name: label, failure: `${referenceName}: ${reference}` });
    if (typeof other === 'string') return void outcomes.push({ name: label, failure: `${otherName}: ${other}` });
    const referenceJson = planToJson(reference);
    const otherJson = planToJson(other);
    const failure = subsetMismatch(otherJson, referenceJson, '$', TIMING_KEYS)
      ?? (textSubset ? undefined : subsetMismatch(referenceJson, otherJson, '$', TIMING_KEYS));
    outcomes.push(failure === undefined ? { name: label } : { name: label, failure });
  };
  for (let n = 1; n <= 9; n++) {
    const json = `14-json-plans--${n}.json`;
    if (!names.includes(json)) continue;
    for (const other of [`13-xml-plans--${n}.xml`, `15-yaml-plans--${n}.yaml`]) {
      if (names.includes(other)) compare(`${other} = ${json}`, json, other, false);
    }
  }
  const cteJson = names.find((name) => name.startsWith('16-ctes--') && name.includes('json'));
  if (cteJson !== undefined) {
    // 16-ctes--5 is the text plan with aliases; its JSON twin is not in the corpus, so it only has to parse whole.
    for (const other of names.filter((name) => name.startsWith('16-ctes--') && name !== cteJson && !name.startsWith('16-ctes--5'))) {
      compare(`${other} = ${cteJson}`, cteJson, other, other.includes('text'));
    }
    for (const other of names.filter((name) => name.startsWith('16-ctes--5'))) {
      const text = readFileSync(join(dir, other), 'utf8');
      const plan = tryParse(text);
      const failure = typeof plan === 'string' ? plan : nodeCountMismatch(text, plan);
      outcomes.push(failure === undefined ? { name: other } : { name: other, failure });
    }
  }
  return outcomes;
}

function samples(dir: string): Outcome[] {
  return files(dir).filter((name) => name.includes('.plan.')).map((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const plan = tryParse(text);
    if (typeof plan === 'string') return { name: file, failure: plan };
    const failure = nodeCountMismatch(text, plan) ?? topLevelMismatch(plan);
    return failure === undefined ? { name: file } : { name: file, failure };
  });
}

/** Exclusive times add up to the root's total: nothing counted twice or lost (within 5% or 1 ms). */
function exclusiveTimes(dir: string): Outcome[] {
  return files(dir).map((file) => {
    const plan = tryParse(readFileSync(join(dir, file), 'utf8'));
    if (typeof plan === 'string') return { name: file, failure: plan };
    let sum = 0;
    for (const { node } of walkPlan(plan.root)) sum += exclusiveTimeMs(node);
    const total = inclusiveTimeMs(plan.root);
    const ok = Math.abs(sum - total) <= Math.max(1, total * 0.05);
    return ok ? { name: file } : { name: file, failure: `sum of exclusive times ${sum.toFixed(3)} ms, root total ${total.toFixed(3)} ms` };
  });
}

/** Every analyzed plan of the corpus: exclusive times add up to the root's total within 5%. */
function exclusiveSanity(plans: string): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const dir of files(plans)) {
    for (const file of files(join(plans, dir))) {
      if (file.includes('expect') || file.endsWith('.sql') || file.startsWith('bad_format')) continue;
      const plan = tryParse(readFileSync(join(plans, dir, file), 'utf8'));
      if (typeof plan === 'string' || !plan.analyzed) continue;
      const total = inclusiveTimeMs(plan.root);
      if (total === 0) continue;
      let sum = 0;
      for (const { node } of walkPlan(plan.root)) sum += exclusiveTimeMs(node);
      const ok = Math.abs(sum - total) <= total * 0.05;
      outcomes.push(ok ? { name: `${dir}/${file}` } : { name: `${dir}/${file}`, failure: `sum of exclusive times ${sum.toFixed(3)} ms, root total ${total.toFixed(3)} ms` });
    }
  }
  return outcomes;
}

function main(): void {
  const corpus = process.argv[2];
  if (corpus === undefined) {
    console.error('usage: node --import tsx bench/plan-conformance.ts <corpus-dir>   (e.g. /work/shared/corpus/analyzer)');
    process.exitCode = 2;
    return;
  }
  const plans = join(corpus, 'plans');
  if (!existsSync(plans)) {
    console.error(`no plans/ folder under ${corpus}`);
    process.exitCode = 2;
    return;
  }
  const groups: [string, Outcome[]][] = [
    ['pev2 from-text (subset of expect)', expectPairs(join(plans, 'pev2-from-text'), '-plan', '-expect')],
    ['pev2 psql-frames (same tree)', psqlFrames(join(plans, 'pev2-psql-frames'))],
    ['pev2 line-wrapped (subset of expect)', expectPairs(join(plans, 'pev2-line-wrapped'), '-plan', '-expect')],
    ['pev2 io-timings (root keys)', ioTimings(join(plans, 'pev2-io-timings'))],
    ['pganalyze auto_explain JSON (parse; bad_format rejected)', autoExplainJson(join(plans, 'pganalyze-auto-explain-json'))],
    ['Pg::Explain multiformat (same tree)', multiformat(join(plans, 'pg-explain-multiformat'))],
    ['pev2 samples (parse, node count)', samples(join(plans, 'pev2-samples'))],
    ['pev2 cte-exclusive-time (exclusive sums to total)', exclusiveTimes(join(plans, 'pev2-cte-exclusive-time'))],
    ['all analyzed plans (exclusive sums to total within 5%)', exclusiveSanity(plans)],
  ];
  let passed = 0;
  let total = 0;
  for (const [name, outcomes] of groups) {
    const ok = outcomes.filter((outcome) => outcome.failure === undefined).length;
    passed += ok;
    total += outcomes.length;
    const rate = outcomes.length === 0 ? 'n/a' : `${((ok / outcomes.length) * 100).toFixed(1)}%`;
    console.log(`${name}: ${ok}/${outcomes.length} (${rate})`);
    for (const outcome of outcomes) if (outcome.failure !== undefined) console.log(`  FAIL ${outcome.name}: ${outcome.failure}`);
  }
  console.log(`overall: ${passed}/${total} (${total === 0 ? 'n/a' : `${((passed / total) * 100).toFixed(1)}%`})`);
}

main();
