import { en, type MessageKey } from './i18n/en.js';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * An email open or click flagged as a machine's (a proxy's prefetch, a security scanner), in words that say it was
 * ignored and why; null for any other event.
 */
export function ignoredEngagementWords(event: Readonly<Record<string, unknown>>, t: Translate): string | null {
  const name = event['name'];
  const properties = (event['properties'] ?? {}) as Record<string, unknown>;
  if ((name !== 'Email Opened' && name !== 'Email Link Clicked') || properties['machine'] !== true) return null;
  const code = String(properties['machineReason'] ?? '');
  const key = `engagement.reason.${code}`;
  // A reason this dashboard does not know yet (a newer server) shows as its code.
  const reason = key in en ? t(key as MessageKey) : code;
  return t(name === 'Email Opened' ? 'engagement.openIgnored' : 'engagement.clickIgnored', { name, reason });
}
