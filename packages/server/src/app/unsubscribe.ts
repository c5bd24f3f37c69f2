import { CONSENT_EVENTS, consentOf, err, ok, type ConsentPurpose, type ConsentStatus, type ContactId, type DomainError, type Result } from '@leadpulse/core';
import { contactNotFound } from './erase-contact.js';
import { liveContact } from './live-contact.js';
import type { ContactRecord } from './ports.js';
import type { SendRecord } from './scenario-ports.js';
import { contactLocale } from './scenarios/effect-rows.js';
import { identityFieldsOf } from './scenarios/contact-event.js';
import { phoneOfTraits } from './suppression-address.js';
import type { EmailEngagementDeps } from './email-engagement.js';

/** What the unsubscribe page offers: marketing email as a whole, and SMS when the contact has a phone number. */
export type UnsubscribeTopic = Extract<ConsentPurpose, 'email_marketing' | 'sms_marketing'>;
export const UNSUBSCRIBE_TOPICS: readonly UnsubscribeTopic[] = ['email_marketing', 'sms_marketing'];
export type UnsubscribeSource = 'one-click' | 'unsubscribe-page';

/** The page a reader sees before confirming: in their language, naming the address (partly hidden) and the topics. */
export interface UnsubscribePage {
  readonly locale: 'en' | 'fr';
  readonly address: string | null;
  readonly topics: readonly { readonly topic: UnsubscribeTopic; readonly refused: boolean }[];
}

/** What the unsubscribe links need: the same as the tracking links (the send, its contact, the tokens, ingestion). */
export type UnsubscribeDeps = EmailEngagementDeps;

export interface Unsubscribe {
  /** The page for a genuine token, or null (forged, expired, or its send and contact are gone): nothing changes. */
  page(token: string): Promise<UnsubscribePage | null>;
  /**
   * Unsubscribes the send's contact from these topics (marketing email when none is named), as `Unsubscribed` events
   * committed before it returns true; false for a token that does not open, and nothing changes.
   */
  unsubscribe(token: string, choice: { readonly topics?: readonly UnsubscribeTopic[]; readonly source: UnsubscribeSource }): Promise<boolean>;
  /** The API's answer for a contact (PUT /api/v1/contacts/{id}/consent): `Consent Updated` events, then the consent as it stands. */
  setConsent(id: ContactId, update: { readonly purposes: Partial<Record<ConsentPurpose, boolean>>; readonly source: string }): Promise<Result<Record<ConsentPurpose, ConsentStatus>, DomainError>>;
}

/** `jane.doe@example.fr` → `j•••@example.fr`: enough for the reader to recognise it, not to read it off a shared screen. */
const masked = (email: string | null): string | null => {
  if (!email) return null;
  const at = email.indexOf('@');
  return at > 0 ? `${email[0]}•••${email.slice(at)}` : null;
};

/**
 * Unsubscribe and consent as use cases: the token of a send names the contact (email-tokens.ts), and every answer is
 * an event on the contact (`Unsubscribed`, `Consent Updated`), so it is dated in event time, survives a replay, and
 * updates the suppression list in the commit that stores it (record-suppressions.ts).
 */
export function createUnsubscribe(deps: UnsubscribeDeps): Unsubscribe {
  const now = () => deps.clock.now().getTime();

  async function sendOf(token: string): Promise<{ send: SendRecord; contact: ContactRecord } | null> {
    const opened = deps.tokens?.open(token, now());
    if (!opened || opened.kind !== 'unsubscribe') return null;
    const send = await deps.store.sends.get(opened.sendId);
    if (!send) return null;
    const contact = await liveContact(deps.store, send.contactId);
    return contact ? { send, contact } : null;
  }

  const eventsFor = async (contact: ContactRecord, name: string, purposes: readonly { purpose: ConsentPurpose; properties: Record<string, unknown> }[], at: number) => {
    const identity = await identityFieldsOf(deps.store, contact.id);
    if (!identity) return null;
    return purposes.map(({ purpose, properties }) => ({
      type: 'track',
      event: name,
      // One event per answer and instant: a repeated POST (a mail provider retrying) within the same millisecond is a duplicate.
      messageId: `consent_${contact.id}_${purpose}_${at}`,
      ...identity,
      properties: { purpose, ...properties },
      timestamp: new Date(at).toISOString(),
    }));
  };

  return {
    async page(token) {
      const found = await sendOf(token);
      if (!found) return null;
      const { send, contact } = found;
      const payloadLocale = send.payload['locale'];
      const locale = payloadLocale === 'fr' || payloadLocale === 'en' ? payloadLocale : contactLocale(contact.state.traits);
      const consent = consentOf(contact.state);
      const topics = UNSUBSCRIBE_TOPICS.filter((t) => t === 'email_marketing' || phoneOfTraits(contact.state.traits) !== null).map((topic) => ({ topic, refused: consent[topic].granted === false }));
      return { locale, address: masked(send.channel === 'email' ? (send.recipient ?? contact.email) : contact.email), topics };
    },

    async unsubscribe(token, choice) {
      const found = await sendOf(token);
      if (!found) return false;
      const { send, contact } = found;
      const topics = choice.topics && choice.topics.length > 0 ? [...new Set(choice.topics)] : (['email_marketing'] as const);
      const context = { source: choice.source, sendId: send.id, messageId: send.messageId, ...(send.scenarioId ? { scenarioId: send.scenarioId } : {}), ...(send.stepId ? { stepId: send.stepId } : {}) };
      const events = await eventsFor(contact, CONSENT_EVENTS.unsubscribed, topics.map((purpose) => ({ purpose, properties: context })), now());
      if (!events) return false;
      await deps.ingestEvents(events);
      deps.logger.info({ sendId: send.id, contactId: contact.id, topics, source: choice.source }, 'consent.unsubscribed');
      return true;
    },

    async setConsent(id, update) {
      const contact = await liveContact(deps.store, id);
      if (!contact) return err(contactNotFound(id));
      const answers = Object.entries(update.purposes).map(([purpose, granted]) => ({ purpose: purpose as ConsentPurpose, properties: { granted, source: update.source } }));
      const events = await eventsFor(contact, CONSENT_EVENTS.consentUpdated, answers, now());
      if (!events) return err({ code: 'contact_not_found', message: `The contact ${id} has no userId or anonymousId to record consent under.` });
      await deps.ingestEvents(events);
      const after = await liveContact(deps.store, id);
      return ok(consentOf((after ?? contact).state));
    },
  };
}
