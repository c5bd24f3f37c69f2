import type { Clock } from './ports.js';
import { systemClock } from './system-clock.js';

/** A clock that a historical load can hold at the instant it has reached, then give back to real time. */
export interface ReplayClock extends Clock {
  /** Holds the clock at `at`; null lets it run with `base` again. */
  hold(at: Date | null): void;
}

export function replayClock(base: Clock = systemClock): ReplayClock {
  let held: Date | null = null;
  return {
    now: () => held ?? base.now(),
    hold: (at) => {
      held = at;
    },
  };
}
