import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../packages/server/src/demo/load-demo.js';
import { launchChromium } from './support/chromium.js';
import { expectAccessible, signInDashboard } from './support/dashboard-session.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import { waitFor } from './support/wait-for.js';

// LEADPULSE_SCREENSHOTS=docs refreshes the screenshots docs/dashboard.md shows; otherwise they go to .tmp/.
const SHOTS = process.env['LEADPULSE_SCREENSHOTS'] === 'docs' ? 'docs/screenshots' : '.tmp/screenshots';
const shoot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const ADMIN = { email: 'admin@exemple.fr', password: 'correct-horse-battery' };
const SALES = { email: 'vente@exemple.fr', password: 'staple-battery-horse' };
const READER = { userId: 'e2e-reader', email: 'lea.reader@example.com', firstName: 'Léa' };
const TASK_TITLE = 'Call back about the demo';

let e2e: E2eServer;
let browser: Browser;

/** Events as a visitor's browser would send them, dated now so that their triggers enrol (older ones do not). */
async function visit(events: readonly Record<string, unknown>[]) {
  const app = e2e.server.app;
  const at = new Date(app.now()).toISOString();
  const result = await app.ingest(
    events.map((event) => ({ userId: READER.userId, timestamp: at, ...event })),
    { receivedAt: app.now() },
  );
  expect(result.rejected).toBe(0);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  e2e = await startE2eServer();
  const app = e2e.server.app;
  await loadDemo(app, { now: new Date(app.now()), visitors: 150, seed: 11, travel: e2e.travel, train: false });
  for (const [user, role] of [[ADMIN, 'admin'], [SALES, 'sales']] as const) {
    const added = await app.users.addUser({ email: user.email, role, password: user.password });
    if (!added.ok) throw new Error(JSON.stringify(added.error));
  }
  // A journey that hands a demo request to the sales user: its task is what the sales user completes below.
  const created = await app.scenarios.create(
    {
      key: 'demo-callback',
      name: 'Demo request: call back',
      trigger: { type: 'event', event: 'Demo Requested' },
      steps: [{ id: 'call', type: 'task', title: TASK_TITLE, assignee: { email: SALES.email }, due: '1d' }],
      exit: [],
      reentry: { policy: 'never' },
    },
    { activate: true },
  );
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await e2e?.close();
});

