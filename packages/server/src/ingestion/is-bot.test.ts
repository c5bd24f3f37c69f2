import { describe, expect, it } from 'vitest';
import { isBotUserAgent } from './is-bot.js';

describe('isBotUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', true],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', true],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', true],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', false],
    // Integrations posting server-side events are not crawlers.
    ['curl/8.5.0', false],
    ['python-requests/2.32.3', false],
    ['analytics-node-next/latest', false],
  ])('%s → %s', (userAgent, expected) => {
    expect(isBotUserAgent(userAgent)).toBe(expected);
  });
});
