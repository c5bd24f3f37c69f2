import { AD_CONSENT_KEY, forgetAdIds, keepAdIds, type AdIds } from './ad-identifiers.js';
import { captureForm, classifyLink } from './autocapture.js';
import type { ConsentState, TrackerConfig } from './config.js';
import { CONSENT_KEY, initialConsent } from './consent.js';
import { startEngagementClock, type EngagementClock } from './engagement.js';
import { campaignOf, currentPage, takeContactToken, type PageContext } from './page-context.js';
import { createStorage, randomId } from './storage.js';
import { createTransport, type Message } from './transport.js';

export const VERSION = '0.1.0';
export const LIBRARY = 'leadpulse.js';

const ANONYMOUS_ID_KEY = 'lp_aid';
const USER_ID_KEY = 'lp_uid';

type Properties = Record<string, unknown>;
/** Segment's `options`: `messageId` lets a browser pixel fire with the same id (its eventID), so the platform deduplicates. */
type Options = { messageId?: string };
/** Consent for each purpose beyond tracking: `ads` is the ad platforms' (click ids, conversions forwarded). */
type Purposes = { ads?: boolean };
/** A message before consent is known: identity is stamped when it is allowed to leave. */
type Draft = { type: string; timestamp: string; context: Properties } & Properties;

/** The public API, `window.leadpulse`. Every method swallows its own errors: the host page never sees one. */
export interface LeadPulseTracker {
  track(event: string, properties?: Properties, options?: Options): void;
  identify(userIdOrTraits?: string | Properties | null, traits?: Properties): void;
  page(properties?: Properties): void;
  consent(state: ConsentState, purposes?: Purposes): void;
  productAdded(product: Properties, options?: Options): void;
  checkoutStarted(properties?: Properties, options?: Options): void;
  orderCompleted(order: Properties, options?: Options): void;
  /** Forgets the visitor (sign-out on a shared computer): a new anonymous id, no user id. */
  reset(): void;
  anonymousId(): string | null;
  consentState(): ConsentState;
}

