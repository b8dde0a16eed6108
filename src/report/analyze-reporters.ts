import type { AnalyzeResult } from '../analyze/types.js';
import { renderAnalyzeJson } from './analyze-json.js';
import { renderAnalyzeMarkdown } from './analyze-markdown.js';
import { renderAnalyzeText, type AnalyzeReportOptions } from './analyze-text.js';

export type AnalyzeReporter = (result: AnalyzeResult, options: AnalyzeReportOptions) => string;

/** `--format` name -> reporter. */
export const analyzeReporters: Readonly<Record<'text' | 'json' | 'markdown', AnalyzeReporter>> = {
  text: renderAnalyzeText,
  json: (result) => renderAnalyzeJson(result),
  markdown: renderAnalyzeMarkdown,
};
