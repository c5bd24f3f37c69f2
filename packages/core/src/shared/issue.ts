/** One problem with one piece of input, located by its path. Example: `{ code: 'invalid_type', path: ['batch', 3, 'userId'], message: 'expected a string' }`. */
export interface Issue {
  readonly code: string;
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export const issue = (code: string, path: readonly (string | number)[], message: string): Issue => ({ code, path, message });

/** Renders a path as `batch[3].userId`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

/** The fields of a zod issue that ours keep; core does not depend on zod, so the shape is spelled out. */
export interface ZodLikeIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Zod's issues as ours, each path under `prefix`. Example: `issuesFromZod(parsed.error.issues, [3])` for the 4th line. */
export function issuesFromZod(issues: readonly ZodLikeIssue[], prefix: readonly (string | number)[] = []): Issue[] {
  return issues.map((i) => ({ code: i.code, path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }));
}
