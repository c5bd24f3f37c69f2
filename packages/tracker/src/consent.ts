import type { ConsentState, TrackerConfig } from './config.js';
import type { FirstPartyStorage } from './storage.js';

export const CONSENT_KEY = 'lp_consent';

/** True when the browser says "do not track" (DNT) or "do not sell or share" (Global Privacy Control). */
export function browserOptedOut(): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean; msDoNotTrack?: string };
  const dnt = nav.doNotTrack || (window as unknown as { doNotTrack?: string }).doNotTrack || nav.msDoNotTrack;
  return dnt === '1' || dnt === 'yes' || nav.globalPrivacyControl === true;
}

/**
 * Where consent stands when the page loads. A browser opt-out wins when the site honours it, then a refusal set by the
 * site, then the visitor's own earlier choice, then the site's default.
 */
export function initialConsent(config: TrackerConfig, storage: FirstPartyStorage): ConsentState {
  if (config.respectDnt && browserOptedOut()) return 'denied';
  if (config.consent === 'denied') return 'denied';
  const remembered = storage.get(CONSENT_KEY);
  if (remembered === 'granted' || remembered === 'denied') return remembered;
  return config.consent;
}
