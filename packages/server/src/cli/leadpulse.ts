#!/usr/bin/env node
import { readEnvironment } from '../config/load-config.js';
import { runCli } from './run-cli.js';

const io = { stdout: process.stdout, stderr: process.stderr, env: readEnvironment() };
const code = await runCli(process.argv.slice(2), io, {
  onStop: (handler) => {
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  },
});
process.exit(code);
