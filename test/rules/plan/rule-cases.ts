/**
 * Table-driven harness for plan rules, in the spirit of eslint's RuleTester:
 * `valid` plans must produce no report, `invalid` plans exactly the listed
 * reports (messageId, node id, and the data values given). Every report is
 * also rendered through the engine to check that no `{{placeholder}}` is left.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlanRule } from '../../../src/analyze/types.js';
import { buildPlan } from '../../../src/plan/build.js';
import { collectPlanReports, reportToFinding } from '../../../src/analyze/plan-rules.js';

type Json = { readonly [key: string]: unknown };

export interface ValidCase {
  readonly name: string;
  /** EXPLAIN JSON: `{ Plan: ... }` or the root node itself. */
  readonly plan: Json;
  readonly options?: Readonly<Record<string, number | boolean>>;
}

export interface ExpectedReport {
  readonly messageId: string;
  readonly nodeId: number;
  /** Values that must be in the report's data (other keys are not checked). */
  readonly data?: Readonly<Record<string, string | number>>;
  /** Expected time at stake after rendering (the override, or exclusive time x calls). */
  readonly timeAtStakeMs?: number;
  readonly severity?: string;
}

export interface InvalidCase extends ValidCase {
  readonly calls?: number;
  readonly reports: readonly ExpectedReport[];
}

/** `{ Plan: root }` unless `data` already is a plan document. */
function toPlan(data: Json) {
  return buildPlan('Plan' in data ? data : { Plan: data });
}

export function runRuleCases(rule: PlanRule, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    for (const item of cases.valid) {
      test(`valid: ${item.name}`, () => {
        const plan = toPlan(item.plan);
        const reports = collectPlanReports(rule, plan, { ...rule.meta.defaultOptions, ...item.options }, 1);
        assert.deepEqual(
          reports.map((report) => ({ messageId: report.messageId, nodeId: report.node.id })),
          [],
        );
      });
    }
    for (const item of cases.invalid) {
      test(`invalid: ${item.name}`, () => {
        const plan = toPlan(item.plan);
        const calls = item.calls ?? 1;
        const reports = collectPlanReports(rule, plan, { ...rule.meta.defaultOptions, ...item.options }, calls);
        assert.deepEqual(
          reports.map((report) => ({ messageId: report.messageId, nodeId: report.node.id })),
          item.reports.map((expected) => ({ messageId: expected.messageId, nodeId: expected.nodeId })),
        );
        reports.forEach((report, index) => {
          const expected = item.reports[index]!;
          for (const [key, value] of Object.entries(expected.data ?? {})) {
            assert.equal(report.data?.[key], value, `data.${key}`);
          }
          const finding = reportToFinding(rule, report, 'fp', plan, calls);
          assert.equal(finding.rule, rule.meta.id);
          assert.doesNotMatch(finding.message, /\{\{/, 'message has an unfilled placeholder');
          assert.doesNotMatch(finding.help, /\{\{/, 'help has an unfilled placeholder');
          assert.ok(finding.help.length > 0, 'help is empty');
          assert.doesNotMatch(`${finding.message} ${finding.help}`, /\bNaN\b|\bundefined\b|\bInfinity\b/, 'a value did not render');
          if (expected.timeAtStakeMs !== undefined) assert.equal(finding.timeAtStakeMs, expected.timeAtStakeMs);
          if (expected.severity !== undefined) assert.equal(finding.severity, expected.severity);
        });
      });
    }
  });
}
