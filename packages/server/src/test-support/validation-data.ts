import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoFile = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

/**
 * The public datasets of ../shared/data: test fixtures only (their licences forbid shipping them), so they are looked
 * for where LEADPULSE_VALIDATION_DATA points, or else in shared/data beside the repository.
 */
export function validationDataDir(): string | null {
  const candidates = [process.env['LEADPULSE_VALIDATION_DATA'], repoFile('../shared/data')];
  return candidates.find((dir): dir is string => Boolean(dir) && existsSync(dir!)) ?? null;
}
