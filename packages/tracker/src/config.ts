export type ConsentState = 'pending' | 'granted' | 'denied';

export interface TrackerConfig {
  readonly writeKey: string;
  /** LeadPulse's base URL, without a trailing slash. */
  readonly host: string;
  /** Where consent starts: `granted` (the site's own notice covers it), `pending` (wait for `consent()`) or `denied`. */
  readonly consent: ConsentState;
  /** Count page views without cookies or ids while consent is not granted. */
  readonly cookieless: boolean;
  /** Treat Do Not Track and Global Privacy Control as a refusal. */
  readonly respectDnt: boolean;
  readonly autoPage: boolean;
  readonly forms: boolean;
  readonly links: boolean;
  readonly cookieDomain: string | undefined;
  readonly flushIntervalMs: number;
  readonly maxQueue: number;
  readonly debug: boolean;
}

/** What a site may set, in `window.leadpulse.config` or as `data-*` attributes of the script tag. */
export type TrackerOptions = Partial<{ -readonly [K in keyof TrackerConfig]: TrackerConfig[K] }> & { key?: string };

const CONSENT_STATES: readonly string[] = ['pending', 'granted', 'denied'];

function flag(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  return value === true || value === '' || value === 'true' || value === '1';
}

/** Reads the settings: the stub's object wins over the script tag, and the host defaults to where lp.js came from. */
export function readConfig(options: TrackerOptions | undefined, script: HTMLScriptElement | null): TrackerConfig {
  const data = script ? script.dataset : {};
  const o = options || {};
  const pick = (name: keyof TrackerOptions, attribute: string): unknown => (o[name] !== undefined ? o[name] : data[attribute]);
  const scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  const consent = String(pick('consent', 'consent') || 'granted');
  return {
    writeKey: String(pick('writeKey', 'key') || o.key || ''),
    host: String(pick('host', 'host') || scriptOrigin).replace(/\/+$/, ''),
    consent: (CONSENT_STATES.includes(consent) ? consent : 'pending') as ConsentState,
    cookieless: flag(pick('cookieless', 'cookieless'), false),
    respectDnt: flag(pick('respectDnt', 'respectDnt'), false),
    autoPage: flag(pick('autoPage', 'autoPage'), true),
    forms: flag(pick('forms', 'forms'), true),
    links: flag(pick('links', 'links'), true),
    cookieDomain: (pick('cookieDomain', 'cookieDomain') as string | undefined) || undefined,
    flushIntervalMs: Number(pick('flushIntervalMs', 'flushIntervalMs')) || 1000,
    maxQueue: Number(pick('maxQueue', 'maxQueue')) || 500,
    debug: flag(pick('debug', 'debug'), false),
  };
}
