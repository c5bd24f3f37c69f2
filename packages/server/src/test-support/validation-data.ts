import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The public datasets of ../shared/data: test fixtures only (their licences forbid shipping them), so they are looked
 * for beside the repository, or where LEADPULSE_VALIDATION_DATA points.
 */
export function validationDataDir(): string | null {
  const candidates = [process.env['LEADPULSE_VALIDATION_DATA'], fileURLToPath(new URL('../../../../../shared/data', import.meta.url)), '/work/shared/data'];
  return candidates.find((dir): dir is string => Boolean(dir) && existsSync(dir!)) ?? null;
}

export const repoFile = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));
