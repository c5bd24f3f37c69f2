import { existsSync, readFileSync } from 'node:fs';
import { formatPath, validateDoctrine } from '@leadpulse/core';
import { EXIT, UsageError, type CliIo } from './cli-io.js';
import { lineOfPath } from './json-lines.js';

export const DOCTRINE_HELP = `Usage: leadpulse doctrine validate <file.json>

Checks a doctrine document without touching any store. Each problem is printed as
file:line: path: message (e.g. mine.json:14: stages[1].when.any[0].within: expected a duration such as "30d").
Exit code 0 when valid, 2 when not. See docs/doctrine.md for the rule language.`;

export function doctrineCommand(io: CliIo, positionals: string[]): number {
  const [action, file] = positionals;
  if (action !== 'validate') throw new UsageError(DOCTRINE_HELP);
  if (!file) throw new UsageError(`Missing the doctrine file.\n\n${DOCTRINE_HELP}`);
  if (!existsSync(file)) throw new UsageError(`${file}: no such file.`);
  const text = readFileSync(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const message = (cause as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : 1;
    io.stderr.write(`${file}:${line}: not valid JSON: ${message}\n`);
    return EXIT.usage;
  }
  const result = validateDoctrine(json);
  if (result.ok) {
    io.stdout.write(`${file}: valid doctrine "${result.value.name}" with stages ${result.value.stages.map((s) => s.key).join(' > ')} > ${result.value.fallback.key}\n`);
    return EXIT.ok;
  }
  for (const issue of result.error) io.stderr.write(`${file}:${lineOfPath(text, issue.path)}: ${formatPath(issue.path) || '(document)'}: ${issue.message}\n`);
  io.stderr.write(`${result.error.length} problem(s) found.\n`);
  return EXIT.usage;
}
