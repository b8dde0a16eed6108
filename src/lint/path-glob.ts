/** Minimal glob matching for `exclude` patterns: `**` (any depth), `*` and `?` (within a path segment). */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

const anywhere = new Map<string, RegExp>();

/** Whether a `/`-separated path (relative or absolute) matches a glob, anchored at any directory. */
export function matchesGlob(path: string, glob: string): boolean {
  // Compiled once per glob: a lint run tests every file of a migrations tree against every pattern.
  let re = anywhere.get(glob);
  if (re === undefined) {
    // "At any directory" is a start or a slash before the pattern. A leading `**/` says the same, and
    // a second optional `(?:.*/)?` in front of it made every non-matching path backtrack quadratically.
    const body = globToRegExp(glob.startsWith('**/') ? glob.slice(3) : glob).source.slice(1);
    re = new RegExp(`(?:^|/)${body}`);
    anywhere.set(glob, re);
  }
  return re.test(path.includes('\\') ? path.replace(/\\/g, '/') : path);
}
