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

/** Whether a `/`-separated path (relative or absolute) matches a glob, anchored at any directory. */
export function matchesGlob(path: string, glob: string): boolean {
  const re = globToRegExp(glob);
  const normalized = path.replace(/\\/g, '/');
  if (re.test(normalized)) return true;
  const parts = normalized.split('/');
  for (let i = 1; i < parts.length; i++) if (re.test(parts.slice(i).join('/'))) return true;
  return false;
}
