import { consentOf, mayMessage, type ConsentPurpose } from '@leadpulse/core';
import { loadErasureHasher } from '../erasure-keys.js';
import type { ContactRecord, Store } from '../ports.js';
import type { SendChannel, SendRecord } from '../scenario-ports.js';
import { hashedAddress, normaliseAddress } from '../suppression-address.js';
import type { SuppressionChannel, SuppressionReason } from '../suppression-ports.js';
import { UNSUBSCRIBED_REASON } from './effect-rows.js';

/**
 * A send is marketing unless it is a sales alert to the team or a webhook (issue 15): marketing carries
 * List-Unsubscribe and needs the contact's consent; a transactional message needs neither.
 */
export const isMarketing = (channel: SendChannel): channel is 'email' | 'sms' => channel === 'email' || channel === 'sms';

const PURPOSE: Readonly<Record<'email' | 'sms', ConsentPurpose>> = { email: 'email_marketing', sms: 'sms_marketing' };
const LISTED: Readonly<Record<SuppressionReason, string>> = {
  hard_bounced: 'hard-bounced',
  complained: 'complained (marked a message as spam)',
  unsubscribed: 'unsubscribed',
  erased: 'belongs to an erased contact',
};
/** Reasons that stop every message to the address, transactional ones included. */
const BLOCKS_ALL: ReadonlySet<SuppressionReason> = new Set(['hard_bounced', 'complained']);

/** Every reason this check gives starts so: the outbox marks such a send `suppressed`, never failed. */
export const SUPPRESSED_PREFIX = 'suppressed: ';
export const isSuppressionReason = (reason: string): boolean => reason === UNSUBSCRIBED_REASON || reason.startsWith(SUPPRESSED_PREFIX);

/** Why this message must not go to `to` (which rule), or null when it may. */
export type SendPermission = (send: { readonly channel: SendChannel }, contact: ContactRecord, to: string) => Promise<string | null>;

/**
 * The send-time check, run as each message leaves: the contact's consent for the channel's marketing purpose, then the
 * suppression list, read from the store for this very message (a change committed a moment ago counts). An erased
 * contact's addresses are on the list as keyed hashes, so the check looks up the address and its hash.
 */
export function createSendPermission(deps: { store: Pick<Store, 'suppressions' | 'settings'> }): SendPermission {
  const hasher = loadErasureHasher(deps.store);
  return async (send, contact, to) => {
    if (send.channel === 'webhook') return null;
    const marketing = isMarketing(send.channel);
    if (marketing) {
      const purpose = PURPOSE[send.channel as 'email' | 'sms'];
      const answer = consentOf(contact.state)[purpose];
      if (answer.granted === false) return `${SUPPRESSED_PREFIX}no consent to ${purpose} (refused${answer.source ? ` via ${answer.source}` : ''}${answer.at ? ` on ${new Date(answer.at).toISOString()}` : ''})`;
    }
    const channel: SuppressionChannel = send.channel === 'sms' ? 'sms' : 'email';
    const address = normaliseAddress(channel, to);
    const rows = await deps.store.suppressions.find(channel, [address, hashedAddress(await hasher(), channel, address)]);
    const blocking = rows.find((r) => BLOCKS_ALL.has(r.reason)) ?? (marketing ? rows[0] : undefined);
    return blocking ? `${SUPPRESSED_PREFIX}the address is on the suppression list: it ${LISTED[blocking.reason]} (${blocking.source}, ${new Date(blocking.at).toISOString()})` : null;
  };
}

/**
 * Why this send must not leave now, or null: the permission check on its address (the recipient, else the contact's
 * email), or, for a composer without one (a preview), the contact's consent alone.
 */
export async function refusalOf(send: Pick<SendRecord, 'channel' | 'recipient'>, contact: ContactRecord, permission?: SendPermission): Promise<string | null> {
  const to = send.channel === 'webhook' ? null : send.channel === 'sms' ? send.recipient : (send.recipient ?? contact.email);
  if (permission && to) return permission(send, contact, to);
  return isMarketing(send.channel) && !mayMessage(contact.state, PURPOSE[send.channel]) ? UNSUBSCRIBED_REASON : null;
}
