/**
 * Lines are cut from one decoded string per read slice; V8 keeps such a
 * substring as a view on its parent, so a query kept by the analyzer would
 * keep the whole 64 KiB slice alive. Prepending a character builds a new
 * string that slicing flattens into a copy of just this text.
 */
export function detachString(text: string): string {
  // V8 copies substrings shorter than 13 characters anyway.
  return text.length < 13 ? text : (' ' + text).slice(1);
}

export function detachOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : detachString(text);
}
