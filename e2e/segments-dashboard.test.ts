import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../packages/server/src/demo/load-demo.js';
import { launchChromium } from './support/chromium.js';
import { expectAccessible, signInDashboard } from './support/dashboard-session.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import { startFakeMetaApi, type FakeMetaApi } from '../packages/server/src/test-support/fake-meta-api.js';

// LEADPULSE_SCREENSHOTS=docs refreshes the screenshots docs/ shows; otherwise they go to .tmp/.
const SHOTS = process.env['LEADPULSE_SCREENSHOTS'] === 'docs' ? 'docs/screenshots' : '.tmp/screenshots';
const shoot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const ADMIN = { email: 'admin@exemple.fr', password: 'correct-horse-battery' };
const SALES = { email: 'vente@exemple.fr', password: 'staple-battery-horse' };
const SEGMENT = { name: 'Lyon contacts', key: 'lyon-contacts' };

// Two people in Lyon who said yes to ad audiences: the only ones a sync may send.
const CONSENTING = ['lea.martin@exemple.fr', 'hugo.bernard@exemple.fr'];

let e2e: E2eServer;
let browser: Browser;
let meta: FakeMetaApi;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Meta's API is a local fake shaped like the real one: nothing leaves the machine.
  meta = await startFakeMetaApi();
  e2e = await startE2eServer({ config: { metaAccessToken: meta.accessToken, metaAdAccount: meta.adAccount, metaApiUrl: meta.url } });
  const app = e2e.server.app;
  await loadDemo(app, { now: new Date(app.now()), visitors: 200, seed: 5, travel: e2e.travel, train: false });
  const at = new Date(app.now()).toISOString();
  const consented = await app.ingest(
    CONSENTING.map((email, i) => ({ type: 'identify', userId: `e2e-consent-${i}`, timestamp: at, traits: { email, city: 'Lyon', consent: { ad_audiences: true } } })),
    { receivedAt: app.now() },
  );
  if (consented.rejected !== 0) throw new Error('consenting contacts rejected');
  for (const [user, role] of [[ADMIN, 'admin'], [SALES, 'sales']] as const) {
    const added = await app.users.addUser({ email: user.email, role, password: user.password });
    if (!added.ok) throw new Error(JSON.stringify(added.error));
  }
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await e2e?.close();
  await meta?.close();
});

/** The live count as a number, once it is not dimmed (the answer is for what is on screen). */
async function liveCount(page: Page): Promise<number> {
  const panel = page.getByRole('region', { name: /Live count|Comptage en direct/ });
  await panel.locator('.big-count').waitFor();
  await panel.and(page.locator('[aria-busy="false"]')).waitFor();
  return Number((await panel.locator('.big-count').textContent())!.replace(/\D/g, ''));
}

