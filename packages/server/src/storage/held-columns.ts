/**
 * The rollup's counts of contacts that held a temperature, or made a step for real, as SQL conditions over a
 * facts row (`prefix` is `new.` or `old.` in triggers): the same rule as the core's `held` and `madeStep`. A
 * temperature first reached at the same instant as the one above it was skipped, not held.
 */
const heldIf = (p: string, t: string, next: string | null) => (next === null ? `${p}${t}_at is not null` : `(${p}${t}_at is not null and (${p}${next}_at is null or ${p}${t}_at < ${p}${next}_at))`);

export const HELD_COLUMNS = {
  held_cold: (p: string) => heldIf(p, 'cold', 'warm'),
  held_warm: (p: string) => heldIf(p, 'warm', 'hot'),
  held_hot: (p: string) => heldIf(p, 'hot', 'client'),
  cold_warm: (p: string) => `(${heldIf(p, 'cold', 'warm')} and ${heldIf(p, 'warm', 'hot')})`,
  warm_hot: (p: string) => `(${heldIf(p, 'warm', 'hot')} and ${heldIf(p, 'hot', 'client')})`,
  hot_client: (p: string) => `(${heldIf(p, 'hot', 'client')} and ${p}client_at is not null)`,
} as const;

export type HeldColumn = keyof typeof HELD_COLUMNS;
export const HELD_COLUMN_NAMES = Object.keys(HELD_COLUMNS) as HeldColumn[];
