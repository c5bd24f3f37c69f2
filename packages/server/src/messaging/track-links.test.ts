import { describe, expect, it } from 'vitest';
import { createEmailTokens } from './email-tokens.js';
import { trackLinks } from './track-links.js';
import { landingUrl, withUtm } from './tracked-urls.js';

const tokens = createEmailTokens('a-secret-of-at-least-sixteen-chars');
const T = Date.UTC(2026, 10, 1, 9, 0, 0);
const options = { publicUrl: 'https://lp.example.fr/', tokens, sendId: 'sd_1', issuedAt: T, campaign: 'resend-unopened', content: 'document-email' };

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/gi)].map((m) => m[1]!.replace(/&amp;/g, '&'));
const tokenOf = (trackedUrl: string, kind: 'c' | 'o') => {
  const match = new RegExp(`^https://lp\\.example\\.fr/e/${kind}/([A-Za-z0-9_-]+)$`).exec(trackedUrl);
  expect(match, trackedUrl).not.toBeNull();
  return match![1]!;
};

describe('trackLinks', () => {
  it('sends every web link through a redirect whose token seals the URL with UTM parameters, and adds a pixel in the body', () => {
    const html = `<html><body><p><a class="cta" href="https://shop.example.fr/tarifs?x=1&amp;y=2#plans">Tarifs</a> <A HREF='http://blog.example.fr/post'>Blog</A></p></body></html>`;
    const tracked = trackLinks(html, options);
    const [first, second] = hrefs(tracked);
    expect(tokens.open(tokenOf(first!, 'c'), T)).toEqual({ kind: 'click', sendId: 'sd_1', url: 'https://shop.example.fr/tarifs?x=1&y=2&utm_source=leadpulse&utm_medium=email&utm_campaign=resend-unopened&utm_content=document-email#plans' });
    expect(tokens.open(tokenOf(second!, 'c'), T)).toMatchObject({ kind: 'click', url: 'http://blog.example.fr/post?utm_source=leadpulse&utm_medium=email&utm_campaign=resend-unopened&utm_content=document-email' });
    // Everything but the href is kept as written.
    expect(tracked).toContain('<a class="cta" href="https://lp.example.fr/e/c/');
    const pixel = /<img src="(https:\/\/lp\.example\.fr\/e\/o\/[^"]+)" width="1" height="1" alt=""[^>]*\/><\/body><\/html>$/.exec(tracked);
    expect(pixel).not.toBeNull();
    expect(tokens.open(tokenOf(pixel![1]!, 'o'), T)).toEqual({ kind: 'open', sendId: 'sd_1' });
  });

  it('leaves mailto:, tel:, anchors, relative links, LeadPulse’s own email links and comments alone', () => {
    const kept = [
      '<a href="mailto:hello@example.fr">m</a>',
      '<a href="tel:+33123456789">t</a>',
      '<a href="#top">a</a>',
      '<a href="/relative">r</a>',
      '<a href="https://lp.example.fr/e/u/sometoken">unsubscribe</a>',
      '<!-- <a href="https://commented.example/">x</a> -->',
      '<a name="no-href">n</a>',
    ].join('');
    const tracked = trackLinks(`<body>${kept}</body>`, options);
    expect(tracked.startsWith(`<body>${kept}<img src="https://lp.example.fr/e/o/`)).toBe(true);
  });

  it('appends the pixel to a fragment without a body', () => {
    expect(trackLinks('<p>Hello</p>', options)).toMatch(/^<p>Hello<\/p><img src="https:\/\/lp\.example\.fr\/e\/o\//);
  });

  it('cannot be made to redirect elsewhere: the URL is inside the sealed token, and an altered token opens to nothing', () => {
    const [href] = hrefs(trackLinks('<a href="https://shop.example.fr/">x</a>', options));
    const token = tokenOf(href!, 'c');
    const flipped = token.slice(0, 30) + (token[30] === 'A' ? 'B' : 'A') + token.slice(31);
    expect(tokens.open(flipped, T)).toBeNull();
    expect(createEmailTokens('another-secret-sixteen-chars').open(token, T)).toBeNull();
  });
});

describe('withUtm', () => {
  it('keeps the UTM parameters the author set and adds the missing ones', () => {
    expect(withUtm('https://shop.example.fr/?utm_campaign=black-friday&utm_source=newsletter', { campaign: 'nurture', content: 'step-2' })).toBe(
      'https://shop.example.fr/?utm_campaign=black-friday&utm_source=newsletter&utm_medium=email&utm_content=step-2',
    );
    expect(withUtm('https://shop.example.fr/', { campaign: null, content: null })).toBe('https://shop.example.fr/?utm_source=leadpulse&utm_medium=email');
  });
});

describe('landingUrl', () => {
  it('adds the click token for the tracker, before the fragment', () => {
    expect(landingUrl('https://shop.example.fr/p?utm_source=leadpulse#top', 'TOKEN')).toBe('https://shop.example.fr/p?utm_source=leadpulse&lp_ct=TOKEN#top');
  });
});
