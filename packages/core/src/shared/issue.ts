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
