/**
 * The conventions of rules/plan/ as a function, so the meta-test can check
 * the real rules and also prove, on broken examples, that it catches each
 * kind of mistake.
 */
import type { PlanRule } from '../../../src/analyze/types.js';

/** What the check needs to know about one rule file and its surroundings. */
export interface RuleFileFacts {
  /** File name without `.ts`. */
  readonly id: string;
  /** The module's default export (undefined when there is none). */
  readonly rule: PlanRule | undefined;
  /** Text of `<id>.md`, or undefined when the file is missing. */
  readonly doc: string | undefined;
  readonly hasTest: boolean;
  readonly registry: readonly PlanRule[];
  /** Text of rules/plan/README.md. */
  readonly index: string;
}

/** Every convention the rule breaks, as one sentence each; empty when it follows them all. */
export function ruleConventionProblems(facts: RuleFileFacts): string[] {
  const { id, rule, doc, index } = facts;
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) problems.push('the file name is not kebab-case');
  if (doc === undefined) problems.push(`rules/plan/${id}.md is missing`);
  if (!facts.hasTest) problems.push(`test/rules/plan/${id}.test.ts is missing`);
  if (rule === undefined) {
    problems.push('the file has no default export');
    return problems;
  }
  if (rule.meta.id !== id) problems.push(`meta.id "${rule.meta.id}" differs from the file name`);
  if (rule.meta.description.trim() === '') problems.push('meta.description is empty');
  const messageIds = Object.keys(rule.meta.messages);
  if (messageIds.length === 0) problems.push('the rule has no messages');
  for (const messageId of messageIds) if (!Object.hasOwn(rule.meta.help, messageId)) problems.push(`messageId ${messageId} has no help`);
  for (const messageId of Object.keys(rule.meta.help)) if (!Object.hasOwn(rule.meta.messages, messageId)) problems.push(`help ${messageId} has no message`);
  for (const name of Object.keys(rule.meta.defaultOptions)) if (!Object.hasOwn(rule.meta.optionDocs, name)) problems.push(`option ${name} has no optionDocs`);
  for (const name of Object.keys(rule.meta.optionDocs)) if (!Object.hasOwn(rule.meta.defaultOptions, name)) problems.push(`optionDocs ${name} is not an option`);
  if (!facts.registry.includes(rule)) problems.push('the rule is missing from rules/plan/index.ts');
  if (doc !== undefined) {
    if (!new RegExp(`^# ${id}\\b`, 'm').test(doc)) problems.push('the doc does not start with "# <id>"');
    for (const [name, value] of Object.entries(rule.meta.defaultOptions)) {
      if (!doc.includes(`| \`${name}\` | ${String(value)} |`)) problems.push(`the doc's option table does not give ${name} = ${String(value)}`);
    }
  }
  const row = index.split('\n').find((line) => line.startsWith(`| [\`${id}\`](${id}.md)`));
  if (row === undefined) {
    problems.push('rules/plan/README.md has no row for the rule');
  } else {
    if (!row.includes(`| ${rule.meta.severity}`)) problems.push('the README row does not give the severity');
    for (const [name, value] of Object.entries(rule.meta.defaultOptions)) {
      if (!row.includes(`\`${name}\` (${String(value)})`)) problems.push(`the README row does not give ${name} (${String(value)})`);
    }
  }
  return problems;
}
