#!/usr/bin/env node
// npm links this file as `leadpulse` at install time, before anything is built: it runs the compiled CLI, or says
// how to build it (the CLI serves the built dashboard and tracker, so running the sources would not be enough).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/leadpulse.js', import.meta.url);
if (existsSync(cli)) {
  await import(cli.href);
} else {
  process.stderr.write('leadpulse is not built yet: run `npm run build` at the root of the repository, then try again.\n');
  process.exit(1);
}
