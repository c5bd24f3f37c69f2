const stripSlash = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);

function toRegExp(pattern: string): RegExp {
  const escaped = stripSlash(pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** `*` matches any run of characters (slashes included); matching ignores case and a trailing slash. */
export function matchPath(pattern: string, path: string): boolean {
  return toRegExp(pattern).test(stripSlash(path));
}

/** Compiles patterns once for the fold's hot loop. */
export function compilePathMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const combined = new RegExp(patterns.map((p) => toRegExp(p).source).join('|'), 'i');
  return (path) => combined.test(stripSlash(path));
}
