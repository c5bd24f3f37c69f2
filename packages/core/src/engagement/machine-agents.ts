/**
 * User agents that fetch email pixels and links on nobody's behalf, by family. Each pattern names what the family's
 * fetchers put in their user agent; sources are cited in classify-engagement.test.ts beside real examples.
 */
export interface MachineAgent {
  /** Stable code stored as the event's `machineReason`. */
  readonly reason: string;
  readonly pattern: RegExp;
}

export const MACHINE_AGENTS: readonly MachineAgent[] = [
  // Apple Mail Privacy Protection fetches every image through Apple's proxies with this bare agent (since 2021-09).
  { reason: 'apple_privacy_proxy', pattern: /^Mozilla\/5\.0$/ },
  // Gmail serves every image through its proxy ("via ggpht.com GoogleImageProxy"): the fetch says nothing of who looked.
  { reason: 'gmail_image_proxy', pattern: /GoogleImageProxy|ggpht\.com/i },
  { reason: 'yahoo_mail_proxy', pattern: /YahooMailProxy/i },
  // Secure email gateways that fetch every link at delivery to check it.
  { reason: 'security_scanner', pattern: /barracuda|mimecast|proofpoint|urldefense|safelinks|microsoft defender|ironport|forcepoint|symantec|messagelabs|trend ?micro|sophos|fireeye|trustwave|zscaler|spamtitan|cloudmark|bitdefender|kaspersky|checkpoint|check point|abnormal security/i },
  // Scanner farms pose as a 2015 Edge (12.246, on Chrome 42) or repeat the product token; Gmail's sampler names itself.
  { reason: 'security_scanner', pattern: /Gmail-content-sampling|Edge\/12\.246|Mozilla\/5\.0.*Mozilla\/5\.0/ },
  // Headless browsers and HTTP libraries: a script, not a reader.
  { reason: 'headless_browser', pattern: /HeadlessChrome|PhantomJS|Electron\/|Selenium|WebDriver|Puppeteer|Playwright|jsdom/i },
  { reason: 'http_library', pattern: /^(?:curl|Wget|python-requests|python-urllib|Python\/|aiohttp|httpx|Go-http-client|Java\/|okhttp|Apache-HttpClient|axios|node-fetch|undici|libwww-perl|Guzzle|Ruby|Scrapy|AHC\/|HubSpot Connect|Amazon CloudFront|PostmanRuntime|Dart\/|WhatsApp\/)/i },
  { reason: 'crawler', pattern: /\b(?:googlebot|bingbot|yandexbot|baiduspider|applebot|duckduckbot|slackbot|twitterbot|linkedinbot|discordbot|telegrambot|facebookexternalhit|crawler|spider|bot\/|\bbot\b)/i },
];

/** The family of a machine user agent, or null for an agent that looks like a person's browser or mail client. */
export function machineAgentReason(userAgent: string): string | null {
  for (const agent of MACHINE_AGENTS) if (agent.pattern.test(userAgent)) return agent.reason;
  return null;
}