export function createTracker(config: TrackerConfig): LeadPulseTracker & { start(): void } {
  const log = (message: string) => {
    if (config.debug) console.debug(`[leadpulse] ${message}`);
  };
  const storage = createStorage(config.cookieDomain);
  const transport = createTransport({ host: config.host, writeKey: config.writeKey, maxQueue: config.maxQueue, flushIntervalMs: config.flushIntervalMs, log });
  let consent = initialConsent(config, storage);
  let anonymousId: string | null = null;
  let userId: string | null = null;
  // Not stored anywhere: a fresh one per page load, for cookieless counting.
  const cookielessId = `cookieless-${randomId()}`;
  const waiting: Draft[] = [];
  // Read before the first page view, which must not carry it in its URL.
  let contactToken = takeContactToken();
  let page: PageContext = currentPage(document.referrer);
  let engagement: EngagementClock | null = null;
  // The ad platforms' ids, held only while both tracking and ad consent are granted.
  let adIds: AdIds | null = null;

  const adopt = () => {
    anonymousId = storage.get(ANONYMOUS_ID_KEY) || randomId();
    storage.set(ANONYMOUS_ID_KEY, anonymousId, { cookie: true });
    userId = storage.get(USER_ID_KEY);
    transport.persistTo(storage);
    adIds = storage.get(AD_CONSENT_KEY) === 'granted' ? keepAdIds(storage, page.url, Date.now()) : null;
  };

  const release = (draft: Draft) => {
    if (typeof draft['userId'] === 'string' && draft['userId'] !== userId) {
      userId = draft['userId'];
      storage.set(USER_ID_KEY, userId);
    }
    // The first event sent with consent carries the email click's token: the server ties this visitor to the contact.
    const context: Properties = contactToken ? { ...draft.context, lp_ct: contactToken } : { ...draft.context };
    contactToken = null;
    if (adIds) context['ads'] = adIds;
    const message: Message = { ...draft, context, messageId: (draft['messageId'] as string) || randomId(), anonymousId, ...(userId ? { userId } : {}) };
    transport.enqueue(message);
  };

  const emit = (type: string, fields: Properties, at = page) => {
    const context: Properties = { page: { ...at }, locale: navigator.language, timezone: timeZone(), library: { name: LIBRARY, version: VERSION } };
    const campaign = campaignOf(at.search);
    if (campaign) context['campaign'] = campaign;
    const draft: Draft = { type, timestamp: new Date().toISOString(), context, ...fields };
    if (consent === 'granted') return release(draft);
    if (config.cookieless && type === 'page') {
      // Counted, not followed: a throwaway id, no storage, and the reason in the event.
      return transport.enqueue({ ...draft, messageId: randomId(), anonymousId: cookielessId, context: { ...context, consent } });
    }
    if (consent === 'pending' && waiting.length < config.maxQueue) waiting.push(draft);
  };

  const track = (event: string, properties?: Properties, options?: Options) =>
    emit('track', { event: String(event), properties: { ...properties }, ...(options && options.messageId ? { messageId: String(options.messageId) } : {}) });

  const sendEngagement = () => {
    const seconds = engagement ? engagement.take() : 0;
    if (seconds >= 1) track('Page Engaged', { engagedSeconds: seconds, path: page.path });
  };

  const safe =
    <A extends unknown[]>(name: string, fn: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn(...args);
      } catch (error) {
        log(`${name} failed: ${String(error)}`);
      }
    };

  const onNavigate = () => {
    const next = currentPage(page.url);
    if (next.path === page.path && next.search === page.search) return;
    sendEngagement();
    page = next;
    emit('page', { properties: { path: page.path, url: page.url, title: page.title, referrer: page.referrer } });
  };

  const watchHistory = () => {
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        const result = original.apply(this, args);
        safe('navigation', onNavigate)();
        return result;
      };
    }
    addEventListener('popstate', safe('navigation', onNavigate));
  };

  const watchForms = () =>
    document.addEventListener(
      'submit',
      safe('form', (event: Event) => {
        const form = event.target;
        if (!(form instanceof HTMLFormElement)) return;
        const captured = captureForm(form);
        if (!captured) return;
        emit('identify', { traits: captured.traits });
        track('Form Submitted', { formId: captured.formId, path: page.path });
        transport.flushUrgently();
      }),
      true,
    );

  const watchLinks = () =>
    document.addEventListener(
      'click',
      safe('link', (event: MouseEvent) => {
        const link = (event.target as Element | null)?.closest?.('a[href]');
        if (!(link instanceof HTMLAnchorElement)) return;
        const click = classifyLink(link);
        if (!click) return;
        const url = new URL(click.url);
        if (click.kind === 'download') track('Document Downloaded', { url: click.url, fileName: url.pathname.split('/').pop(), linkText: click.text });
        else track('Outbound Link Clicked', { url: click.url, host: url.host, linkText: click.text });
        transport.flushUrgently();
      }),
      true,
    );

  const onExit = safe('exit', () => {
    sendEngagement();
    transport.flushOnExit();
  });

  const api: LeadPulseTracker & { start(): void } = {
    track: safe('track', track),
    identify: safe('identify', (userIdOrTraits?: string | Properties | null, traits?: Properties) => {
      const id = typeof userIdOrTraits === 'string' || typeof userIdOrTraits === 'number' ? String(userIdOrTraits) : null;
      const allTraits = { ...(id ? traits : (userIdOrTraits as Properties | null | undefined) || traits) };
      emit('identify', { ...(id ? { userId: id } : {}), traits: allTraits });
    }),
    page: safe('page', (properties?: Properties) => emit('page', { properties: { path: page.path, url: page.url, title: page.title, referrer: page.referrer, ...properties } })),
    consent: safe('consent', (state: ConsentState, purposes?: Purposes) => {
      if (state !== 'granted' && state !== 'denied' && state !== 'pending') return;
      consent = state;
      if (state === 'pending') return;
      storage.set(CONSENT_KEY, state);
      if (state === 'granted') {
        const ads = purposes && typeof purposes.ads === 'boolean' ? (purposes.ads ? 'granted' : 'denied') : null;
        const changed = ads !== null && ads !== storage.get(AD_CONSENT_KEY);
        if (changed) {
          storage.set(AD_CONSENT_KEY, ads);
          if (ads === 'denied') forgetAdIds(storage);
        }
        adopt();
        // The contact's ad_audiences consent, recorded on the server like any other answer.
        if (changed) track('Consent Updated', { purpose: 'ad_audiences', granted: ads === 'granted', source: 'tracker' });
        for (const draft of waiting.splice(0)) release(draft);
      } else {
        waiting.length = 0;
        transport.persistTo(null);
        transport.clear();
        storage.remove(ANONYMOUS_ID_KEY);
        storage.remove(USER_ID_KEY);
        storage.remove(AD_CONSENT_KEY);
        forgetAdIds(storage);
        anonymousId = userId = null;
        adIds = null;
      }
    }),
    productAdded: safe('productAdded', (product: Properties, options?: Options) => track('Product Added', product, options)),
    checkoutStarted: safe('checkoutStarted', (properties?: Properties, options?: Options) => track('Checkout Started', properties, options)),
    orderCompleted: safe('orderCompleted', (order: Properties, options?: Options) => track('Order Completed', order, options)),
    reset: safe('reset', () => {
      storage.remove(USER_ID_KEY);
      storage.remove(ANONYMOUS_ID_KEY);
      // Another person on this browser: the click that brought the last one is not theirs.
      forgetAdIds(storage);
      adIds = null;
      userId = null;
      if (consent === 'granted') adopt();
    }),
    anonymousId: () => anonymousId,
    consentState: () => consent,
    start: safe('start', () => {
      if (consent === 'granted') adopt();
      engagement = startEngagementClock();
      if (config.autoPage) api.page();
      watchHistory();
      if (config.forms) watchForms();
      if (config.links) watchLinks();
      document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && onExit());
      addEventListener('pagehide', onExit);
    }),
  };
  return api;
}

/** The visitor's IANA time zone (Segment's context.timezone): quiet hours and send windows are read on their clock. */
function timeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
