import { describe, expect, it } from 'vitest';
import { classifyEngagement, ENGAGEMENT_RULES, type EngagementHit } from './classify-engagement.js';
import { isMachineEngagement } from './machine-engagement.js';

const SENT = 1_700_000_000_000;
const MINUTE = 60_000;

// Real user agents seen on email pixels and links, with where each was published.
const MACHINE_AGENTS: readonly { ua: string; reason: string; source: string }[] = [
  // ua-parser/uap-core#509 "Apple Mail proxy": MPP forces exactly this agent since 2021-09-20.
  { ua: 'Mozilla/5.0', reason: 'apple_privacy_proxy', source: 'https://github.com/ua-parser/uap-core/issues/509' },
  // faisalman/ua-parser-js#494 "Handle Email Proxies" and darkvisitors.com/agents/googleimageproxy.
  { ua: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', reason: 'gmail_image_proxy', source: 'https://github.com/faisalman/ua-parser-js/issues/494' },
  { ua: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html', reason: 'yahoo_mail_proxy', source: 'https://github.com/faisalman/ua-parser-js/issues/494' },
  // GMass "false opens in Gmail" list of scanner agents (ported in many open-source trackers).
  { ua: 'Barracuda Sentinel (EE)', reason: 'security_scanner', source: 'https://www.gmass.co/blog/false-opens-in-gmail/' },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Mozilla/5.0', reason: 'security_scanner', source: 'https://www.gmass.co/blog/false-opens-in-gmail/' },
  { ua: 'AHC/2.1', reason: 'http_library', source: 'https://www.gmass.co/blog/false-opens-in-gmail/' },
  { ua: 'Amazon CloudFront', reason: 'http_library', source: 'https://www.gmass.co/blog/false-opens-in-gmail/' },
  { ua: 'HubSpot Connect', reason: 'http_library', source: 'https://www.gmass.co/blog/false-opens-in-gmail/' },
  { ua: 'python-requests/2.26.0', reason: 'http_library', source: 'https://www.gmass.co/blog/false-opens-in-gmail/' },
  // putyourlightson/craft-campaign#546: scanners on corporate domains clicking every link as "Python Requests".
  { ua: 'python-requests/2.31.0', reason: 'http_library', source: 'https://github.com/putyourlightson/craft-campaign/issues/546' },
  // Headless browsers, HTTP libraries and crawlers as their makers document them.
  // mssola/user_agent#71: Gmail's link sampler, which follows links of received mail.
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Gmail-content-sampling', reason: 'security_scanner', source: 'https://github.com/mssola/user_agent/issues/71' },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246', reason: 'security_scanner', source: 'https://github.com/mssola/user_agent/issues/71' },
  { ua: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.28 Safari/537.36', reason: 'headless_browser', source: 'https://developer.chrome.com/docs/chromium/headless' },
  { ua: 'curl/8.5.0', reason: 'http_library', source: 'https://curl.se/docs/manpage.html#-A' },
  { ua: 'Wget/1.21.4', reason: 'http_library', source: 'https://www.gnu.org/software/wget/manual/wget.html' },
  { ua: 'Go-http-client/1.1', reason: 'http_library', source: 'https://pkg.go.dev/net/http' },
  { ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', reason: 'crawler', source: 'https://developers.google.com/search/docs/crawling-indexing/overview-google-crawlers' },
  { ua: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', reason: 'crawler', source: 'https://developers.facebook.com/docs/sharing/webmasters/web-crawlers' },
  { ua: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', reason: 'crawler', source: 'https://api.slack.com/robots' },
];

const HUMAN_AGENTS: readonly { ua: string; source: string }[] = [
  // medama-io/go-useragent#10 "Apple Mail": the Mac client loading images itself (MPP off).
  { ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)', source: 'https://github.com/medama-io/go-useragent/issues/10' },
  // tryzealot/zealot#846: iPhone and iPad Safari.
  { ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 15_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Mobile/15E148 Safari/604.1', source: 'https://github.com/tryzealot/zealot/issues/846' },
  { ua: 'Mozilla/5.0 (iPad; CPU OS 15_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Mobile/15E148 Safari/604.1', source: 'https://github.com/tryzealot/zealot/issues/846' },
  // iOS Mail loading images on the device.
  { ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148', source: 'https://github.com/ua-parser/uap-core/issues/509' },
  // resend/resend-node#901: the human click beside a scanner's (Mac OS X / Chrome 146).
  { ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/146.0.0.0 Safari/537.36', source: 'https://github.com/resend/resend-node/issues/901' },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', source: 'https://www.chromium.org/updates/ua-reduction/' },
  { ua: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36', source: 'https://www.chromium.org/updates/ua-reduction/' },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0', source: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/User-Agent/Firefox' },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.5.0', source: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/User-Agent/Firefox' },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91', source: 'https://learn.microsoft.com/en-us/microsoft-edge/web-platform/user-agent-string' },
  { ua: 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)', source: 'https://learn.microsoft.com/en-us/office/client-developer/outlook/' },
  { ua: 'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36', source: 'https://developer.samsung.com/internet/user-agent-string-format.html' },
];

const hit = (overrides: Partial<EngagementHit>): EngagementHit => ({ kind: 'open', userAgent: null, sentAt: SENT, at: SENT + 5 * MINUTE, ...overrides });

describe('classifyEngagement', () => {
  it.each(MACHINE_AGENTS)('flags $ua as $reason', ({ ua, reason }) => {
    for (const kind of ['open', 'click'] as const) expect(classifyEngagement(hit({ kind, userAgent: ua, url: 'https://shop.example/a' }))).toEqual({ machine: true, reason });
  });

  it.each(HUMAN_AGENTS)('keeps $ua as a person', ({ ua }) => {
    for (const kind of ['open', 'click'] as const) expect(classifyEngagement(hit({ kind, userAgent: ua, ip: '203.0.113.7', url: 'https://shop.example/a' }))).toEqual({ machine: false, reason: null });
  });

  it('flags a request without a user agent: every mail client and browser sends one', () => {
    expect(classifyEngagement(hit({ userAgent: null }))).toEqual({ machine: true, reason: 'no_user_agent' });
    expect(classifyEngagement(hit({ userAgent: '  ' }))).toEqual({ machine: true, reason: 'no_user_agent' });
  });

  it("flags Apple Mail's own agent when it comes from Apple's address block (the privacy proxy), not from a reader's", () => {
    const appleMail = HUMAN_AGENTS[0]!.ua;
    expect(classifyEngagement(hit({ userAgent: appleMail, ip: '17.58.63.10' }))).toEqual({ machine: true, reason: 'apple_proxy_address' });
    expect(classifyEngagement(hit({ userAgent: appleMail, ip: '::ffff:17.1.2.3' }))).toEqual({ machine: true, reason: 'apple_proxy_address' });
    expect(classifyEngagement(hit({ userAgent: appleMail, ip: '171.58.63.10' })).machine).toBe(false);
  });

  it('flags a click within 10 s of the send (a gateway checking links at delivery) and keeps one after', () => {
    const chrome = HUMAN_AGENTS[5]!.ua;
    expect(classifyEngagement(hit({ kind: 'click', userAgent: chrome, at: SENT + 9_999, url: 'https://a' }))).toEqual({ machine: true, reason: 'scanner_timing' });
    expect(classifyEngagement(hit({ kind: 'click', userAgent: chrome, at: SENT + 10_000, url: 'https://a' })).machine).toBe(false);
    // resend/resend-node#901: the scanner's click came 12 s after the person's, on another network; only timing
    // against the send or a burst can see it, so a click 12 s after the send by a lone agent stays counted.
    expect(classifyEngagement(hit({ kind: 'click', userAgent: chrome, at: SENT + 12_000, url: 'https://a' })).machine).toBe(false);
  });

  it('flags an open under 2 s after the send (a prefetch) and keeps a quick reader', () => {
    const outlook = HUMAN_AGENTS[10]!.ua;
    expect(classifyEngagement(hit({ userAgent: outlook, at: SENT + 1_500 }))).toEqual({ machine: true, reason: 'prefetch_timing' });
    expect(classifyEngagement(hit({ userAgent: outlook, at: SENT + 4_000 })).machine).toBe(false);
    expect(classifyEngagement(hit({ userAgent: outlook, sentAt: null, at: SENT })).machine).toBe(false);
  });

  it('flags a second link of one message clicked within a second of another, not a double click on one link', () => {
    const chrome = HUMAN_AGENTS[5]!.ua;
    const at = SENT + 30 * MINUTE;
    const previous = [{ kind: 'click' as const, at: at - 400, url: 'https://shop.example/a' }];
    expect(classifyEngagement(hit({ kind: 'click', userAgent: chrome, at, url: 'https://shop.example/b', previous }))).toEqual({ machine: true, reason: 'link_burst' });
    expect(classifyEngagement(hit({ kind: 'click', userAgent: chrome, at, url: 'https://shop.example/a', previous })).machine).toBe(false);
    expect(classifyEngagement(hit({ kind: 'click', userAgent: chrome, at: at + 2_000, url: 'https://shop.example/b', previous })).machine).toBe(false);
  });

  it('names every reason it can give among the documented rules', () => {
    for (const { reason } of MACHINE_AGENTS) expect(ENGAGEMENT_RULES).toContain(reason);
  });
});

describe('isMachineEngagement', () => {
  it('is true only for flagged opens and clicks', () => {
    expect(isMachineEngagement({ name: 'Email Opened', properties: { machine: true } })).toBe(true);
    expect(isMachineEngagement({ name: 'Email Link Clicked', properties: { machine: true } })).toBe(true);
    expect(isMachineEngagement({ name: 'Email Opened', properties: {} })).toBe(false);
    expect(isMachineEngagement({ name: 'Order Completed', properties: { machine: true } })).toBe(false);
  });
});
