import { readConfig, type TrackerOptions } from './config.js';
import { createTracker } from './tracker.js';

/** What the snippet leaves on `window.leadpulse` before lp.js arrives: settings and the calls made so far. */
interface Stub {
  config?: TrackerOptions;
  q?: ArrayLike<[method: string, args: ArrayLike<unknown>]>;
  loaded?: boolean;
}

(() => {
  try {
    const w = window as unknown as { leadpulse?: unknown };
    const stub = (w.leadpulse || {}) as Stub;
    if (stub.loaded) return; // the snippet was pasted twice
    const script = (document.currentScript as HTMLScriptElement | null) || document.querySelector<HTMLScriptElement>('script[src*="/lp.js"]');
    const config = readConfig(stub.config, script);
    if (!config.writeKey) console.warn('[leadpulse] no write key: add data-key="…" to the lp.js script tag.');
    const tracker = createTracker(config);
    // The stub object itself becomes the tracker, so code that kept a reference to it (`var lp = window.leadpulse`)
    // calls the real methods from now on instead of queueing into a list nobody reads.
    const queued = Array.from(stub.q || []);
    w.leadpulse = Object.assign(stub, tracker, { loaded: true, q: [] });
    tracker.start();
    for (const [method, args] of queued) {
      const fn = (tracker as unknown as Record<string, (...a: unknown[]) => void>)[method];
      if (typeof fn === 'function') fn(...Array.from(args));
    }
  } catch (error) {
    console.warn('[leadpulse] could not start:', error);
  }
})();
