/** Counts the time a page is visible and in use: a hidden tab or an idle visitor does not count. */
export interface EngagementClock {
  /** The engaged seconds since the last call, rounded to a tenth, and a fresh count. */
  take(): number;
}

const TICK_MS = 1000;
/** Without a mouse move, key, scroll or touch for this long, the visitor is taken to be away. */
const IDLE_AFTER_MS = 30_000;
const ACTIVITY = ['mousemove', 'mousedown', 'keydown', 'scroll', 'wheel', 'touchstart', 'pointerdown'];

export function startEngagementClock(): EngagementClock {
  let engagedMs = 0;
  let lastTick = Date.now();
  let lastActivity = lastTick;

  const tick = () => {
    const now = Date.now();
    const visible = document.visibilityState === 'visible';
    // A long gap between ticks means a sleeping laptop or a throttled tab, not attention.
    if (visible && now - lastActivity < IDLE_AFTER_MS) engagedMs += Math.min(now - lastTick, 2 * TICK_MS);
    lastTick = now;
  };
  const onActivity = () => {
    if (Date.now() - lastActivity >= IDLE_AFTER_MS) lastTick = Date.now(); // back from idle: the idle time is not counted
    lastActivity = Date.now();
  };
  for (const type of ACTIVITY) addEventListener(type, onActivity, { passive: true, capture: true });
  document.addEventListener('visibilitychange', () => {
    tick();
    if (document.visibilityState === 'visible') onActivity();
  });
  setInterval(tick, TICK_MS);

  return {
    take() {
      tick();
      const seconds = Math.round(engagedMs / 100) / 10;
      engagedMs = 0;
      return seconds;
    },
  };
}
