import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Signs in through the sign-in form, in the browser's language, and waits for the main navigation. */
export async function signInDashboard(browser: Browser, url: string, user: { email: string; password: string }, locale = 'en-GB'): Promise<Page> {
  const french = locale.startsWith('fr');
  // bypassCSP lets the test inject axe-core; the dashboard itself runs under its strict policy.
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel(french ? 'E-mail' : 'Email').fill(user.email);
  await page.getByLabel(french ? 'Mot de passe' : 'Password').fill(user.password);
  await page.getByRole('button', { name: french ? 'Se connecter' : 'Sign in' }).click();
  await page.getByRole('navigation', { name: french ? 'Principal' : 'Main' }).waitFor();
  return page;
}

/** axe-core on the current screen: no serious or critical violation. */
export async function expectAccessible(page: Page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations).toEqual([]);
}