describe('the follow-up screens', () => {
  it('shows a preset as a readable flow, checks the JSON as it is typed, and runs a dry run', { timeout: 90_000 }, async () => {
    const page = await signInDashboard(browser, e2e.url, ADMIN);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scenarios' }).click();
    await page.getByRole('heading', { name: 'Scenarios' }).waitFor();
    await page.getByRole('cell', { name: 'When a contact enters Prospect (warm)' }).waitFor();
    await page.getByText('Nothing leaves this machine.').waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Warm: personal follow-up' }).click();
    await page.getByRole('heading', { name: 'The journey' }).waitFor();
    const flow = page.locator('.flow');
    await flow.getByText('When a contact enters Prospect (warm)').waitFor();
    await flow.getByText('Wait until 09:30 on weekdays').waitFor();
    await flow.getByText('Send the email “warm-follow-up”').waitFor();
    // The branch is drawn as two labelled paths: nothing to do on "yes", a call task for the owner on "no".
    await flow.getByRole('region', { name: 'Yes' }).getByText('Straight on').waitFor();
    await flow.getByRole('region', { name: 'No' }).getByText(/Task for the contact's owner/).waitFor();
    expect(await flow.locator('.flow-card').count()).toBe(7);
    await expectAccessible(page);
    await shoot(page, 'scenario-en');

    // A branch to a step that does not exist is named by its path while the JSON is typed, before any save.
    const json = page.getByLabel('Scenario document (JSON)');
    await json.fill((await json.inputValue()).replace('"else": "call-task"', '"else": "nowhere"'));
    await page.getByRole('region', { name: /problems to fix/ }).getByText('steps[3].else').waitFor();

    await page.getByRole('button', { name: 'Run the dry run' }).click();
    await page.getByRole('region', { name: 'Dry run result' }).getByText(/contacts looked at/).waitFor({ timeout: 60_000 });
    await page.context().close();
  });

  it('sends through an activated preset into the outbox and the test inbox, which says nothing left the machine', { timeout: 90_000 }, async () => {
    const page = await signInDashboard(browser, e2e.url, ADMIN);
    // Held first, whatever the demo left it in, so that the screen is what starts it.
    const preset = (await e2e.server.app.scenarios.list()).find((v) => v.record.key === 'resend-unopened')!;
    await e2e.server.app.scenarios.pause(preset.record.id);
    await page.goto(`${e2e.url}/#/scenarios`);
    await page.getByRole('link', { name: 'Re-send when not opened' }).click();
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();

    await visit([
      { type: 'identify', traits: { email: READER.email, firstName: READER.firstName } },
      { type: 'track', event: 'Document Downloaded', properties: { title: 'Pricing guide' } },
    ]);
    const subject = `Here is your document, ${READER.firstName}`;
    await waitFor('the document email to leave the outbox', async () => {
      const inbox = await e2e.server.app.outbox.testInbox({ limit: 10 });
      return inbox.some((m) => m.subject === subject) ? true : undefined;
    });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('cell', { name: subject }).waitFor();
    await expectAccessible(page);
    await page.getByRole('row', { name: new RegExp(subject) }).getByRole('link').click();
    await page.getByText('Message-ID').waitFor();
    expect(await page.locator('dd code').first().textContent()).toMatch(/^<.+@.+>$/);

    await page.getByRole('link', { name: 'Test inbox', exact: true }).click();
    await page.getByText('Nothing leaves this machine.').waitFor();
    await page.getByRole('button', { name: new RegExp(subject) }).first().click();
    const frame = page.frameLocator('iframe.message-frame').first();
    await frame.getByText('Pricing guide').waitFor();
    expect(await page.locator('iframe.message-frame').first().getAttribute('sandbox')).toBe('');
    await expectAccessible(page);
    await shoot(page, 'test-inbox-en');

    // The contact shows the journey it is in and the message, in its follow-ups and in its timeline.
    await page.getByRole('link', { name: 'Outbox', exact: true }).click();
    await page.getByRole('row', { name: new RegExp(subject) }).getByRole('link').click();
    await page.locator('dd a[href^="#/contacts/"]').click();
    const followUps = page.getByRole('region', { name: 'Follow-ups' });
    await followUps.getByRole('link', { name: 'Re-send when not opened' }).waitFor();
    await followUps.getByRole('link', { name: subject }).waitFor();
    await page.locator('.timeline').getByText(`Sent “${subject}” (Email, sent)`).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('previews a template in a sandboxed frame and names a Liquid mistake by line and column', { timeout: 60_000 }, async () => {
    const page = await signInDashboard(browser, e2e.url, ADMIN);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('row', { name: /document-follow-up English/ }).getByRole('link').click();
    const preview = page.frameLocator('iframe.message-frame');
    await preview.getByText('Thank you for your interest.').waitFor();
    expect(await page.locator('iframe.message-frame').getAttribute('sandbox')).toBe('');
    await page.getByLabel('Preview for the contact (id)').fill('no-such-contact');
    await page.getByRole('alert').getByText('No contact matches.').waitFor();
    await expectAccessible(page);

    const body = page.getByLabel('Body (Liquid over MJML)');
    await body.fill(`<mjml><mj-body><mj-section><mj-column>\n<mj-text>{% if contact.email %}Hi</mj-text>\n</mj-column></mj-section></mj-body></mjml>`);
    await page.getByRole('button', { name: 'Save' }).click();
    const issues = page.getByRole('region', { name: 'Problems in the template' });
    await issues.getByText(/^body, line \d+, column \d+$/).waitFor();
    await page.context().close();
  });

  it('lets the sales user see their task and mark it done', { timeout: 60_000 }, async () => {
    await visit([
      { type: 'identify', traits: { email: READER.email, firstName: READER.firstName } },
      { type: 'track', event: 'Demo Requested' },
    ]);
    await waitFor('the call-back task', async () => {
      const tasks = await e2e.server.app.tasks.list({ assignee: SALES.email, status: 'open', limit: 10 });
      return tasks.length > 0 ? tasks : undefined;
    });
    const page = await signInDashboard(browser, e2e.url, SALES);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(TASK_TITLE) });
    await row.getByRole('link', { name: READER.email }).waitFor();
    expect(await row.count()).toBe(1);
    await expectAccessible(page);
    await shoot(page, 'tasks-en');
    await row.getByRole('button', { name: /^Mark done/ }).click();
    await page.getByText(`“${TASK_TITLE}” is done.`).waitFor();
    await page.getByText('No open task. Well done.').waitFor();
    const done = await e2e.server.app.tasks.list({ assignee: SALES.email, status: 'done', limit: 10 });
    expect(done.map((t) => t.title)).toContain(TASK_TITLE);
    // Sales read scenarios but cannot change them.
    await nav.getByRole('link', { name: 'Scenarios' }).click();
    await page.getByRole('link', { name: 'Demo request: call back' }).click();
    await page.getByRole('heading', { name: 'The journey' }).waitFor();
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    await page.context().close();
  });

  it('speaks French on the scenarios and the doctrine’s follow-up of each stage', { timeout: 60_000 }, async () => {
    const page = await signInDashboard(browser, e2e.url, ADMIN, 'fr-FR');
    await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Scénarios' }).click();
    await page.getByRole('heading', { name: 'Scénarios' }).waitFor();
    await page.getByText('Rien ne sort de cette machine.').waitFor();
    await page.getByRole('link', { name: 'Client: renewal reminder' }).click();
    await page.locator('.flow').getByText('7\u00a0jours avant la date de subscriptionEndsAt, à 09:00').waitFor();
    await page.getByRole('region', { name: 'Non' }).getByText('Envoyer le SMS « client-renewal-sms »').waitFor();
    await expectAccessible(page);
    await shoot(page, 'scenario-fr');
    await page.goto(`${e2e.url}/#/doctrine`);
    const followUps = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Scénario de suivi' }) });
    await followUps.getByRole('link', { name: 'Hot: sales alert and owner email' }).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });
});
