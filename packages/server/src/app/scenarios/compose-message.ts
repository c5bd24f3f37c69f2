import { err, ok, type Result } from '@leadpulse/core';
import { templateContext } from '../../messaging/template-context.js';
import { loadOnce } from '../load-once.js';
import type { ActiveDoctrine } from '../active-doctrine.js';
import type { ContactRecord, Store } from '../ports.js';
import type { ScenarioRecord, SendRecord, TemplateRecord } from '../scenario-ports.js';
import { contactLocale } from './effect-rows.js';
import { refusalOf, type SendPermission } from './send-permission.js';
import { TRANSACTIONAL_HEADERS, unsubscribeLinkOf } from './unsubscribe-link.js';
import type { OutgoingMessage } from '../../messaging/courier.js';
import type { EmailTokens } from '../../messaging/email-tokens.js';

/** Templates and scenarios read once per outbox batch, however many of its messages use them. */
export interface ComposeCache {
  readonly templates: Map<string, Promise<TemplateRecord | null>>;
  readonly scenarios: Map<string, Promise<ScenarioRecord | null>>;
  /** The batch's contacts, read in one query before it is delivered. */
  readonly contacts: Map<string, ContactRecord>;
}
// Liquid, MJML and htmlparser2 load with the first message composed, not with every command that never sends.
const rendering = loadOnce(() => import('../../messaging/render-template.js'));
const linking = loadOnce(() => import('../../messaging/track-links.js'));

export const newComposeCache = (contacts: readonly ContactRecord[] = []): ComposeCache => ({ templates: new Map(), scenarios: new Map(), contacts: new Map(contacts.map((c) => [c.id, c])) });

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let found = map.get(key);
  if (!found) map.set(key, (found = load()));
  return found;
}

export interface MessageComposer {
  readonly store: Pick<Store, 'contacts' | 'templates' | 'scenarios'>;
  readonly doctrine: () => ActiveDoctrine;
  /** Base of links to the dashboard in sales alerts (LEADPULSE_PUBLIC_URL). */
  readonly publicUrl: string | null;
  /** Seals tracking links (open pixel, click redirects); without it (or publicUrl) email goes out untracked. */
  readonly tokens?: EmailTokens | null;
  /** The send-time check of consent and the suppression list (send-permission.ts); without it, consent alone. */
  readonly permission?: SendPermission;
}

/**
 * Renders a send for its contact as it stands when it leaves: the template in the contact's language (else the other
 * one), over the contact's traits, stage and reasons. A failure is the send's dead-letter reason, never a crash.
 */
export async function composeMessage(send: SendRecord, composer: MessageComposer, cache: ComposeCache = newComposeCache()): Promise<Result<OutgoingMessage, string>> {
  const known = cache.contacts.get(send.contactId);
  const contact = known && known.mergedInto === null ? known : await composer.store.contacts.get(send.contactId);
  if (!contact || contact.mergedInto !== null) return err('the contact was erased or merged before the message left');
  // Decided before the contact unsubscribed or the address was listed (a retry waiting, a queue behind): it must not leave now.
  const refused = await refusalOf(send, contact, composer.permission);
  if (refused) return err(refused);
  const unsubscribeUrl = send.channel === 'email' ? unsubscribeLinkOf(send, composer) : null;
  const locale = contactLocale(contact.state.traits);
  const scenario = send.scenarioId ? await cached(cache.scenarios, send.scenarioId, () => composer.store.scenarios.get(send.scenarioId!)) : null;
  const context = liquidContext(contact, send, composer, locale, scenario ? { key: scenario.key, name: scenario.scenario.name } : null, unsubscribeUrl);
  const base = { channel: send.channel, messageId: send.messageId };
  const templateKey = typeof send.payload['template'] === 'string' ? send.payload['template'] : null;

  if (send.channel === 'webhook') {
    if (!send.recipient) return err('the webhook has no URL');
    const body = { type: send.payload['type'] ?? 'scenario.step', sendId: send.id, contact: { id: contact.id, userId: contact.userId, email: contact.email, stage: contact.stage, score: contact.score }, ...send.payload };
    return ok({ ...base, to: send.recipient, subject: '', html: '', text: JSON.stringify(body), body });
  }
  if (send.channel === 'alert' && !templateKey) {
    const to = send.recipient;
    if (!to) return err("no one to alert: the contact has no owner (trait owner) and the step names no address");
    return ok({ ...base, to, ...salesAlert(contact, send, composer, locale), headers: TRANSACTIONAL_HEADERS });
  }
  if (!templateKey) return err('the send names no template');
  const template = await cached(cache.templates, `${templateKey}\0${locale}`, () => composer.store.templates.find(templateKey, locale));
  if (!template) return err(`no template "${templateKey}" exists in ${locale} or in the other language`);
  const to = send.channel === 'alert' ? send.recipient : (send.recipient ?? (send.channel === 'email' ? contact.email : null));
  if (!to) return err(send.channel === 'sms' ? 'the contact has no phone number' : 'the contact has no email address');
  const { renderEmail, renderSms } = await rendering();
  if (send.channel === 'sms') {
    const text = await renderSms({ body: template.body, id: template.id, updatedAt: template.updatedAt }, context);
    return text.ok ? ok({ ...base, to, subject: '', html: '', text: text.value.text }) : err(`template "${template.key}" (${template.locale}): ${text.error.map((i) => i.message).join('; ')}`);
  }
  // An A/B variant may test another subject line on the same template.
  const subject = typeof send.payload['subject'] === 'string' ? send.payload['subject'] : template.subject;
  const rendered = await renderEmail({ subject, body: template.body, id: template.id, updatedAt: template.updatedAt }, context);
  if (!rendered.ok) return err(`template "${template.key}" (${template.locale}): ${rendered.error.map((i) => i.message).join('; ')}`);
  // Marketing email is tracked when links can point back here; sales alerts to the team are not.
  const html = send.channel === 'email' && composer.publicUrl && composer.tokens
    ? (await linking()).trackLinks(rendered.value.html, { publicUrl: composer.publicUrl, tokens: composer.tokens, sendId: send.id, issuedAt: send.createdAt, campaign: scenario?.key ?? null, content: send.stepId })
    : rendered.value.html;
  return ok({ ...base, to, ...rendered.value, html, ...(unsubscribeUrl ? { unsubscribeUrl } : {}), ...(send.channel === 'alert' ? { headers: TRANSACTIONAL_HEADERS } : {}) });
}

