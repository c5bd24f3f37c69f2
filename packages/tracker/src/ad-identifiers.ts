import type { FirstPartyStorage } from './storage.js';

/** The visitor's answer for ad platforms (the `ad_audiences` purpose), remembered like the tracking answer. */
export const AD_CONSENT_KEY = 'lp_ads';

/** The click and browser ids the ad platforms match conversions on: sent in `context.ads`, only with ad consent. */
export type AdIds = { fbp?: string; fbc?: string; gclid?: string; gbraid?: string; wbraid?: string };

// Meta's own first-party cookie names, so a Meta pixel on the same site and LeadPulse share one browser id.
const FBC = '_fbc';
const FBP = '_fbp';
const GOOGLE = ['gclid', 'gbraid', 'wbraid'] as const;
// Meta's pixel keeps these 90 days; a click id older than Google's 90-day window matches nothing either.
const NINETY_DAYS_S = 90 * 24 * 3600;

/**
 * Reads the platforms' click ids from the landing URL and keeps them with Meta's browser id (first-party cookies),
 * then returns every id held. Called only once the visitor granted ad consent: before that, nothing is read or kept.
 */
export function keepAdIds(storage: FirstPartyStorage, url: string, now: number): AdIds {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    params = new URLSearchParams();
  }
  const fbclid = params.get('fbclid');
  const fbc = storage.get(FBC);
  // Meta's format: fb.1.<when the click was seen, ms>.<fbclid>; a click seen again keeps its first instant.
  if (fbclid && !(fbc && fbc.slice(fbc.lastIndexOf('.') + 1) === fbclid)) storage.set(FBC, `fb.1.${now}.${fbclid}`, { cookie: true, maxAgeS: NINETY_DAYS_S });
  if (!storage.get(FBP)) storage.set(FBP, `fb.1.${now}.${randomDigits()}`, { cookie: true, maxAgeS: NINETY_DAYS_S });
  const clicked = GOOGLE.find((key) => params.get(key));
  if (clicked) {
    // One click at a time: a new gclid replaces an older gbraid.
    for (const key of GOOGLE) storage.remove(`lp_${key}`);
    storage.set(`lp_${clicked}`, params.get(clicked)!, { cookie: true, maxAgeS: NINETY_DAYS_S });
  }
  const ids: AdIds = {};
  const fbp = storage.get(FBP);
  const fbcNow = storage.get(FBC);
  if (fbp) ids.fbp = fbp;
  if (fbcNow) ids.fbc = fbcNow;
  for (const key of GOOGLE) {
    const value = storage.get(`lp_${key}`);
    if (value) ids[key] = value;
  }
  return ids;
}

/** Forgets every id kept for the ad platforms (ad consent withdrawn, tracking refused, or a reset). */
export function forgetAdIds(storage: FirstPartyStorage): void {
  for (const name of [FBC, FBP, ...GOOGLE.map((key) => `lp_${key}`)]) storage.remove(name);
}

/** A random whole number of 10 digits, as Meta's pixel makes for `_fbp`. */
function randomDigits(): string {
  const bytes = new Uint32Array(1);
  if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
  else bytes[0] = Math.floor(Math.random() * 2 ** 32);
  return String(1_000_000_000 + (bytes[0]! % 9_000_000_000));
}
