import { isbot } from 'isbot';

/**
 * Crawlers that run analytics present a browser user agent ("Mozilla/5.0 (compatible; Googlebot/2.1 …)").
 * Server-side senders (curl, a phone system, a back office in Python) are integrations, not bots: their
 * `Call Logged` or `Order Completed` must count. So only agents that claim to be a browser are checked.
 */
export function isBotUserAgent(userAgent: string): boolean {
  return /^mozilla\//i.test(userAgent) && isbot(userAgent);
}
