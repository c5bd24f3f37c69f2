import type { Reason, StageLabels } from '@leadpulse/core';

export type TemplateLocale = 'en' | 'fr';

/** What a template may know about its contact: plain data, read by the caller from the store. */
export interface TemplateContact {
  readonly id: string;
  readonly email: string | null;
  readonly traits: Readonly<Record<string, unknown>>;
  readonly stage: string;
  /** The doctrine's labels for the stage; the key is shown when absent. */
  readonly stageLabels?: StageLabels | null;
  readonly score: number;
  readonly reasons: readonly Reason[];
}

export interface TemplateContextInput {
  readonly contact: TemplateContact;
  readonly locale: TemplateLocale;
  readonly scenario?: { readonly key: string; readonly name: string } | null;
  /** What enrolled the contact (the enrolment's context: the stage entered, the event, the date). */
  readonly trigger?: Readonly<Record<string, unknown>> | null;
  /** The contact's own unsubscribe link; until tracking tokens exist (issue 15) a placeholder stands in. */
  readonly unsubscribeUrl?: string | null;
}

/** Rendered where no unsubscribe link is known yet (previews, the local sink). */
export const UNSUBSCRIBE_PLACEHOLDER = '#unsubscribe';

/** The variables a template sees, documented in docs/scenarios.md: `{{ contact.firstName }}`, `{{ owner.name }}`… */
export interface TemplateContext {
  readonly contact: {
    readonly id: string;
    readonly email: string;
    readonly firstName: string;
    readonly lastName: string;
    /** `traits.name`, else first and last name joined. */
    readonly name: string;
    readonly traits: Readonly<Record<string, unknown>>;
    readonly stage: string;
    readonly stageLabel: string;
    readonly score: number;
    /** Why the contact is at its stage, one readable sentence per condition that held. */
    readonly reasons: readonly string[];
  };
  /** The contact's owner: trait `owner` (an email, or a name) and `ownerName`. */
  readonly owner: { readonly email: string; readonly name: string };
  readonly scenario: { readonly key: string; readonly name: string };
  readonly trigger: Readonly<Record<string, unknown>>;
  readonly unsubscribeUrl: string;
  readonly locale: TemplateLocale;
}

const textTrait = (traits: Readonly<Record<string, unknown>>, ...keys: string[]): string => {
  for (const key of keys) {
    const value = traits[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return '';
};

/** The Liquid context of one message. Pure: the caller gathers the contact, the locale and the scenario. */
export function templateContext(input: TemplateContextInput): TemplateContext {
  const { contact, locale } = input;
  const traits = contact.traits;
  const firstName = textTrait(traits, 'firstName', 'first_name', 'firstname');
  const lastName = textTrait(traits, 'lastName', 'last_name', 'lastname');
  const owner = textTrait(traits, 'owner');
  const ownerIsEmail = owner.includes('@');
  const reasons = contact.reasons.flatMap((reason) => reason.conditions.map((condition) => condition.text));
  return {
    contact: {
      id: contact.id,
      email: contact.email ?? textTrait(traits, 'email'),
      firstName,
      lastName,
      name: textTrait(traits, 'name') || [firstName, lastName].filter(Boolean).join(' '),
      traits,
      stage: contact.stage,
      stageLabel: contact.stageLabels?.[locale] ?? contact.stage,
      score: contact.score,
      reasons: [...new Set(reasons)],
    },
    owner: { email: ownerIsEmail ? owner : '', name: textTrait(traits, 'ownerName', 'owner_name') || (ownerIsEmail ? '' : owner) },
    scenario: { key: input.scenario?.key ?? '', name: input.scenario?.name ?? '' },
    trigger: input.trigger ?? {},
    unsubscribeUrl: input.unsubscribeUrl ?? UNSUBSCRIBE_PLACEHOLDER,
    locale,
  };
}

/** A believable contact for previews without one, and for checking that a template renders at all. */
export function sampleTemplateContext(locale: TemplateLocale): TemplateContext {
  const french = locale === 'fr';
  return templateContext({
    locale,
    contact: {
      id: 'sample-contact',
      email: french ? 'camille.martin@example.fr' : 'alex.morgan@example.com',
      traits: {
        firstName: french ? 'Camille' : 'Alex',
        lastName: french ? 'Martin' : 'Morgan',
        company: french ? 'Atelier Martin' : 'Morgan & Co',
        owner: french ? 'julie.bernard@example.fr' : 'sam.taylor@example.com',
        ownerName: french ? 'Julie Bernard' : 'Sam Taylor',
        subscriptionEndsAt: '2026-12-31T00:00:00.000Z',
      },
      stage: 'hot',
      stageLabels: { en: 'Hot lead', fr: 'Lead chaud' },
      score: 72,
      reasons: [
        {
          stage: 'hot',
          conditions: [
            { condition: null, text: french ? '3 visites de la page tarifs en 7 jours' : '3 pricing-page views within 7d', observed: 3, evidence: [] },
            { condition: null, text: french ? 'Demande de démo' : 'Requested a demo', observed: true, evidence: [] },
          ],
        },
      ],
    },
    scenario: { key: 'sample', name: french ? 'Scénario exemple' : 'Sample scenario' },
    trigger: { type: 'stage_entered', stage: 'hot' },
  });
}
