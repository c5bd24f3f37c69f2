import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { contactId, formatPath, validateScenario, type DomainError, type Issue } from '@leadpulse/core';
import type { SimulationInput, SimulationResult } from '../app/scenario-app.js';
import type { ScenarioRecord } from '../app/scenario-ports.js';
import { EXIT, printTable, UsageError, type CliFlags, type CliIo } from './cli-io.js';
import { lineOfPath } from './json-lines.js';
import { openServer } from './open-server.js';
import { readJsonFile } from './read-json-file.js';

export const SCENARIOS_HELP = `Usage: leadpulse scenarios list [--format table|json]
       leadpulse scenarios validate <file.json>
       leadpulse scenarios import <file.json>
       leadpulse scenarios export [key] [--out file.json]
       leadpulse scenarios simulate <key> [--from DATE] [--until DATE] [--contact ID]... [--events file.ndjson] [--format table|json]

list       Every scenario with its status, version, trigger and active enrolments.
validate   Checks a file holding one scenario or an array of them, without touching any store. Each problem is
           printed as file:line: path: message (e.g. follow-ups.json:12: [1].steps[0].then: no step has the id "call").
           Stages and templates are checked against the store by import. Exit code 0 when valid, 2 when not.
import     Creates each scenario of the file, or stores a new version of the scenario with the same key (running
           enrolments move to it by step id). Imported scenarios keep their status: new ones are drafts.
export     Prints every scenario as a JSON array (or the one with this key, as an object), ready for import.
  --out FILE         write to this file instead of stdout
simulate   A dry run on a virtual clock: who would enrol, what would be sent on which day, where they would exit.
           Nothing is stored or sent.
  --from, --until    the virtual clock's start and end (YYYY-MM-DD or ISO date-time; default 30 days before now, and 90 days after --from)
  --contact ID       run these stored contacts (repeat the flag); default: the first live contacts
  --events FILE      run the contacts built from these NDJSON Segment events alone (one event per line)
  --format           table (default) or json

See docs/scenarios.md for the scenario document.`;

export async function scenariosCommand(io: CliIo, positionals: string[], flags: CliFlags): Promise<number> {
  const [action, argument] = positionals;
  if (action === 'validate') return validateFile(io, argument);
  if (action === 'list') return list(io, flags);
  if (action === 'import') return importFile(io, argument, flags);
  if (action === 'export') return exportScenarios(io, argument, flags);
  if (action === 'simulate') return simulate(io, argument, flags);
  throw new UsageError(`${action ? `Unknown action "${action}".` : 'Missing the action.'}\n\n${SCENARIOS_HELP}`);
}

/** The scenarios of a JSON file (one object or an array), with the path prefix that locates each in the file. */
interface ScenarioFile {
  readonly file: string;
  readonly text: string;
  readonly items: readonly { readonly input: unknown; readonly at: readonly number[] }[];
}

function readScenarioFile(file: string | undefined): ScenarioFile {
  const { text, json } = readJsonFile(file, `Missing the scenario file.\n\n${SCENARIOS_HELP}`);
  const items = Array.isArray(json) ? json.map((input, index) => ({ input, at: [index] })) : [{ input: json, at: [] }];
  if (items.length === 0) throw new UsageError(`${file}: the array holds no scenario.`);
  return { file: file!, text, items };
}

const issueLine = (source: ScenarioFile, at: readonly number[], issue: Pick<Issue, 'path' | 'message'>) => {
  const path = [...at, ...issue.path];
  return `${source.file}:${lineOfPath(source.text, path)}: ${formatPath(path) || '(document)'}: ${issue.message}\n`;
};

/** Every problem of every scenario in the file, offline: the document's shape, and keys repeated within the file. */
function offlineIssues(source: ScenarioFile): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const { input, at } of source.items) {
    const result = validateScenario(input);
    if (!result.ok) {
      lines.push(...result.error.map((issue) => issueLine(source, at, issue)));
      continue;
    }
    if (seen.has(result.value.key)) lines.push(issueLine(source, at, { path: ['key'], message: `the key "${result.value.key}" appears twice in this file` }));
    seen.add(result.value.key);
  }
  return lines;
}

