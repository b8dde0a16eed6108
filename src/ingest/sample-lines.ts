/** Lines of a detection sample: the last, possibly cut, line is dropped unless the sample is the whole input. */
const MAX_SAMPLE_LINES = 400;
const MAX_SAMPLE_LINE_CHARS = 64 * 1024;

export function sampleLines(sample: string, complete = false): string[] {
  const lines: string[] = [];
  let from = 0;
  while (lines.length < MAX_SAMPLE_LINES) {
    const newline = sample.indexOf('\n', from);
    if (newline === -1) {
      if (complete && from < sample.length) lines.push(trimEnd(sample.slice(from)));
      break;
    }
    if (newline - from <= MAX_SAMPLE_LINE_CHARS) lines.push(trimEnd(sample.slice(from, newline)));
    from = newline + 1;
  }
  return lines;
}

function trimEnd(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
