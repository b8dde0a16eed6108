/**
 * Input readers of `pgopt analyze`: every format yields `StatementEntry`
 * and `IngestError` events, streamed in bounded memory.
 */
export type { IngestError, IngestEvent, InputFormat, InputSummary, StatementEntry } from './types.js';
export { INPUT_FORMATS } from './types.js';
export { openInput, type ReadInputOptions } from './open-input.js';
export type { InputReader } from './input-reader.js';
export { detectFormat } from './detect-format.js';
export { compileLogLinePrefix, detectLogLinePrefix, genericPrefixMatcher, COMMON_LOG_LINE_PREFIXES, type PrefixMatcher } from './prefix-matcher.js';
export { parseBindParameters } from './bind-parameters.js';
