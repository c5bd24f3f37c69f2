import { contactId, type Scenario } from '@leadpulse/core';
import type { EnrolmentRecord, ScenarioRecord, SendRecord, TaskRecord, TemplateRecord } from '../../app/scenario-ports.js';

/** Records as the scenario store contracts write them: plain values, with whatever each test changes. */

export const scenarioDocument = (key: string, extra: Partial<Scenario> = {}): Scenario => ({
  key,
  name: `Scenario ${key}`,
  trigger: { type: 'stage_entered', stage: 'warm' },
  steps: [
    { id: 'wait', type: 'wait', duration: '2d' },
    { id: 'mail', type: 'send_email', template: 'warm-follow-up' },
  ],
  exit: [{ type: 'stage', stage: 'client' }],
  reentry: { policy: 'never' },
  timezone: 'Europe/Paris',
  ...extra,
});

export const scenarioRecord = (id: string, key: string, at: number, extra: Partial<ScenarioRecord> = {}): ScenarioRecord => ({
  id,
  key,
  version: 1,
  status: 'active',
  scenario: scenarioDocument(key),
  createdAt: at,
  updatedAt: at,
  ...extra,
});

export const templateRecord = (id: string, key: string, locale: 'en' | 'fr', at: number, extra: Partial<TemplateRecord> = {}): TemplateRecord => ({
  id,
  key,
  locale,
  channel: 'email',
  name: `${key} (${locale})`,
  subject: locale === 'fr' ? 'Bonjour {{ traits.firstName }}' : 'Hello {{ traits.firstName }}',
  body: '<mjml><mj-body><mj-text>{{ traits.firstName }}</mj-text></mj-body></mjml>',
  createdAt: at,
  updatedAt: at,
  ...extra,
});

export const enrolmentRecord = (id: string, scenarioId: string, contact: string, at: number, extra: Partial<EnrolmentRecord> = {}): EnrolmentRecord => ({
  id,
  scenarioId,
  scenarioVersion: 1,
  contactId: contactId(contact),
  status: 'active',
  position: { stepId: 'wait', dueAt: at, occurrence: 0, waitingSince: null },
  enteredAt: at,
  endedAt: null,
  endReason: null,
  history: [{ at, stepId: null, what: 'entered', detail: 'stage warm' }],
  context: { stage: 'warm', at },
  updatedAt: at,
  ...extra,
});

export const sendRecord = (id: string, contact: string, at: number, extra: Partial<SendRecord> = {}): SendRecord => ({
  id,
  idempotencyKey: `en_${id}:mail:0`,
  enrolmentId: `en_${id}`,
  scenarioId: 'sc_mail',
  contactId: contactId(contact),
  stepId: 'mail',
  channel: 'email',
  status: 'queued',
  messageId: `<${id}@leadpulse.test>`,
  recipient: `${contact}@example.fr`,
  payload: { template: 'warm-follow-up', to: `${contact}@example.fr`, reasons: ['pricing page twice'] },
  subject: null,
  attempts: 0,
  nextAttemptAt: at,
  lastError: null,
  providerAnswer: null,
  createdAt: at,
  sentAt: null,
  updatedAt: at,
  ...extra,
});

export const taskRecord = (id: string, contact: string, at: number, extra: Partial<TaskRecord> = {}): TaskRecord => ({
  id,
  idempotencyKey: `en_${id}:task:0`,
  contactId: contactId(contact),
  enrolmentId: `en_${id}`,
  scenarioId: 'sc_task',
  title: 'Call back about the demo',
  assignee: 'sales@example.fr',
  status: 'open',
  dueAt: at,
  createdAt: at,
  doneAt: null,
  snoozedUntil: null,
  ...extra,
});