/** What templates see (messaging/template-context.ts), plus a link to the contact in the dashboard. */
export function liquidContext(contact: ContactRecord, send: Pick<SendRecord, 'payload'> | null, composer: Pick<MessageComposer, 'doctrine' | 'publicUrl'>, locale: 'en' | 'fr', scenario: { key: string; name: string } | null = null, unsubscribeUrl: string | null = null) {
  const stage = composer.doctrine().compiled.doctrine.stages.find((s) => s.key === contact.stage) ?? null;
  const trigger = send && typeof send.payload['trigger'] === 'object' ? (send.payload['trigger'] as Record<string, unknown>) : null;
  return {
    ...templateContext({ locale, contact: { id: contact.id, email: contact.email, traits: contact.state.traits, stage: contact.stage, stageLabels: stage?.labels ?? null, score: contact.score, reasons: contact.reasons }, scenario, trigger, unsubscribeUrl }),
    dashboardUrl: composer.publicUrl ? `${composer.publicUrl.replace(/\/$/, '')}/#/contacts/${contact.id}` : null,
  };
}

/** The built-in sales alert, in the contact's language: who, how hot, and why, with a link to the contact. */
function salesAlert(contact: ContactRecord, send: SendRecord, composer: MessageComposer, locale: 'en' | 'fr'): Pick<OutgoingMessage, 'subject' | 'html' | 'text'> {
  const context = liquidContext(contact, send, composer, locale);
  const who = contact.email ?? contact.userId ?? contact.id;
  const reasons = context.contact.reasons.length > 0 ? context.contact.reasons : [locale === 'fr' ? '(aucune raison enregistrée)' : '(no reason recorded)'];
  const subject = locale === 'fr' ? `Prospect chaud : ${who} (${context.contact.stageLabel})` : `Hot lead: ${who} (${context.contact.stageLabel})`;
  const intro = locale === 'fr' ? `${who} est passé à l'étape « ${context.contact.stageLabel} » (score ${contact.score}). Pourquoi :` : `${who} reached "${context.contact.stageLabel}" (score ${contact.score}). Why:`;
  const link = context.dashboardUrl ? `\n\n${locale === 'fr' ? 'Voir le contact' : 'Open the contact'}: ${context.dashboardUrl}` : '';
  const text = `${intro}\n${reasons.map((r) => `- ${r}`).join('\n')}${link}\n`;
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<p>${escape(intro)}</p><ul>${reasons.map((r) => `<li>${escape(r)}</li>`).join('')}</ul>${context.dashboardUrl ? `<p><a href="${escape(context.dashboardUrl)}">${locale === 'fr' ? 'Voir le contact' : 'Open the contact'}</a></p>` : ''}`;
  return { subject, html, text };
}
