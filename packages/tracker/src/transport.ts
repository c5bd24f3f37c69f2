import type { FirstPartyStorage } from './storage.js';

/** One Segment message, ready to send. */
export interface Message {
  readonly messageId: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface Transport {
  enqueue(message: Message): void;
  /** Sends now with `keepalive`, because a navigation may follow (form submit, link click). */
  flushUrgently(): void;
  /** Hands the whole queue to the browser with `sendBeacon`: the page is being hidden or closed. */
  flushOnExit(): void;
  /** Starts (or stops) keeping the queue in first-party storage, which needs consent. */
  persistTo(storage: FirstPartyStorage | null): void;
  clear(): void;
  size(): number;
}

export interface TransportOptions {
  readonly host: string;
  readonly writeKey: string;
  readonly maxQueue: number;
  readonly flushIntervalMs: number;
  readonly log: (message: string) => void;
}

const QUEUE_KEY = 'lp_queue';
const MAX_BATCH = 20;
// Browsers cap keepalive and beacon bodies at 64 KB in flight.
const MAX_BODY = 60_000;
const MAX_BACKOFF_MS = 30_000;
// The server refuses bigger events; better to say so here than to send them.
const MAX_EVENT = 32_000;

/**
 * A bounded queue with batching and retries. Messages leave the queue only when the server has answered for them, so a
 * flaky network delays events but loses none; the server deduplicates by messageId, which makes resending safe.
 */
export function createTransport(options: TransportOptions): Transport {
  const url = `${options.host}/v1/batch`;
  let queue: Message[] = [];
  let storage: FirstPartyStorage | null = null;
  let inFlight = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let warnedRefusal = false;

  const persist = () => {
    if (!storage) return;
    if (queue.length === 0) storage.remove(QUEUE_KEY);
    else storage.set(QUEUE_KEY, JSON.stringify(queue));
  };

  const bodyOf = (batch: readonly Message[]) => JSON.stringify({ batch, writeKey: options.writeKey, sentAt: new Date().toISOString() });

  /** The oldest messages that fit one request. */
  const nextBatch = (): Message[] => {
    const batch: Message[] = [];
    let bytes = 100;
    for (const message of queue) {
      const size = JSON.stringify(message).length + 1;
      if (batch.length > 0 && (batch.length === MAX_BATCH || bytes + size > MAX_BODY)) break;
      batch.push(message);
      bytes += size;
    }
    return batch;
  };

  const settle = (batch: readonly Message[]) => {
    const sent = new Set(batch.map((m) => m.messageId));
    queue = queue.filter((m) => !sent.has(m.messageId));
    persist();
  };

  const schedule = (delay: number) => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      send(false);
    }, delay);
  };

  const retryLater = () => {
    attempt++;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempt - 1)) * (0.5 + Math.random());
    options.log(`delivery failed; retry ${attempt} in ${Math.round(delay)} ms (${queue.length} queued)`);
    schedule(delay);
  };

  function send(keepalive: boolean) {
    if (inFlight || queue.length === 0) return;
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    const batch = nextBatch();
    inFlight = true;
    fetch(url, { method: 'POST', body: bodyOf(batch), headers: { 'Content-Type': 'text/plain' }, credentials: 'omit', keepalive })
      .then((response) => {
        inFlight = false;
        const transient = response.status >= 500 || response.status === 408 || response.status === 429;
        if (transient) return retryLater();
        if (!response.ok && !warnedRefusal) {
          // Refused for good (bad key, origin not allowed, invalid events): resending cannot help.
          warnedRefusal = true;
          console.warn(`[leadpulse] the server refused events (HTTP ${response.status}); check the write key and allowed origins.`);
        }
        attempt = 0;
        settle(batch);
        if (queue.length > 0) send(false);
      })
      .catch(() => {
        inFlight = false;
        retryLater();
      });
  }

  addEventListener('online', () => {
    attempt = 0;
    send(false);
  });

  return {
    enqueue(message) {
      let size: number;
      try {
        size = JSON.stringify(message).length;
      } catch {
        return console.warn('[leadpulse] an event with properties that cannot be sent as JSON (a cycle?) was dropped.');
      }
      if (size > MAX_EVENT) return console.warn(`[leadpulse] a ${size}-byte event was dropped: events are limited to 32 KB.`);
      queue.push(message);
      if (queue.length > options.maxQueue) {
        queue.shift();
        options.log(`queue full (${options.maxQueue}): the oldest event was dropped`);
      }
      persist();
      if (queue.length >= MAX_BATCH) send(false);
      else if (attempt === 0) schedule(options.flushIntervalMs);
    },
    flushUrgently() {
      send(true);
    },
    flushOnExit() {
      if (queue.length === 0 || navigator.onLine === false) return; // kept in storage for the next page
      while (queue.length > 0) {
        const batch = nextBatch();
        const body = bodyOf(batch);
        const queued = typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' }));
        if (!queued) fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' }, credentials: 'omit', keepalive: true }).catch(() => {});
        // Out of memory but still in storage until the next page's queue replaces it: a beacon is not an answer.
        queue = queue.slice(batch.length);
      }
    },
    persistTo(next) {
      storage = next;
      if (!storage) return;
      try {
        const saved = JSON.parse(storage.get(QUEUE_KEY) || '[]') as Message[];
        const known = new Set(queue.map((m) => m.messageId));
        queue = saved.filter((m) => m && m.messageId && !known.has(m.messageId)).concat(queue).slice(-options.maxQueue);
      } catch {
        // an unreadable saved queue is dropped
      }
      persist();
      if (queue.length > 0) schedule(0);
    },
    clear() {
      queue = [];
      persist();
    },
    size: () => queue.length,
  };
}
