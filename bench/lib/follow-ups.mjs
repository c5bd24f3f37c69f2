// What the follow-up benchmarks share: the template both LeadPulse and its peers render, a LeadPulse follow-up engine
// built from the dist's own parts (store, doctrine, scenarios, outbox) over a chosen relay, and enrolments seeded
// straight into SQLite (a fixture, not a measure: 100,000 contacts through ingestion would only slow the setup).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { emptyContactState } from '../../packages/core/dist/index.js';
import { createDoctrineAdmin } from '../../packages/server/dist/app/doctrine-admin.js';
import { createFollowUps } from '../../packages/server/dist/app/scenarios/follow-ups.js';
import { createLogger } from '../../packages/server/dist/log/create-logger.js';
import { createStore } from '../../packages/server/dist/storage/create-store.js';

export const BENCH_TEMPLATE = {
  key: 'bench-news',
  locale: 'en',
  channel: 'email',
  name: 'Monthly news',
  subject: 'News for {{ contact.firstName }}',
  body: '<mjml><mj-body><mj-section><mj-column><mj-text font-size="16px">Hello {{ contact.firstName }},</mj-text><mj-text>Here is what is new this month at {{ contact.traits.company | default: "your company" }}.</mj-text><mj-button href="https://example.com/news?c={{ contact.id }}">Read more</mj-button></mj-column></mj-section></mj-body></mjml>',
};

/** A scenario waiting at `stepId` for every seeded enrolment; the step is one email, or a sales task. */
export const emailScenario = (key) => ({ key, name: key, trigger: { type: 'event', event: 'Bench Seeded' }, steps: [{ id: 'email', type: 'send_email', template: BENCH_TEMPLATE.key }], exit: [], reentry: { policy: 'never' } });
export const taskScenario = (key) => ({ key, name: key, trigger: { type: 'event', event: 'Bench Seeded' }, steps: [{ id: 'task', type: 'task', title: 'Call back', assignee: 'owner', due: '2d' }], exit: [], reentry: { policy: 'never' } });

/** A clock the benchmark moves by hand, or the system's. */
export const manualClock = (at) => ({ now: () => new Date(at.value) });

/** A relay that takes every message at once: what is left is LeadPulse's own work (decide, queue, render, record). */
export const instantRelay = { email: { deliver: async () => ({ kind: 'sent', providerAnswer: '250 ok' }) }, sms: null, webhook: { deliver: async () => ({ kind: 'sent', providerAnswer: '200' }) }, inbox: null, close: async () => {} };

/** LeadPulse's follow-up engine on a fresh SQLite store in `dataDir`, over `couriers`. */
export async function openFollowUps({ dataDir, clock, couriers }) {
  const logger = createLogger('silent');
  const store = await createStore({ dataDir, logger });
  await store.migrate();
  const doctrine = createDoctrineAdmin({ store, clock });
  await doctrine.loadDoctrine();
  const followUps = createFollowUps({ store, clock, logger, doctrine: doctrine.current, couriers, publicUrl: null, ingestEvents: async () => {} });
  const template = await followUps.templates.create(BENCH_TEMPLATE);
  if (!template.ok) throw new Error(JSON.stringify(template.error));
  return { store, followUps, async close() { await couriers.close(); await store.close(); } };
}

export async function activate(followUps, scenario) {
  const created = await followUps.scenarios.create(scenario, { activate: true });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

export const contactIdOf = (i) => `ct_b${i.toString(36).padStart(8, '0')}`;
export const enrolmentIdOf = (i) => `enr_b${i.toString(36).padStart(8, '0')}`;
export const indexOfEnrolment = (id) => parseInt(id.slice(5), 36);

/**
 * Contacts `from`..`to` (email, first name, owner), each enrolled in `scenario` at its first step, due at `dueAt(i)`.
 * Written with a second connection while the store's own is idle (WAL), without fsync: a fixture.
 */
export function seedEnrolments(dataDir, scenario, { from = 0, to, dueAt, now }) {
  const db = new Database(join(dataDir, 'leadpulse.sqlite'));
  db.pragma('synchronous = OFF');
  const insertContact = db.prepare("insert into contacts (id, user_id, email, stage, stage_since, score, reasons, score_lines, state, created_at, updated_at, doctrine_version) values (?, ?, ?, 'cold', ?, 0, '[]', '[]', ?, ?, ?, 1)");
  const insertEnrolment = db.prepare("insert into enrolments (id, scenario_id, scenario_version, contact_id, status, step_id, due_at, occurrence, waiting_since, entered_at, ended_at, end_reason, history, context, updated_at) values (?, ?, ?, ?, 'active', ?, ?, 0, null, ?, null, null, '[]', '{}', ?)");
  const empty = emptyContactState();
  const stepId = scenario.scenario.steps[0].id;
  const chunk = db.transaction((a, b) => {
    for (let i = a; i < b; i++) {
      const id = contactIdOf(i);
      const state = JSON.stringify({ ...empty, traits: { email: `c${i}@example.com`, firstName: `Ada${i}`, company: 'Acme', owner: 'owner@example.com' } });
      insertContact.run(id, `u${i}`, `c${i}@example.com`, now, state, now, now);
      insertEnrolment.run(enrolmentIdOf(i), scenario.id, scenario.version, id, stepId, dueAt(i), now, now);
    }
  });
  for (let i = from; i < to; i += 5000) chunk(i, Math.min(to, i + 5000));
  db.close();
}

/** Contacts `0`..`to`, each with one queued email send of `scenario` due at `now`, as its email step would have written it. */
export function seedQueuedSends(dataDir, scenario, { to, now }) {
  const db = new Database(join(dataDir, 'leadpulse.sqlite'));
  db.pragma('synchronous = OFF');
  const insertContact = db.prepare("insert into contacts (id, user_id, email, stage, stage_since, score, reasons, score_lines, state, created_at, updated_at, doctrine_version) values (?, ?, ?, 'cold', ?, 0, '[]', '[]', ?, ?, ?, 1)");
  const insertSend = db.prepare("insert into sends (id, idempotency_key, enrolment_id, scenario_id, contact_id, step_id, channel, status, message_id, recipient, payload, subject, attempts, next_attempt_at, last_error, provider_answer, created_at, sent_at, updated_at) values (?, ?, ?, ?, ?, 'email', 'email', 'queued', ?, ?, ?, null, 0, ?, null, null, ?, null, ?)");
  const empty = emptyContactState();
  const payload = JSON.stringify({ template: BENCH_TEMPLATE.key, locale: 'en' });
  db.transaction(() => {
    for (let i = 0; i < to; i++) {
      const id = contactIdOf(i);
      const state = JSON.stringify({ ...empty, traits: { email: `c${i}@example.com`, firstName: `Ada${i}`, company: 'Acme' } });
      insertContact.run(id, `u${i}`, `c${i}@example.com`, now, state, now, now);
      const sendId = `snd_b${i.toString(36).padStart(8, '0')}`;
      insertSend.run(sendId, `${enrolmentIdOf(i)}:email:0`, enrolmentIdOf(i), scenario.id, id, `<${sendId}@leadpulse.local>`, `c${i}@example.com`, payload, now, now, now);
    }
  })();
  db.close();
}
