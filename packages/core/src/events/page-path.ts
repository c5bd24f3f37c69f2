import type { LeadEvent } from './lead-event.js';

/** The path part of an absolute or relative URL, without query or fragment. */
export function pathOfUrl(url: string): string | null {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/?#]*)?([^?#]*)/i.exec(url.trim());
  const path = match?.[1] ?? '';
  return path.startsWith('/') ? path : path === '' && /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? '/' : null;
}

const normalize = (path: string): string => (path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path);

/** The page an event happened on: properties.path, context.page.path, or the path of a page URL. */
export function pagePathOf(event: Pick<LeadEvent, 'properties' | 'context'>): string | null {
  const props = event.properties;
  const page = event.context.page;
  for (const candidate of [props['path'], page?.path]) {
    if (typeof candidate === 'string' && candidate.startsWith('/')) return normalize(candidate.split(/[?#]/)[0]!);
  }
  for (const candidate of [props['url'], page?.url]) {
    if (typeof candidate === 'string') {
      const path = pathOfUrl(candidate);
      if (path) return normalize(path);
    }
  }
  return null;
}

/** The host of a referrer URL, lowercased, without "www.". */
export function hostOfUrl(url: string): string | null {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#]+)/i.exec(url.trim());
  return match ? match[1]!.toLowerCase().replace(/^www\./, '') : null;
}
