import { parseDuration, WEEKDAYS, type BranchCondition, type Condition, type ExitRule, type PropertyFilter, type ReentryPolicy, type Scenario, type ScenarioStep, type ScenarioTrigger, type Weekday } from '@leadpulse/core';
import type { Lang } from './i18n/i18n.js';
import type { Formats } from './i18n/i18n.js';
import type { MessageKey } from './i18n/en.js';

/** What the describers need: the catalogue, the formats, and the doctrine's label of a stage key. */
export interface Words {
  readonly lang: Lang;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  readonly f: Formats;
  stageLabel(key: string): string;
}

/** The scenario of a stored document: the server validated it, so it has the core type's shape. */
export const scenarioOf = (document: { readonly scenario: unknown }): Scenario => document.scenario as Scenario;

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** `2d` as "2 days"; a text that is not a duration stays as written. */
export function durationWords(w: Words, text: string | undefined): string {
  if (!text) return '';
  const parsed = parseDuration(text.replace(/^[-+]/, ''));
  return parsed.ok ? w.f.duration(parsed.value) : text;
}

const list = (w: Words, items: readonly string[], type: 'conjunction' | 'disjunction') => new Intl.ListFormat(locale(w.lang), { type }).format(items);

/** Monday to Friday read as "weekdays", Saturday and Sunday as "weekends", anything else by the days' names. */
export function weekdaysWords(w: Words, days: readonly Weekday[]): string {
  const set = new Set(days);
  if (set.size === 5 && !set.has('sat') && !set.has('sun')) return w.t('flow.wait.weekdays');
  if (set.size === 2 && set.has('sat') && set.has('sun')) return w.t('flow.wait.weekend');
  const name = new Intl.DateTimeFormat(locale(w.lang), { weekday: 'long', timeZone: 'UTC' });
  // 1 January 2024 was a Monday.
  return list(w, WEEKDAYS.filter((d) => set.has(d)).map((d) => name.format(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(d)))), 'conjunction');
}

