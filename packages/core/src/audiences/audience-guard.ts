import { PLATFORM_MINIMUM, type AudiencePlatform } from './audience.js';

/**
 * What stands between an audience and a push: the sensitive categories its segment uses (a refusal, with the
 * reason) and whether it is under a platform's minimum size (a warning only: the list still fills up).
 */
export interface AudienceGuard {
  readonly sensitive: readonly string[];
  readonly belowMinimum: boolean;
  readonly minimum: number;
}

export function audienceGuard(options: { sensitive: readonly string[]; eligible: number; platforms: readonly AudiencePlatform[] }): AudienceGuard {
  const minimum = Math.max(0, ...options.platforms.map((p) => PLATFORM_MINIMUM[p]));
  return { sensitive: [...options.sensitive], belowMinimum: options.eligible < minimum, minimum };
}

/** Why a push is refused, in words a marketer can act on; null when it may go. */
export function refusalOf(guard: AudienceGuard): string | null {
  if (guard.sensitive.length === 0) return null;
  return `The segment targets on ${guard.sensitive.join(', ')}: Meta and Google forbid customer lists built on sensitive categories. Remove these conditions from the segment to push it.`;
}

/** Splits rows into a platform's request size. */
export function batchesOf<T>(rows: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < rows.length; i += size) batches.push(rows.slice(i, i + size));
  return batches;
}
