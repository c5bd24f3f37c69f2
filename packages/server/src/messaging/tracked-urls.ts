/** The query parameter that carries a click's token to the landing page, where the tracker hands it back. */
export const CONTACT_TOKEN_PARAM = 'lp_ct';

const UTM_SOURCE = 'leadpulse';
const UTM_MEDIUM = 'email';

/**
 * The link's URL with utm_source, utm_medium, utm_campaign and utm_content added, except those the author already set:
 * a link built for another campaign keeps its attribution.
 */
export function withUtm(url: string, utm: { readonly campaign: string | null; readonly content: string | null }): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const wanted: [string, string | null][] = [
    ['utm_source', UTM_SOURCE],
    ['utm_medium', UTM_MEDIUM],
    ['utm_campaign', utm.campaign],
    ['utm_content', utm.content],
  ];
  for (const [key, value] of wanted) if (value !== null && !parsed.searchParams.has(key)) parsed.searchParams.set(key, value);
  return parsed.toString();
}

/** Where a click lands: the sealed URL, plus the click's token so the tracker can tie the visit to the contact. */
export function landingUrl(sealedUrl: string, token: string): string {
  const url = new URL(sealedUrl);
  url.searchParams.set(CONTACT_TOKEN_PARAM, token);
  return url.toString();
}
