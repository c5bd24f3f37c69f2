import { DAY } from '../shared/duration.js';
import type { Snapshot } from './dataset.js';

/**
 * Whether the contact bought within `horizonDays` after the snapshot: 1, 0, or null when the horizon runs past the end
 * of the data with no purchase seen (unknown, not negative: such rows are left out of training). Example:
 * `labelOf(snapshot, 30)`.
 */
export function labelOf(snapshot: Pick<Snapshot, 'at' | 'nextPurchaseAt' | 'observedUntil'>, horizonDays: number): 1 | 0 | null {
  const horizonEnd = snapshot.at + horizonDays * DAY;
  const bought = snapshot.nextPurchaseAt;
  if (bought !== null && bought > snapshot.at && bought <= horizonEnd && bought <= snapshot.observedUntil) return 1;
  return horizonEnd <= snapshot.observedUntil ? 0 : null;
}
