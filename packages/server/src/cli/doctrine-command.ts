import { DOCTRINE_PRESETS, formatPath, validateDoctrine } from '@leadpulse/core';
import { EXIT, UsageError, type CliFlags, type CliIo } from './cli-io.js';
import { readJsonFile } from './read-json-file.js';
import { doctrineSuggestCommand } from './doctrine-suggest-command.js';
import { lineOfPath } from './json-lines.js';
import { openServer } from './open-server.js';

export const DOCTRINE_HELP = `Usage: leadpulse doctrine validate <file.json>
       leadpulse doctrine suggest [--horizon 90d] [--format table|json]
       leadpulse doctrine use <preset>

validate   Checks a doctrine document without touching any store. Each problem is printed as
           file:line: path: message (e.g. mine.json:14: stages[1].when.any[0].within: expected a duration such as "30d").
           Exit code 0 when valid, 2 when not.
suggest    Replays every contact's history under each preset (${Object.keys(DOCTRINE_PRESETS).join(', ')})
           without saving, and ranks them by how well their stages sort buyers: conversion by stage, whether
           the stages are ordered, concordance and share left unknown. Exit code 1 when there are not both
           buyers and non-buyers among contacts first seen at least the horizon ago.
  --horizon 90d      how long after first contact a purchase counts (default 90d)
  --format           table (default) or json
use        Makes a preset the active doctrine (a new version) and replays every contact under it.

See docs/doctrine.md for the rule language and when each preset fits.`;

export async function doctrineCommand(io: CliIo, positionals: string[], flags: CliFlags): Promise<number> {
  const [action, argument] = positionals;
  if (action === 'suggest') return doctrineSuggestCommand(io, flags);
  if (action === 'use') return usePreset(io, argument, flags);
  if (action !== 'validate') throw new UsageError(DOCTRINE_HELP);
  return validateFile(io, argument);
}

async function usePreset(io: CliIo, preset: string | undefined, flags: CliFlags): Promise<number> {
  const doctrine = preset === undefined ? undefined : DOCTRINE_PRESETS[preset];
  if (!doctrine) throw new UsageError(`${preset ? `Unknown preset "${preset}". ` : 'Missing the preset. '}Presets: ${Object.keys(DOCTRINE_PRESETS).join(', ')}.`);
  const { server } = await openServer(io, flags);
  try {
    const result = await server.app.putDoctrine(doctrine, { note: `preset ${preset}` });
    if (!result.ok) throw new Error(result.error.message);
    const { version, report } = result.value;
    io.stdout.write(`Doctrine version ${version.version} is preset ${preset}; ${report.contacts} contacts replayed, ${report.changed} moved.\n`);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}

function validateFile(io: CliIo, file: string | undefined): number {
  const { text, json } = readJsonFile(file, `Missing the doctrine file.\n\n${DOCTRINE_HELP}`);
  const result = validateDoctrine(json);
  if (result.ok) {
    io.stdout.write(`${file}: valid doctrine "${result.value.name}" with stages ${result.value.stages.map((s) => s.key).join(' > ')} > ${result.value.fallback.key}\n`);
    return EXIT.ok;
  }
  for (const issue of result.error) io.stderr.write(`${file}:${lineOfPath(text, issue.path)}: ${formatPath(issue.path) || '(document)'}: ${issue.message}\n`);
  io.stderr.write(`${result.error.length} problem(s) found.\n`);
  return EXIT.usage;
}
