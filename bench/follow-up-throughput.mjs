import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { compile as compileText } from 'html-to-text';
import { Liquid } from 'liquidjs';
import mjml2html from 'mjml';
import { activate, BENCH_TEMPLATE, emailScenario, instantRelay, manualClock, openFollowUps, seedEnrolments } from './lib/follow-ups.mjs';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

/**
 * Messages rendered and queued per second on SQLite: `contacts` enrolments due at once on an email step; LeadPulse's
 * scheduler work (`runFollowUps`: claim the due enrolments, decide each step, write the sends in the same commit,
 * then claim the sends, render them and record the outcome) against a relay that takes every message at once.
 * The peer renders the same template with liquidjs, mjml (compiled once) and html-to-text, and inserts the rows
 * with better-sqlite3, 500 per transaction: the same output with no enrolment, no decision, no outbox.
 */
export async function benchFollowUpThroughput({ contacts }) {
  const ours = await leadpulse(contacts);
  const peer = bareLoop(contacts);
  return { contacts, ours, peer, ratio: ours.perSecond / peer.perSecond };
}

async function leadpulse(contacts) {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-bench-followups-'));
  const at = { value: T0 };
  const lp = await openFollowUps({ dataDir, clock: manualClock(at), couriers: instantRelay });
  const scenario = await activate(lp.followUps, emailScenario('bench-throughput'));
  seedEnrolments(dataDir, scenario, { to: contacts, dueAt: () => T0, now: T0 });
  at.value += 1000;
  let advanced = 0;
  let delivered = 0;
  const started = performance.now();
  for (;;) {
    const round = await lp.followUps.runFollowUps();
    advanced += round.advanced;
    delivered += round.delivered;
    if (round.advanced === 0 && round.delivered === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const sent = (await lp.store.sends.list({ status: 'sent', limit: 1 })).sends.length;
  await lp.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { advanced, delivered, seconds, perSecond: delivered / seconds, sampleSent: sent };
}

function bareLoop(contacts) {
  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-bench-peer-'));
  const db = new Database(join(dir, 'peer.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table sends (id text primary key, contact_id text, recipient text, subject text, html text, text text, created_at integer)');
  const insert = db.prepare('insert into sends values (?, ?, ?, ?, ?, ?, ?)');
  const liquid = new Liquid();
  const toText = compileText({ wordwrap: 78 });
  const started = performance.now();
  const html = mjml2html(BENCH_TEMPLATE.body, { validationLevel: 'soft' }).html;
  const subject = liquid.parse(BENCH_TEMPLATE.subject);
  const body = liquid.parse(html);
  const flush = db.transaction((rows) => rows.forEach((row) => insert.run(...row)));
  let rows = [];
  for (let i = 0; i < contacts; i++) {
    const context = { contact: { id: `ct_${i}`, firstName: `Ada${i}`, traits: { company: 'Acme' } } };
    const renderedHtml = liquid.renderSync(body, context);
    rows.push([`s${i}`, `ct_${i}`, `c${i}@example.com`, liquid.renderSync(subject, context), renderedHtml, toText(renderedHtml), Date.now()]);
    if (rows.length === 500) {
      flush(rows);
      rows = [];
    }
  }
  flush(rows);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { seconds, perSecond: contacts / seconds };
}
