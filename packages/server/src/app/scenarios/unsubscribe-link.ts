import type { EmailTokens } from '../../messaging/email-tokens.js';
import type { SendRecord } from '../scenario-ports.js';

/** Marks a message that is not marketing (a sales alert to the team): no List-Unsubscribe, no consent needed. */
export const TRANSACTIONAL_HEADERS: Readonly<Record<string, string>> = { 'X-LeadPulse-Category': 'transactional' };

/**
 * The send's own unsubscribe link, `{LEADPULSE_PUBLIC_URL}/e/u/<sealed token>`: the template's `unsubscribeUrl` and the
 * List-Unsubscribe header (RFC 8058 one-click). Null without a public URL or tokens: no link could reach LeadPulse.
 */
export function unsubscribeLinkOf(send: Pick<SendRecord, 'id' | 'createdAt'>, composer: { readonly publicUrl: string | null; readonly tokens?: EmailTokens | null }): string | null {
  if (!composer.publicUrl || !composer.tokens) return null;
  return `${composer.publicUrl.replace(/\/$/, '')}/e/u/${composer.tokens.seal({ kind: 'unsubscribe', sendId: send.id }, send.createdAt)}`;
}
