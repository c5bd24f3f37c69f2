/** Segment's `context.page` and `context.campaign` for the current location. */
export interface PageContext {
  path: string;
  url: string;
  search: string;
  title: string;
  referrer: string;
}

export function currentPage(referrer: string): PageContext {
  const url = location.href.split('#')[0]!;
  return { path: location.pathname, url, search: location.search, title: document.title, referrer };
}

const UTM: readonly (readonly [string, string])[] = [
  ['utm_source', 'source'],
  ['utm_medium', 'medium'],
  ['utm_campaign', 'name'],
  ['utm_term', 'term'],
  ['utm_content', 'content'],
];

/** The UTM parameters of the URL as Segment's `context.campaign`, or undefined when there are none. */
export function campaignOf(search: string): Record<string, string> | undefined {
  let campaign: Record<string, string> | undefined;
  try {
    const params = new URLSearchParams(search);
    for (const [param, field] of UTM) {
      const value = params.get(param);
      if (value) (campaign ||= {})[field] = value;
    }
  } catch {
    // a search string URLSearchParams cannot read carries no campaign
  }
  return campaign;
}

/** The query parameter a LeadPulse email click adds to the landing URL: a token naming the contact who clicked. */
export const CONTACT_TOKEN_PARAM = 'lp_ct';

/**
 * Takes the email click's contact token out of the address bar (so it is neither shared with the URL nor stored in
 * page views) and returns it, or null when the page was not reached from a LeadPulse email.
 */
export function takeContactToken(): string | null {
  try {
    const url = new URL(location.href);
    const token = url.searchParams.get(CONTACT_TOKEN_PARAM);
    if (!token) return null;
    url.searchParams.delete(CONTACT_TOKEN_PARAM);
    history.replaceState(history.state, '', url.toString());
    return token;
  } catch {
    return null;
  }
}