function validateFile(io: CliIo, file: string | undefined): number {
  const source = readScenarioFile(file);
  const problems = offlineIssues(source);
  if (problems.length > 0) {
    for (const line of problems) io.stderr.write(line);
    io.stderr.write(`${problems.length} problem(s) found.\n`);
    return EXIT.usage;
  }
  const keys = source.items.map(({ input }) => (input as { key: string }).key);
  io.stdout.write(`${source.file}: ${keys.length === 1 ? `valid scenario "${keys[0]}"` : `${keys.length} valid scenarios: ${keys.join(', ')}`}\n`);
  return EXIT.ok;
}

const triggerText = (record: ScenarioRecord) => {
  const trigger = record.scenario.trigger;
  if (trigger.type === 'stage_entered' || trigger.type === 'stage_left') return `${trigger.type} ${trigger.stage}`;
  if (trigger.type === 'event') return `event "${trigger.event}"`;
  if (trigger.type === 'date') return `date ${trigger.trait}${trigger.offset ? ` ${trigger.offset}` : ''}`;
  if (trigger.type === 'recurring') return `every ${trigger.every} from ${trigger.from}`;
  return `segment ${trigger.segment}`;
};

async function list(io: CliIo, flags: CliFlags): Promise<number> {
  const format = formatFlag(flags);
  const { server } = await openServer(io, flags);
  try {
    const views = await server.app.scenarios.list();
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(views.map((v) => ({ ...v.record, createdAt: iso(v.record.createdAt), updatedAt: iso(v.record.updatedAt), atStep: v.atStep })), null, 2)}\n`);
      return EXIT.ok;
    }
    if (views.length === 0) {
      io.stdout.write('No scenarios yet. Import some with: leadpulse scenarios import <file.json>\n');
      return EXIT.ok;
    }
    const rows = views.map(({ record, atStep }) => [record.key, record.status, String(record.version), String(Object.values(atStep).reduce((a, b) => a + b, 0)), triggerText(record), record.scenario.name]);
    printTable(io, [['key', 'status', 'version', 'enrolled', 'trigger', 'name'], ...rows]);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}

async function importFile(io: CliIo, file: string | undefined, flags: CliFlags): Promise<number> {
  const source = readScenarioFile(file);
  const problems = offlineIssues(source);
  if (problems.length > 0) {
    for (const line of problems) io.stderr.write(line);
    io.stderr.write(`${problems.length} problem(s) found; nothing was imported.\n`);
    return EXIT.usage;
  }
  const { server } = await openServer(io, flags);
  try {
    const existing = new Map((await server.app.scenarios.list()).map((v) => [v.record.key, v.record]));
    let refused = 0;
    for (const { input, at } of source.items) {
      const key = (input as { key: string }).key;
      const previous = existing.get(key);
      const saved = previous ? await server.app.scenarios.update(previous.id, input, { migrate: 'by_step' }) : await server.app.scenarios.create(input);
      if (saved.ok) {
        io.stdout.write(`${previous ? 'Updated' : 'Created'} ${key}: version ${saved.value.version}, ${saved.value.status}.\n`);
        continue;
      }
      refused++;
      writeRefusal(io, source, at, key, saved.error);
    }
    if (refused > 0) {
      io.stderr.write(`${refused} of ${source.items.length} scenario(s) refused.\n`);
      return EXIT.usage;
    }
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}

function writeRefusal(io: CliIo, source: ScenarioFile, at: readonly number[], key: string, error: DomainError) {
  if (error.issues && error.issues.length > 0) for (const issue of error.issues) io.stderr.write(issueLine(source, at, issue));
  else io.stderr.write(`${source.file}:${lineOfPath(source.text, [...at])}: ${key}: ${error.message}\n`);
}

async function exportScenarios(io: CliIo, key: string | undefined, flags: CliFlags): Promise<number> {
  const out = typeof flags['out'] === 'string' ? flags['out'] : undefined;
  const { server } = await openServer(io, flags);
  try {
    const documents = (await server.app.scenarios.list()).map((v) => v.record.scenario);
    const chosen = key === undefined ? documents : documents.find((d) => d.key === key);
    if (chosen === undefined) throw new UsageError(`No scenario has the key "${key}". Keys: ${documents.map((d) => d.key).join(', ') || 'none yet'}.`);
    const text = `${JSON.stringify(chosen, null, 2)}\n`;
    if (!out) return void io.stdout.write(text), EXIT.ok;
    writeFileSync(out, text);
    io.stderr.write(`Wrote ${Array.isArray(chosen) ? chosen.length : 1} scenario(s) to ${out}.\n`);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}

async function simulate(io: CliIo, key: string | undefined, flags: CliFlags): Promise<number> {
  if (!key) throw new UsageError(`Missing the scenario's key.\n\n${SCENARIOS_HELP}`);
  const format = formatFlag(flags);
  const input: SimulationInput = {
    ...instantFlag(flags, 'from'),
    ...instantFlag(flags, 'until'),
    ...(flags['contact'] ? { contactIds: [flags['contact']].flat().map((id) => contactId(String(id))) } : {}),
    ...(typeof flags['events'] === 'string' ? { events: readEvents(flags['events']) } : {}),
  };
  const { server } = await openServer(io, flags);
  try {
    const record = (await server.app.scenarios.list()).find((v) => v.record.key === key)?.record;
    if (!record) throw new UsageError(`No scenario has the key "${key}".`);
    const result = await server.app.scenarios.simulate(record.id, input);
    if (!result.ok) throw new UsageError(`${result.error.message}${(result.error.issues ?? []).map((i) => `\n  ${formatPath(i.path) || '(input)'}: ${i.message}`).join('')}`);
    printSimulation(io, result.value, format);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}

function printSimulation(io: CliIo, run: SimulationResult, format: 'table' | 'json') {
  const lines = run.lines.map((l) => ({ ...l, at: iso(l.at) }));
  if (format === 'json') return void io.stdout.write(`${JSON.stringify({ ...run, from: iso(run.from), until: iso(run.until), lines }, null, 2)}\n`);
  if (lines.length > 0) printTable(io, [['at', 'contact', 'what', 'step', 'detail'], ...lines.map((l) => [l.at.slice(0, 16).replace('T', ' '), l.contactId ?? '', l.what, l.stepId ?? '', l.detail])]);
  io.stdout.write(`${run.contacts} contact(s), ${run.enrolled} enrolled, ${run.sends} send(s) from ${iso(run.from).slice(0, 10)} to ${iso(run.until).slice(0, 10)}. Dry run: nothing was stored or sent.\n`);
}

/** NDJSON events for a dry run; a bad line is named by file and line. */
function readEvents(file: string): unknown[] {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file.`);
  const events: unknown[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        events.push(JSON.parse(line));
      } catch (cause) {
        throw new UsageError(`${file}:${index + 1}: not valid JSON: ${(cause as Error).message}`);
      }
    });
  return events;
}

const iso = (ms: number) => new Date(ms).toISOString();

function instantFlag(flags: CliFlags, name: 'from' | 'until'): { from?: number; until?: number } {
  const raw = flags[name];
  if (raw === undefined) return {};
  const text = typeof raw === 'string' ? raw.trim() : '';
  const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`--${name}: expected a date such as 2026-01-31 or an ISO date-time, got "${String(raw)}".`);
  return { [name]: at };
}

function formatFlag(flags: CliFlags): 'table' | 'json' {
  const format = flags['format'] ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format: expected table or json, got "${String(format)}".`);
  return format;
}
