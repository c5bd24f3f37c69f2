import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newVisitorContext } from './support/chromium.js';
import { quickDoctrine, startE2eServer, type E2eServer } from './support/e2e-server.js';
import { waitFor } from './support/wait-for.js';

let browser: Browser;
let lp: E2eServer;

beforeAll(async () => {
  [browser, lp] = await Promise.all([launchChromium(), startE2eServer({ doctrine: quickDoctrine() })]);
});
afterAll(async () => {
  await browser?.close();
  await lp?.close();
});

const stageOf = async (by: { anonymousId?: string; userId?: string; email?: string }) => {
  const found = await lp.server.app.lookupContact(by);
  return found.ok ? found.value.record : undefined;
};
const reachStage = (by: Parameters<typeof stageOf>[0], stage: string) =>
  waitFor(`contact ${JSON.stringify(by)} to be ${stage}`, async () => {
    const record = await stageOf(by);
    if (record?.stage === stage) return record;
    // Thrown, so that a timeout says where the contact stood.
    throw new Error(record ? `it is ${record.stage}, tallies ${JSON.stringify(Object.fromEntries(Object.entries(record.state.tallies).map(([k, t]) => [k, t.sum])))}` : 'no such contact');
  });

describe('a visitor on the demo site, in real Chromium', () => {
  it('turns cold by browsing, warm by downloading the white paper, then hot by leaving a cart, and the reasons say why', async () => {
    // The sales team already knows this person from the CRM, without any web history.
    await lp.server.app.ingest([{ type: 'identify', userId: 'crm-4812', traits: { email: 'claire.martin@example.fr', firstName: 'Claire' } }], { receivedAt: Date.now() });

    const context = await newVisitorContext(browser, { acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${lp.site.url}/`);
    await page.getByRole('button', { name: 'Accepter' }).click();
    const anonymousId = await page.evaluate(() => (window as unknown as { leadpulse: { anonymousId(): string } }).leadpulse.anonymousId());
    expect(anonymousId).toMatch(/[0-9a-f-]{32,}/);

    // Three pages, each read for a couple of seconds.
    await page.waitForTimeout(1800);
    await page.getByRole('link', { name: 'Fonctionnalités' }).first().click();
    await page.waitForTimeout(1800);
    await page.getByRole('link', { name: 'Tarifs' }).first().click();
    await page.waitForTimeout(1800);
    await page.getByRole('link', { name: 'Contact' }).first().click();
    const cold = await reachStage({ anonymousId }, 'cold');
    expect(cold.state.tallies['page']?.n).toBeGreaterThanOrEqual(3);
    expect(cold.state.tallies['engaged']?.sum).toBeGreaterThanOrEqual(4);
    expect(cold.email).toBeNull();

    // The white paper, behind a form: identified by email, and the download itself is tracked.
    await page.goto(`${lp.site.url}/livre-blanc`);
    await page.getByLabel('Prénom').fill('Claire');
    await page.getByLabel('Nom', { exact: true }).fill('Martin');
    await page.getByLabel('Email professionnel').fill('Claire.Martin@example.fr');
    await page.getByLabel('Entreprise').fill('Optique Vincent');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.waitForURL('**/livre-blanc/merci');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'télécharger le PDF' }).click();
    expect((await download).suggestedFilename()).toBe('livre-blanc-conversion.pdf');

    await reachStage({ userId: 'crm-4812' }, 'warm');
    // The form and the download travel in separate requests: wait for both.
    const warm = await waitFor('the download', async () => {
      const record = await stageOf({ userId: 'crm-4812' });
      return record?.state.tallies['e:Document Downloaded'] ? record : undefined;
    });
    expect(warm.stage).toBe('warm');
    expect(warm.email).toBe('claire.martin@example.fr');
    // The anonymous pages from before the form now belong to the CRM contact.
    expect(warm.state.tallies['page']?.n).toBeGreaterThanOrEqual(5);
    expect(warm.state.tallies['e:Document Downloaded']?.n).toBe(1);
    expect(warm.state.tallies['e:Form Submitted']?.n).toBe(1);
    const view = await lp.server.app.getContact(warm.id);
    expect(view.ok && view.value.identities.map((identity) => `${identity.kind}:${identity.value}`)).toEqual(
      expect.arrayContaining(['user:crm-4812', 'email:claire.martin@example.fr', `anonymous:${anonymousId}`]),
    );
    expect(warm.state.traits).toMatchObject({ firstName: 'Claire', lastName: 'Martin', company: 'Optique Vincent' });

    // A cart, then nothing: after the abandonment delay (3 s in this doctrine) the contact is hot.
    await page.goto(`${lp.site.url}/boutique`);
    await page.getByRole('button', { name: 'Ajouter au panier' }).nth(1).click();
    await page.waitForTimeout(300);
    await page.close();
    const hot = await reachStage({ userId: 'crm-4812' }, 'hot');
    const reasons = hot.reasons.flatMap((reason) => reason.conditions.map((condition) => condition.text));
    expect(reasons.join(' | ')).toMatch(/abandoned cart/i);
    expect(hot.reasons[0]!.conditions[0]!.evidence.length).toBeGreaterThan(0);

    const history = await lp.server.app.contactHistory(hot.id);
    // The CRM contact's own history: the browsing (cold) happened on the anonymous contact merged into it.
    expect(history.ok && history.value.map((change) => change.to).slice(-2)).toEqual(['warm', 'hot']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
