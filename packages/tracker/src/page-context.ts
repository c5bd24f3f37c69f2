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
