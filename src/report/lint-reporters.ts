/** The `pgopt lint --format` names and their reporters. */
import type { LintResult, MigrationRule } from '../lint/types.js';
import { renderLintGcc } from './lint-gcc.js';
import { renderLintGithub } from './lint-github.js';
import { renderLintGitlab } from './lint-gitlab.js';
import { renderLintJson } from './lint-json.js';
import { renderLintMarkdown } from './lint-markdown.js';
import { renderLintSarif } from './lint-sarif.js';
import { renderLintText } from './lint-text.js';

export interface LintReportOptions {
  readonly sources?: ReadonlyMap<string, string>;
  readonly color?: boolean;
  readonly rules?: readonly MigrationRule[];
}

export type LintReporter = (result: LintResult, options: LintReportOptions) => string;

export const LINT_REPORTERS: Readonly<Record<string, LintReporter>> = {
  text: (result, options) => renderLintText(result, options),
  json: (result) => renderLintJson(result),
  sarif: (result, options) => renderLintSarif(result, options),
  github: (result) => renderLintGithub(result),
  gitlab: (result) => renderLintGitlab(result),
  markdown: (result) => renderLintMarkdown(result),
  gcc: (result) => renderLintGcc(result),
};
