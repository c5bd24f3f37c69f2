import type { Scenario } from '../scenario.js';

const TIMEZONE = 'Europe/Paris';
const WORKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** Cold: a nurture email on a Tuesday morning, then every four weeks or so, while the contact stays cold. */
const coldNurture: Scenario = {
  key: 'cold-nurture',
  name: 'Cold: monthly nurture',
  description: 'A nurture email on the next Tuesday morning after a contact turns cold, then one about every month while it stays cold.',
  trigger: { type: 'stage_entered', stage: 'cold' },
  timezone: TIMEZONE,
  steps: [
    { id: 'next-tuesday', type: 'wait', at: '10:00', weekdays: ['tue'] },
    { id: 'nurture-email', type: 'send_email', template: 'cold-nurture' },
    { id: 'four-weeks', type: 'wait', duration: '27d', at: '10:00', weekdays: ['tue'], next: 'nurture-email' },
  ],
  exit: [{ type: 'trigger_stage_left' }, { type: 'unsubscribed' }],
  reentry: { policy: 'after', cooldown: '30d' },
  frequencyCap: { messages: 2, within: '30d' },
};

/** Warm: a personal email by the next working morning; a task for the owner if nothing happens in the 5 days after. */
const warmFollowUp: Scenario = {
  key: 'warm-follow-up',
  name: 'Warm: personal follow-up',
  description: 'A personal follow-up email within 2 days of turning warm, then a call task for the owner if the prospect shows no activity in the next 5 days.',
  trigger: { type: 'stage_entered', stage: 'warm' },
  timezone: TIMEZONE,
  steps: [
    { id: 'working-morning', type: 'wait', at: '09:30', weekdays: [...WORKDAYS] },
    { id: 'follow-up-email', type: 'send_email', template: 'warm-follow-up' },
    { id: 'five-days', type: 'wait', duration: '5d' },
    {
      id: 'any-activity',
      type: 'branch',
      if: {
        any: [
          { sent: 'follow-up-email', engaged: 'clicked' },
          { eventSince: 'Form Submitted' },
          { eventSince: 'Meeting Booked' },
          { signal: 'pageViews', atLeast: 1, within: '5d' },
          { signal: 'calls', atLeast: 1, within: '5d' },
        ],
      },
      then: 'done',
      else: 'call-task',
    },
    { id: 'call-task', type: 'task', title: 'Call this prospect: no activity in the 5 days after the follow-up email', assignee: 'owner', due: '1d' },
    { id: 'done', type: 'exit' },
  ],
  exit: [{ type: 'trigger_stage_left' }, { type: 'event', event: 'Order Completed' }, { type: 'unsubscribed' }],
  reentry: { policy: 'after', cooldown: '60d' },
};

/** Hot: the owner hears at once, with the reasons; the contact gets an email signed by the owner. */
const hotSalesAlert: Scenario = {
  key: 'hot-sales-alert',
  name: 'Hot: sales alert and owner email',
  description: 'Alerts the owner within 5 minutes of a contact turning hot, with the reasons why, and sends the contact an email signed by the owner.',
  trigger: { type: 'stage_entered', stage: 'hot' },
  timezone: TIMEZONE,
  steps: [
    { id: 'alert-owner', type: 'sales_alert', to: 'owner', template: 'hot-sales-alert' },
    { id: 'owner-email', type: 'send_email', template: 'hot-owner-email' },
  ],
  exit: [{ type: 'event', event: 'Order Completed' }, { type: 'unsubscribed' }],
  reentry: { policy: 'after', cooldown: '30d' },
};

/** Client: a reminder 7 days before the subscription ends, and an SMS 3 days before if it is not renewed by then. */
const clientRenewal: Scenario = {
  key: 'client-renewal',
  name: 'Client: renewal reminder',
  description: 'An email at 09:00, 7 days before the subscription ends (trait subscriptionEndsAt), and an SMS 3 days before if the client has not renewed.',
  trigger: { type: 'date', trait: 'subscriptionEndsAt', offset: '-7d', at: '09:00' },
  timezone: TIMEZONE,
  steps: [
    { id: 'reminder-email', type: 'send_email', template: 'client-renewal-reminder' },
    { id: 'four-days', type: 'wait', duration: '4d' },
    { id: 'renewed', type: 'branch', if: { any: [{ eventSince: 'Subscription Started' }, { eventSince: 'Order Completed' }] }, then: 'done', else: 'reminder-sms' },
    { id: 'reminder-sms', type: 'send_sms', template: 'client-renewal-sms', next: 'done' },
    { id: 'done', type: 'exit' },
  ],
  exit: [{ type: 'event', event: 'Subscription Started' }, { type: 'unsubscribed' }],
  reentry: { policy: 'after', cooldown: '30d' },
};

/** After signup: a monthly email for a year, from the day of the signup. */
const signupMonthly: Scenario = {
  key: 'signup-monthly',
  name: 'After signup: monthly email',
  description: 'Every 30 days after a Signed Up event, at 10:00, a monthly email: twelve in all.',
  trigger: { type: 'recurring', every: '30d', from: 'enrolment', event: 'Signed Up', at: '10:00', times: 12 },
  timezone: TIMEZONE,
  steps: [{ id: 'monthly-email', type: 'send_email', template: 'signup-monthly' }],
  exit: [{ type: 'unsubscribed' }],
  reentry: { policy: 'never' },
};

/** After a download: the document by email, and one re-send with another subject if it was not opened in 3 days. */
const resendUnopened: Scenario = {
  key: 'resend-unopened',
  name: 'Re-send when not opened',
  description: 'Emails the downloaded document; if that email is not opened within 3 days, sends it once more with another subject.',
  trigger: { type: 'event', event: 'Document Downloaded' },
  timezone: TIMEZONE,
  steps: [
    { id: 'document-email', type: 'send_email', template: 'document-follow-up' },
    { id: 'three-days', type: 'wait', duration: '3d' },
    { id: 'opened', type: 'branch', if: { sent: 'document-email', engaged: 'opened' }, then: 'done', else: 'resend-email' },
    { id: 'resend-email', type: 'send_email', template: 'document-follow-up-resend', next: 'done' },
    { id: 'done', type: 'exit' },
  ],
  exit: [{ type: 'unsubscribed' }],
  reentry: { policy: 'after', cooldown: '7d' },
};

/**
 * The follow-ups that ship with LeadPulse, one per temperature plus three journeys; stored as drafts (disabled)
 * until the user activates them. Their templates are in TEMPLATE_PRESETS, in English and French.
 */
export const SCENARIO_PRESETS: readonly Scenario[] = [coldNurture, warmFollowUp, hotSalesAlert, clientRenewal, signupMonthly, resendUnopened];
