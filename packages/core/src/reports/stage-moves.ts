import { DAY } from '../shared/duration.js';

/** Stage changes counted by day and move, as the store returns them. */
export interface MoveCount {
  readonly day: string;
  readonly from: string | null;
  readonly to: string;
  readonly count: number;
}

export interface TransitionMatrix {
  /** Stage keys in doctrine order, lowest first. */
  readonly stages: readonly string[];
  readonly moves: readonly { readonly from: string | null; readonly to: string; readonly count: number; readonly cooling: boolean }[];
}

/**
 * Who moved from which stage to which in the period, with cooling moves (hot to warm, client to prospect)
 * flagged. `rankOf` orders stages (the fallback lowest); a move to a lower rank cools.
 */
export function transitionMatrix(moves: readonly MoveCount[], stages: readonly string[], rankOf: (stage: string) => number): TransitionMatrix {
  const totals = new Map<string, { from: string | null; to: string; count: number }>();
  for (const move of moves) {
    const key = `${move.from ?? ''}>${move.to}`;
    const known = totals.get(key);
    if (known) known.count += move.count;
    else totals.set(key, { from: move.from, to: move.to, count: move.count });
  }
  return {
    stages,
    moves: [...totals.values()]
      .map((m) => ({ ...m, cooling: m.from !== null && rankOf(m.to) < rankOf(m.from) }))
      .sort((a, b) => b.count - a.count),
  };
}

export interface DailyShare {
  readonly day: string;
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * The number of contacts in each stage at the end of each day of the period, rebuilt backwards from today's
 * counts and the recorded moves. New contacts enter silently in the fallback stage, so it is left out.
 */
export function dailyHistory(today: Readonly<Record<string, number>>, moves: readonly MoveCount[], days: readonly string[], fallback: string): DailyShare[] {
  const byDay = new Map<string, MoveCount[]>();
  for (const move of moves) {
    const list = byDay.get(move.day) ?? [];
    list.push(move);
    byDay.set(move.day, list);
  }
  const counts: Record<string, number> = { ...today };
  delete counts[fallback];
  const history: DailyShare[] = [];
  // Walk back: the end of day d is the end of day d+1 with day d+1's moves undone.
  for (let i = days.length - 1; i >= 0; i--) {
    const day = days[i]!;
    history.push({ day, counts: { ...counts } });
    for (const move of byDay.get(day) ?? []) {
      if (move.to !== fallback) counts[move.to] = (counts[move.to] ?? 0) - move.count;
      if (move.from !== null && move.from !== fallback) counts[move.from] = (counts[move.from] ?? 0) + move.count;
    }
  }
  return history.reverse();
}

/** Every UTC day from `from` to `to` (exclusive), as `YYYY-MM-DD`. */
export function daysBetween(from: number, to: number): string[] {
  const days: string[] = [];
  for (let t = Math.floor(from / DAY) * DAY; t < to; t += DAY) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
