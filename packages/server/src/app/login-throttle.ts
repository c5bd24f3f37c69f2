/**
 * Counts failed sign-ins per key (email and client address) in a sliding window. It lives in the process's
 * memory: with several API processes each one counts on its own, which still caps guessing at N times the limit.
 */
export function createLoginThrottle(options: { maxFailures: number; windowMs: number }) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((at) => at > now - options.windowMs);

  function prune(now: number) {
    for (const [key, times] of failures) if (times.every((at) => at <= now - options.windowMs)) failures.delete(key);
  }

  return {
    /** When the key may try again (epoch ms), or null if it is not blocked. */
    blockedUntil(key: string, now: number): number | null {
      const times = recent(key, now);
      return times.length >= options.maxFailures ? times[times.length - options.maxFailures]! + options.windowMs : null;
    },
    fail(key: string, now: number) {
      // Bounds memory under a spray of made-up emails.
      if (failures.size > 10_000) prune(now);
      failures.set(key, [...recent(key, now), now].slice(-options.maxFailures));
    },
    clear(key: string) {
      failures.delete(key);
    },
  };
}
