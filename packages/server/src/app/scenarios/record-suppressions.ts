import { consentChangesOf, consentOf, type ContactId, type LeadEvent } from '@leadpulse/core';
import type { StoreTx } from '../ports.js';
import { normaliseAddress, phoneOfTraits } from '../suppression-address.js';
import type { SuppressionChannel, SuppressionRecord } from '../suppression-ports.js';
import type { WrittenActivity } from './follow-ups.js';

/** Engagement events that put the address on the list, whatever the contact's consent says. */
export const EMAIL_BOUNCED = 'Email Bounced';
export const EMAIL_COMPLAINED = 'Email Complained';

const PURPOSE_CHANNEL = { email_marketing: 'email', sms_marketing: 'sms' } as const satisfies Record<string, SuppressionChannel>;

const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * Keeps the suppression list in the transaction that writes the events: a hard bounce or a complaint lists the address
 * it concerns; a consent answer for marketing email or SMS lists (refused) or unlists (given again) the contact's
 * address as `unsubscribed`, as its consent stands after the write (event time decides, not arrival order).
 */
export async function recordSuppressions(tx: Pick<StoreTx, 'insertSuppressions' | 'liftSuppressionsOfContacts'>, written: Pick<WrittenActivity, 'eventsByContact' | 'contacts'>): Promise<void> {
  const rows: SuppressionRecord[] = [];
  const lifts: { channel: SuppressionChannel; contactId: ContactId }[] = [];
  const saved = new Map(written.contacts.map((c) => [c.id, c]));
  for (const [contactId, events] of written.eventsByContact) {
    const contact = saved.get(contactId);
    if (!contact) continue;
    const email = contact.email ?? contact.state.email;
    const addressOf = (channel: SuppressionChannel) => (channel === 'email' ? email : phoneOfTraits(contact.state.traits));
    const touched = new Set<SuppressionChannel>();
    for (const event of events) {
      if (event.bot || event.internal) continue;
      const reason = engagementReason(event);
      if (reason) {
        const address = textOf(event.properties['recipient']) ?? email;
        const source = textOf(event.properties['source']) ?? 'event';
        if (address) rows.push({ channel: 'email', address: normaliseAddress('email', address), reason, contactId, at: event.at, source });
      }
      for (const change of consentChangesOf(event)) if (change.purpose in PURPOSE_CHANNEL) touched.add(PURPOSE_CHANNEL[change.purpose as keyof typeof PURPOSE_CHANNEL]);
    }
    const consent = consentOf(contact.state);
    for (const channel of touched) {
      const answer = consent[channel === 'email' ? 'email_marketing' : 'sms_marketing'];
      const address = addressOf(channel);
      if (answer.granted === false && address) rows.push({ channel, address: normaliseAddress(channel, address), reason: 'unsubscribed', contactId, at: answer.at ?? 0, source: answer.source ?? 'event' });
      else if (answer.granted === true) lifts.push({ channel, contactId });
    }
  }
  for (const lift of lifts) await tx.liftSuppressionsOfContacts(lift.channel, [lift.contactId], ['unsubscribed']);
  if (rows.length > 0) await tx.insertSuppressions(rows);
}

function engagementReason(event: LeadEvent): 'hard_bounced' | 'complained' | null {
  if (event.type !== 'track') return null;
  if (event.name === EMAIL_COMPLAINED) return 'complained';
  if (event.name === EMAIL_BOUNCED && event.properties['bounceType'] === 'hard') return 'hard_bounced';
  return null;
}