const filterWords = (w: Words, where: PropertyFilter | undefined) =>
  where && Object.keys(where).length > 0
    ? ` ${w.t('flow.with', { filter: Object.entries(where).map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(' | ') : String(v)}`).join(', ') })}`
    : '';
const atWords = (w: Words, at: string | undefined) => (at ? `, ${w.t('flow.atTime', { at })}` : '');

/** The trigger in a sentence: "When a contact enters Hot", "7 days before the date in subscriptionEndsAt, at 09:00". */
export function triggerWords(w: Words, trigger: ScenarioTrigger): string {
  switch (trigger.type) {
    case 'stage_entered':
    case 'stage_left':
      return w.t(`flow.trigger.${trigger.type}`, { stage: w.stageLabel(trigger.stage) });
    case 'event':
      return w.t('flow.trigger.event', { event: trigger.event }) + filterWords(w, trigger.where);
    case 'date': {
      const offset = trigger.offset ?? '';
      const base = offset === '' || /^[-+]?0[a-z]*$/.test(offset)
        ? w.t('flow.trigger.dateOn', { trait: trigger.trait })
        : w.t(offset.startsWith('-') ? 'flow.trigger.dateBefore' : 'flow.trigger.dateAfter', { duration: durationWords(w, offset), trait: trigger.trait });
      return base + atWords(w, trigger.at);
    }
    case 'recurring': {
      const every = durationWords(w, trigger.every);
      const base =
        trigger.from !== 'enrolment'
          ? w.t('flow.trigger.recurringFrom', { every, from: trigger.from })
          : trigger.event
            ? w.t('flow.trigger.recurringEvent', { every, event: trigger.event }) + filterWords(w, trigger.where)
            : w.t('flow.trigger.recurringEnrolment', { every });
      return base + atWords(w, trigger.at) + (trigger.times ? `, ${w.t('flow.times', { n: trigger.times })}` : '');
    }
    case 'segment_entered':
      return w.t('flow.trigger.segment_entered', { segment: trigger.segment });
  }
}

/** A wait in words: "wait 2 days, then at 09:00 on weekdays", "wait for “Email Opened”, at most 3 days". */
export function waitWords(w: Words, step: Extract<ScenarioStep, { type: 'wait' }>): string {
  if (step.event) return w.t(step.timeout ? 'flow.wait.event' : 'flow.wait.eventNoTimeout', { event: step.event, timeout: durationWords(w, step.timeout) }) + filterWords(w, step.where);
  const parts: string[] = [];
  if (step.duration) parts.push(w.t('flow.wait.duration', { duration: durationWords(w, step.duration) }));
  if (step.at) parts.push(w.t(step.duration ? 'flow.wait.thenAt' : 'flow.wait.until', { at: step.at }));
  const days = step.weekdays && step.weekdays.length > 0 && step.weekdays.length < 7 ? ` ${w.t('flow.wait.on', { days: weekdaysWords(w, step.weekdays) })}` : '';
  return (parts.join(', ') || w.t('flow.wait.none')) + days;
}

const range = (w: Words, atLeast: number | undefined, atMost: number | undefined) =>
  [atLeast !== undefined ? w.t('flow.cond.atLeast', { n: atLeast }) : null, atMost !== undefined ? w.t('flow.cond.atMost', { n: atMost }) : null].filter(Boolean).join(', ');
const withinWords = (w: Words, within: string | undefined) => (within ? ` ${w.t('flow.cond.within', { duration: durationWords(w, within) })}` : '');

/** A branch's test as a clause: "the contact is Hot", "an email of this scenario was opened". */
export function conditionWords(w: Words, condition: BranchCondition): string {
  if ('all' in condition) return list(w, condition.all.map((c) => conditionWords(w, c)), 'conjunction');
  if ('any' in condition) return list(w, condition.any.map((c) => conditionWords(w, c)), 'disjunction');
  if ('not' in condition) return w.t('flow.cond.not', { condition: conditionWords(w, condition.not) });
  if ('stage' in condition) {
    const stages = typeof condition.stage === 'string' ? [condition.stage] : condition.stage;
    return w.t('flow.cond.stage', { stages: list(w, stages.map((s) => w.stageLabel(s)), 'disjunction') });
  }
  if ('eventSince' in condition) return w.t('flow.cond.eventSince', { event: condition.eventSince }) + filterWords(w, condition.where);
  if ('sent' in condition) {
    return condition.sent === '*' ? w.t(`flow.cond.anySent.${condition.engaged}`) : w.t(`flow.cond.sent.${condition.engaged}`, { step: condition.sent });
  }
  return doctrineConditionWords(w, condition);
}

function doctrineConditionWords(w: Words, condition: Condition): string {
  if ('signal' in condition) return `${condition.signal} ${range(w, condition.atLeast, condition.atMost)}${withinWords(w, condition.within)}`.trim();
  if ('event' in condition) return `“${condition.event}”${filterWords(w, condition.where)} ${range(w, condition.atLeast ?? 1, condition.atMost)}${withinWords(w, condition.within)}`.trim();
  if ('trait' in condition) {
    const value = condition.value === undefined ? '' : ` ${Array.isArray(condition.value) ? condition.value.join(', ') : String(condition.value)}`;
    return `${condition.trait} ${w.t(`doctrine.op.${condition.op}`)}${value}`;
  }
  if ('score' in condition) return w.t('flow.cond.score', { range: range(w, condition.score.atLeast, condition.score.atMost) });
  return conditionWords(w, condition);
}

const assigneeWords = (w: Words, to: 'owner' | { readonly email: string }) => (to === 'owner' ? w.t('flow.owner') : to.email);

/** What a step does, in a sentence (a branch gives its question; its two paths are drawn apart). */
export function stepWords(w: Words, step: ScenarioStep): string {
  switch (step.type) {
    case 'wait':
      return waitWords(w, step);
    case 'branch':
      return w.t('flow.step.branch', { condition: conditionWords(w, step.if) });
    case 'send_email':
    case 'send_sms':
      return w.t(`flow.step.${step.type}`, { template: step.template });
    case 'sales_alert':
      return w.t('flow.step.sales_alert', { to: assigneeWords(w, step.to) }) + (step.webhook ? ` ${w.t('flow.step.alertWebhook', { url: step.webhook })}` : '');
    case 'task':
      return w.t('flow.step.task', { assignee: assigneeWords(w, step.assignee), title: step.title, due: durationWords(w, step.due) });
    case 'webhook':
      return w.t('flow.step.webhook', { url: step.url });
    case 'update_contact':
      return w.t('flow.step.update_contact', { traits: Object.entries(step.traits).map(([k, v]) => `${k} = ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ') });
    case 'exit':
      return w.t('flow.step.exit');
  }
}

export function exitRuleWords(w: Words, rule: ExitRule): string {
  switch (rule.type) {
    case 'event':
      return w.t('flow.exit.event', { event: rule.event }) + filterWords(w, rule.where);
    case 'stage':
      return w.t('flow.exit.stage', { stage: w.stageLabel(rule.stage) });
    default:
      return w.t(`flow.exit.${rule.type}`);
  }
}

/** The early exits as one clause: any of them ends the enrolment. */
export const exitRulesWords = (w: Words, rules: readonly ExitRule[]): string => list(w, rules.map((rule) => exitRuleWords(w, rule)), 'disjunction');

export function reentryWords(w: Words, reentry: ReentryPolicy): string {
  return reentry.policy === 'after' ? w.t('flow.reentry.after', { cooldown: durationWords(w, reentry.cooldown) }) : w.t(`flow.reentry.${reentry.policy}`);
}