describe('the segment screens', () => {
  it('builds a segment with a live count, shows an issue on its row, saves it and lists it', { timeout: 120_000 }, async () => {
    const page = await signInDashboard(browser, e2e.url, ADMIN);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'New segment' }).click();
    await page.getByRole('heading', { name: 'New segment' }).waitFor();

    await page.getByText('Add a condition to see who the segment holds.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill(SEGMENT.name);
    await page.getByLabel('Key', { exact: true }).fill(SEGMENT.key);

    // The count follows the conditions as they are typed.
    await page.getByLabel('New condition').selectOption('geo');
    await page.getByRole('button', { name: 'Add the condition' }).click();
    const cities = page.getByLabel('Cities');
    await cities.fill('Lyon');
    await expect.poll(() => liveCount(page), { timeout: 20_000 }).toBeGreaterThan(0);
    const inLyon = await liveCount(page);
    await cities.fill('Lyon, Paris');
    await expect.poll(() => liveCount(page), { timeout: 20_000 }).toBeGreaterThan(inLyon);
    await cities.fill('Lyon');
    await expect.poll(() => liveCount(page), { timeout: 20_000 }).toBe(inLyon);
    await page.getByRole('region', { name: 'Live count' }).getByRole('heading', { name: 'By stage' }).waitFor();
    await expectAccessible(page);
    await shoot(page, 'segment-builder-en');

    // An impossible range is refused by the server, and the problem shows on the age row itself.
    await page.getByLabel('New condition').selectOption('age');
    await page.getByRole('button', { name: 'Add the condition' }).click();
    const ageRow = page.locator('.condition-row').filter({ has: page.getByRole('group', { name: 'Condition: Age' }) });
    await ageRow.getByLabel('At least').fill('50');
    await ageRow.getByLabel('At most').fill('20');
    await ageRow.getByRole('alert').waitFor({ timeout: 20_000 });
    expect(await ageRow.getByRole('alert').textContent()).toMatch(/age/);
    await page.getByRole('button', { name: 'Remove the condition Age' }).click();
    await expect.poll(() => liveCount(page), { timeout: 20_000 }).toBe(inLyon);

    // The JSON view follows the form.
    await page.getByText('Definition (JSON)').click();
    expect(JSON.parse(await page.getByLabel('Definition (JSON)').inputValue())).toMatchObject({ key: SEGMENT.key, where: { all: [{ geo: { city: ['Lyon'] } }] } });

    await page.getByRole('button', { name: 'Save the segment' }).click();
    await page.getByRole('heading', { name: new RegExp(SEGMENT.name) }).waitFor();
    await page.getByRole('heading', { name: 'By stage' }).waitFor();
    await page.getByRole('link', { name: 'Export as CSV' }).waitFor();
    await expectAccessible(page);
    await shoot(page, 'segment-en');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    const row = page.getByRole('row', { name: new RegExp(SEGMENT.name) });
    await row.getByText(SEGMENT.key).waitFor();
    await expect.poll(async () => Number((await row.locator('td.num').textContent())!.replace(/\D/g, '')), { timeout: 30_000 }).toBe(inLyon);
    await page.context().close();
  });

  it('shows the segment screens in French', { timeout: 60_000 }, async () => {
    const page = await signInDashboard(browser, e2e.url, ADMIN, 'fr-FR');
    await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('columnheader', { name: 'Taille' }).waitFor();
    await page.getByRole('columnheader', { name: 'État' }).waitFor();
    await page.getByRole('link', { name: SEGMENT.name }).click();
    await page.getByRole('heading', { name: 'Par étape' }).waitFor();
    await page.getByRole('heading', { name: 'Taille sur les 90 derniers jours' }).waitFor();
    await page.getByRole('link', { name: 'Exporter en CSV' }).waitFor();
    await page.getByRole('link', { name: 'Modifier' }).click();
    await page.getByRole('heading', { name: `Modifier ${SEGMENT.name}` }).waitFor();
    await page.getByRole('heading', { name: 'Comptage en direct' }).waitFor();
    await page.getByRole('group', { name: 'Critère : Lieu (pays, région, ville, code postal)' }).getByLabel('Villes').waitFor();
    expect(await page.getByLabel('Villes').inputValue()).toBe('Lyon');
    await expectAccessible(page);
    await shoot(page, 'segment-builder-fr');
    // Saving an edit makes a new version.
    await page.getByLabel('Description').fill('Tous nos contacts lyonnais');
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
    await page.getByText(/Clé lyon-contacts · version 2/).waitFor();
    await page.getByText('Tous nos contacts lyonnais').waitFor();
    await page.context().close();
  });

  it('lets a sales user read segments but not build one', { timeout: 60_000 }, async () => {
    const page = await signInDashboard(browser, e2e.url, SALES);
    await page.goto(`${e2e.url}/#/segments`);
    await page.getByRole('link', { name: SEGMENT.name }).waitFor();
    expect(await page.getByRole('link', { name: 'New segment' }).count()).toBe(0);
    await page.getByRole('link', { name: SEGMENT.name }).click();
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Export as CSV' }).count()).toBe(0);
    await page.context().close();
  });

  it('creates an audience from the segment, warns under the minimum, exports, syncs to Meta and lists the sync', { timeout: 90_000 }, async () => {
    const page = await signInDashboard(browser, e2e.url, ADMIN);
    await page.goto(`${e2e.url}/#/segments`);
    await page.getByRole('link', { name: SEGMENT.name }).click();
    await page.getByRole('link', { name: 'Create an audience from it' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Retargeting Lyon');
    await page.getByLabel('Google (Customer Match)').uncheck();
    await page.getByRole('button', { name: 'Create the audience' }).click();
    await page.getByRole('heading', { name: 'Retargeting Lyon' }).waitFor();
    // Two consenting people are far below the platforms' minimum: a warning, not a refusal (a city is not sensitive).
    await page.getByText('Fewer than 100 people can be sent', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Sync now' }).isEnabled()).toBe(true);
    const csvLink = page.getByRole('link', { name: 'Export for Meta (Facebook, Instagram) (CSV)' });
    const csv = await page.request.get(new URL((await csvLink.getAttribute('href'))!, e2e.url).toString());
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await page.getByRole('link', { name: /Export for Google/ }).count()).toBe(0);
    await page.getByText('No sync yet.').waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText('Sync finished: 2 added, 0 removed.').waitFor();
    const sync = page.getByRole('table', { name: 'Sync history' }).getByRole('row', { name: /Meta/ });
    await sync.getByText('done').waitFor();
    // Everyone else in Lyon is counted as left out, with the reason.
    expect(await sync.textContent()).toMatch(/no ad consent: \d+/);
    expect([...meta.audiences.values()].reduce((n, a) => n + a.members.size, 0)).toBe(2);
    await shoot(page, 'audience-en');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audiences' }).click();
    await page.getByRole('row', { name: /Retargeting Lyon/ }).getByRole('link', { name: SEGMENT.name }).waitFor();
    await page.context().close();
  });
});
