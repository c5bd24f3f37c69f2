// Browser tests drive Debian's Chromium with playwright-core. This finds it, installs it when it can (root with
// apt-get, as on CI), and otherwise stops the test run with what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [process.env.LEADPULSE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
const found = () => CANDIDATES.find((path) => existsSync(path));

function apt(...args) {
  execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

if (!found()) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    console.error('Chromium is missing: installing Debian\'s chromium package for the browser tests (about a minute)…');
    try {
      apt('install', '-y', '--no-install-recommends', 'chromium');
    } catch {
      apt('update');
      apt('install', '-y', '--no-install-recommends', 'chromium');
    }
  }
}
const path = found();
if (!path) {
  console.error(
    [
      'The browser tests need Chromium, and it was not found.',
      '  Debian or Ubuntu: sudo apt-get install chromium',
      '  elsewhere: install Chromium or Chrome and set LEADPULSE_CHROMIUM=/path/to/the/browser',
    ].join('\n'),
  );
  process.exit(1);
}
console.error(`browser tests: ${path}`);
