import type { Clock } from '../app/ports.js';

/** A clock that only moves when a test says so. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(instant: Date | number): void;
}

export function manualClock(start: Date | number): ManualClock {
  let current = typeof start === 'number' ? start : start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (instant) => {
      current = typeof instant === 'number' ? instant : instant.getTime();
    },
  };
}
