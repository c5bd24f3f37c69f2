/** English words for email opens and clicks flagged as a machine's; engagement-fr.ts has the same keys. */
export const engagementEn = {
  'engagement.openIgnored': '{name}: open ignored ({reason})',
  'engagement.clickIgnored': '{name}: click ignored ({reason})',
  'engagement.reason.no_user_agent': 'no user agent',
  'engagement.reason.apple_privacy_proxy': 'Apple Mail Privacy Protection prefetch',
  'engagement.reason.apple_proxy_address': "from Apple's proxy addresses",
  'engagement.reason.gmail_image_proxy': "Gmail's image proxy",
  'engagement.reason.yahoo_mail_proxy': "Yahoo Mail's image proxy",
  'engagement.reason.security_scanner': 'security scanner',
  'engagement.reason.headless_browser': 'headless browser',
  'engagement.reason.http_library': 'script, not a browser',
  'engagement.reason.crawler': 'crawler',
  'engagement.reason.prefetch_timing': 'loaded within 2 s of sending',
  'engagement.reason.scanner_timing': 'clicked within 10 s of sending',
  'engagement.reason.link_burst': 'several links clicked within a second',
};
