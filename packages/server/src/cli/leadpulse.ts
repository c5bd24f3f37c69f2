#!/usr/bin/env node
import { readEnvironment } from '../config/load-config.js';
import { runCli } from './run-cli.js';

// `leadpulse report tunnel | head`: a reader that stops early is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: readEnvironment() };
const code = await runCli(process.argv.slice(2), io, {
  onStop: (handler) => {
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  },
});
process.exit(code);
