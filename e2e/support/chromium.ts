import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env['LEADPULSE_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => Boolean(p));

export const VISITOR_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Debian's Chromium, headless. `npm test` installs it first (scripts/ensure-chromium.mjs). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = CANDIDATES.find((path) => existsSync(path));
  if (!executablePath) throw new Error('Chromium not found: run `node scripts/ensure-chromium.mjs`, install Debian\'s chromium package, or set LEADPULSE_CHROMIUM.');
  return chromium.launch({
    executablePath,
    headless: true,
    // Root in a container has no user namespace for the sandbox; the pages are our own.
    // Headless Chromium announces itself as "HeadlessChrome", which LeadPulse rightly files as a bot (stored, never
    // classified). The switch, unlike a per-context override, also covers beacons sent while a page unloads.
    args: [`--user-agent=${VISITOR_AGENT}`, '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
}

/** A context for one visitor: French locale, their own cookies and storage. */
export function newVisitorContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
  return browser.newContext({ locale: 'fr-FR', ...options });
}
