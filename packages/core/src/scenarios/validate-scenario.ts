import { DAY, parseDuration } from '../shared/duration.js';
import { issue, type Issue } from '../shared/issue.js';
import { controlGroupIssues, variantIssues } from '../campaigns/validate-measurement.js';
import { err, ok, type Result } from '../shared/result.js';
import { isTimeZone, parseLocalTime } from './local-time.js';
import { WEEKDAYS, type Scenario } from './scenario.js';
import { cycleWithoutWait } from './step-graph.js';
import { branchConditionIssues, propertyFilterIssues } from './validate-branch-condition.js';

type Path = (string | number)[];
type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Scenario keys, step ids and template keys: `warm-follow-up`, `first_email`. */
export const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Template keys, as the template store accepts them: no "_". */
const TEMPLATE_KEY = /^[a-z0-9][a-z0-9-]{0,79}$/;
const SLUG_TEXT = 'expected a slug of lowercase letters, digits, "-" or "_" (e.g. "warm-follow-up")';
const TOP_LEVEL = ['key', 'name', 'description', 'trigger', 'steps', 'exit', 'reentry', 'timezone', 'frequencyCap', 'controlGroup'];
const TRIGGER_FIELDS: Record<string, string[]> = {
  stage_entered: ['stage'],
  stage_left: ['stage'],
  event: ['event', 'where'],
  date: ['trait', 'offset', 'at'],
  recurring: ['every', 'from', 'at', 'times', 'event', 'where'],
  segment_entered: ['segment'],
};
const STEP_FIELDS: Record<string, string[]> = {
  wait: ['next', 'duration', 'at', 'weekdays', 'event', 'where', 'timeout', 'onTimeout'],
  branch: ['if', 'then', 'else'],
  send_email: ['next', 'template', 'variants'],
  send_sms: ['next', 'template', 'variants'],
  sales_alert: ['next', 'to', 'webhook', 'template'],
  task: ['next', 'title', 'assignee', 'due'],
  webhook: ['next', 'url'],
  update_contact: ['next', 'traits'],
  exit: [],
};
const EXIT_FIELDS: Record<string, string[]> = { event: ['event', 'where'], stage: ['stage'], trigger_stage_left: [], unsubscribed: [] };
const REENTRY_FIELDS: Record<string, string[]> = { never: [], after: ['cooldown'], always: [] };

/** What the store knows, to refuse names that lead nowhere: the doctrine's stage keys and the template keys. */
export interface ScenarioKnowns {
  readonly stages?: readonly string[];
  readonly templates?: ReadonlySet<string>;
}

/**
 * Checks a scenario document and reports every problem with its path and what was expected.
 * Example: `validateScenario(JSON.parse(text), { stages: ['hot', 'warm'] })` → `{ ok: false, error: [{ path: ['steps', 2, 'then'], … }] }`.
 */
export function validateScenario(input: unknown, known: ScenarioKnowns = {}): Result<Scenario, Issue[]> {
  const issues: Issue[] = [];
  const add = (code: string, path: Path, message: string): void => void issues.push(issue(code, path, message));
  if (!isPlain(input)) return err([issue('invalid_type', [], 'expected a scenario object')]);

  const fields = (value: Plain, allowed: readonly string[], path: Path, what: string) => {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) add('unknown_key', [...path, key], `unknown field "${key}" in ${what}; expected ${allowed.join(', ') || 'no other field'}`);
  };
  const missing = (value: unknown) => (value === undefined ? 'missing_field' : 'invalid_type');
  const text = (value: unknown, path: Path, options: { optional?: boolean } = {}) => {
    if (value === undefined && options.optional) return;
    if (typeof value !== 'string' || value.trim() === '') add(missing(value), path, 'expected a non-empty string');
  };
  const slug = (value: unknown, path: Path) => {
    if (typeof value !== 'string' || !SLUG.test(value)) add(value === undefined ? 'missing_field' : 'invalid_value', path, SLUG_TEXT);
  };
  const duration = (value: unknown, path: Path, options: { signed?: boolean; optional?: boolean } = {}) => {
    if (value === undefined && options.optional) return;
    if (typeof value !== 'string') return add(missing(value), path, `expected a duration such as ${options.signed ? '"-7d", ' : ''}"30d", "12h" or "45m"`);
    const negative = options.signed === true && value.trim().startsWith('-');
    const parsed = parseDuration(negative ? value.trim().slice(1) : value);
    if (!parsed.ok) add('invalid_value', path, parsed.error);
    else if (parsed.value <= 0 && !options.signed) add('invalid_value', path, 'expected a duration greater than zero');
  };
  const localTime = (value: unknown, path: Path) => {
    if (value === undefined) return;
    if (typeof value !== 'string' || parseLocalTime(value) === null) add('invalid_value', path, `expected a local time of day as "HH:MM" (24 h), e.g. "09:00", got ${JSON.stringify(value)}`);
  };
  const stage = (value: unknown, path: Path) => {
    if (typeof value !== 'string' || value === '') return add(missing(value), path, 'expected a stage key');
    if (known.stages && !known.stages.includes(value)) add('unknown_stage', path, `unknown stage "${value}"; the doctrine has ${known.stages.join(', ')}`);
  };
  const template = (value: unknown, path: Path) => {
    if (typeof value !== 'string' || !TEMPLATE_KEY.test(value)) return add(value === undefined ? 'missing_field' : 'invalid_value', path, 'expected a template key of lowercase letters, digits and "-" (e.g. "warm-follow-up")');
    if (known.templates && !known.templates.has(value)) add('unknown_template', path, `no template "${value}"; create it first or name one of ${[...known.templates].sort().join(', ') || '(none yet)'}`);
  };
  const url = (value: unknown, path: Path) => {
    if (typeof value !== 'string' || !/^https?:\/\/[^\s/]+\S*$/.test(value)) add(typeof value === 'string' ? 'invalid_value' : missing(value), path, 'expected an http(s) URL');
  };
  const assignee = (value: unknown, path: Path) => {
    if (value === 'owner') return;
    if (isPlain(value) && Object.keys(value).length === 1 && typeof value['email'] === 'string' && /^[^\s@]+@[^\s@]+$/.test(value['email'])) return;
    add(missing(value), path, 'expected "owner" (the contact\'s owner) or { "email": "team@example.com" }');
  };
  const where = (value: unknown, path: Path) => {
    if (value !== undefined) issues.push(...propertyFilterIssues(value, path));
  };
  const kindOf = (value: Plain, field: string, allowed: Record<string, string[]>, path: Path, what: string, common: readonly string[] = []): string | null => {
    const kind = value[field];
    if (typeof kind !== 'string' || !(kind in allowed)) {
      add(kind === undefined ? 'missing_field' : 'invalid_value', [...path, field], `unknown ${what} ${JSON.stringify(kind)}; expected one of ${Object.keys(allowed).join(', ')}`);
      return null;
    }
    fields(value, [...common, field, ...allowed[kind]!], path, `a ${kind} ${what}`);
    return kind;
  };

  for (const key of Object.keys(input)) if (!TOP_LEVEL.includes(key)) add('unknown_key', [key], `unknown field "${key}"; expected one of ${TOP_LEVEL.join(', ')}`);
  slug(input['key'], ['key']);
  text(input['name'], ['name']);
  text(input['description'], ['description'], { optional: true });
  if (input['timezone'] !== undefined && (typeof input['timezone'] !== 'string' || !isTimeZone(input['timezone']))) {
    add('invalid_value', ['timezone'], `unknown time zone ${JSON.stringify(input['timezone'])}; expected an IANA name such as "Europe/Paris" or "UTC"`);
  }

  // Trigger
  const trigger = input['trigger'];
  let triggerType: string | null = null;
  if (!isPlain(trigger)) add(missing(trigger), ['trigger'], 'expected a trigger such as { "type": "stage_entered", "stage": "hot" }');
  else {
    triggerType = kindOf(trigger, 'type', TRIGGER_FIELDS, ['trigger'], 'trigger');
    if (triggerType === 'stage_entered' || triggerType === 'stage_left') stage(trigger['stage'], ['trigger', 'stage']);
    if (triggerType === 'event') text(trigger['event'], ['trigger', 'event']);
    if (triggerType === 'event' || triggerType === 'recurring') where(trigger['where'], ['trigger', 'where']);
    if (triggerType === 'segment_entered') text(trigger['segment'], ['trigger', 'segment']);
    if (triggerType === 'date') {
      text(trigger['trait'], ['trigger', 'trait']);
      duration(trigger['offset'], ['trigger', 'offset'], { signed: true, optional: true });
      localTime(trigger['at'], ['trigger', 'at']);
    }
    if (triggerType === 'recurring') {
      duration(trigger['every'], ['trigger', 'every']);
      text(trigger['from'], ['trigger', 'from']);
      localTime(trigger['at'], ['trigger', 'at']);
      const times = trigger['times'];
      if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) add('invalid_value', ['trigger', 'times'], 'expected a whole number of occurrences, 1 or more');
      const every = typeof trigger['every'] === 'string' ? parseDuration(trigger['every']) : null;
      if (trigger['at'] !== undefined && every?.ok && every.value % DAY !== 0) add('invalid_value', ['trigger', 'every'], 'a rhythm at a local time of day needs "every" in whole days ("1d", "7d", "30d")');
      if (trigger['from'] === 'enrolment') text(trigger['event'], ['trigger', 'event']);
      else if (trigger['event'] !== undefined) add('invalid_value', ['trigger', 'event'], 'only a rhythm "from": "enrolment" is started by an event; a rhythm from a date trait starts when the trait is set');
    }
  }

  // Steps: shapes first, then the references between them, then the loops.
  const steps = input['steps'];
  const ids = new Map<string, number>();
  const duplicates = new Set<number>();
  const sendSteps = new Set<string>();
  let stepsSound = Array.isArray(steps) && steps.length > 0;
  if (!Array.isArray(steps) || steps.length === 0) add(steps === undefined ? 'missing_field' : 'invalid_type', ['steps'], 'expected a non-empty array of steps');
  else {
    steps.forEach((step, i) => {
      if (!isPlain(step)) return;
      if (typeof step['id'] === 'string' && ids.has(step['id'])) duplicates.add(i);
      else if (typeof step['id'] === 'string') ids.set(step['id'], i);
      if ((step['type'] === 'send_email' || step['type'] === 'send_sms') && typeof step['id'] === 'string') sendSteps.add(step['id']);
    });
    const reference = (value: unknown, path: Path, options: { optional?: boolean } = {}) => {
      if (value === undefined && options.optional) return;
      if (typeof value !== 'string' || value === '') return add(missing(value), path, 'expected a step id');
      if (!ids.has(value)) add('unknown_step', path, `no step "${value}"; expected one of ${[...ids.keys()].join(', ')}`);
    };
    steps.forEach((step, i) => {
      const path: Path = ['steps', i];
      if (!isPlain(step)) {
        stepsSound = false;
        return add('invalid_type', path, 'expected a step object with an id and a type');
      }
      slug(step['id'], [...path, 'id']);
      if (duplicates.has(i)) add('duplicate_key', [...path, 'id'], `step id "${String(step['id'])}" is already used by steps[${ids.get(String(step['id']))}]`);
      const type = kindOf(step, 'type', STEP_FIELDS, path, 'step', ['id']);
      if (type === null) return void (stepsSound = false);
      if ('next' in step) reference(step['next'], [...path, 'next']);
      switch (type) {
        case 'wait': {
          const timed = ['duration', 'at', 'weekdays'].filter((k) => step[k] !== undefined);
          if (step['event'] === undefined) {
            if (timed.length === 0) add('missing_field', path, 'a wait needs a "duration", an "at" local time (with optional "weekdays"), or an "event" with a "timeout"');
            for (const k of ['where', 'timeout', 'onTimeout']) if (step[k] !== undefined) add('invalid_value', [...path, k], `"${k}" belongs to a wait for an event: add "event"`);
          } else {
            text(step['event'], [...path, 'event']);
            where(step['where'], [...path, 'where']);
            duration(step['timeout'], [...path, 'timeout'], { optional: true });
            reference(step['onTimeout'], [...path, 'onTimeout'], { optional: true });
            if (step['onTimeout'] !== undefined && step['timeout'] === undefined) add('missing_field', [...path, 'timeout'], '"onTimeout" needs a "timeout"');
            for (const k of timed) add('invalid_value', [...path, k], `a wait for an event ends with the event or its "timeout"; "${k}" belongs to a timed wait`);
          }
          duration(step['duration'], [...path, 'duration'], { optional: true });
          localTime(step['at'], [...path, 'at']);
          const weekdays = step['weekdays'];
          if (weekdays !== undefined) {
            if (!Array.isArray(weekdays) || weekdays.length === 0) add('invalid_type', [...path, 'weekdays'], `expected a non-empty array of ${WEEKDAYS.join(', ')}`);
            else weekdays.forEach((d, k) => (WEEKDAYS as readonly unknown[]).includes(d) || add('invalid_value', [...path, 'weekdays', k], `unknown weekday ${JSON.stringify(d)}; expected one of ${WEEKDAYS.join(', ')}`));
            if (step['at'] === undefined) add('missing_field', [...path, 'at'], 'weekdays need a local time of day: "at": "09:00"');
          }
          break;
        }
        case 'branch':
          issues.push(...branchConditionIssues(step['if'], [...path, 'if'], { stages: known.stages, sendSteps }));
          reference(step['then'], [...path, 'then']);
          reference(step['else'], [...path, 'else']);
          break;
        case 'send_email':
        case 'send_sms':
          template(step['template'], [...path, 'template']);
          issues.push(...variantIssues(step['variants'], [...path, 'variants'], template));
          break;
        case 'sales_alert':
          assignee(step['to'], [...path, 'to']);
          if (step['webhook'] !== undefined) url(step['webhook'], [...path, 'webhook']);
          if (step['template'] !== undefined) template(step['template'], [...path, 'template']);
          break;
        case 'task':
          text(step['title'], [...path, 'title']);
          assignee(step['assignee'], [...path, 'assignee']);
          duration(step['due'], [...path, 'due']);
          break;
        case 'webhook':
          url(step['url'], [...path, 'url']);
          break;
        case 'update_contact': {
          const traits = step['traits'];
          if (!isPlain(traits) || Object.keys(traits).length === 0) add(missing(traits), [...path, 'traits'], 'expected the traits to set, e.g. { "followedUp": true }');
          break;
        }
      }
    });
    // Loops are only traced through a sound graph: unique ids, known types, references that resolve.
    const graphSound = stepsSound && !issues.some((i) => i.path[0] === 'steps' && ['duplicate_key', 'unknown_step', 'missing_field'].includes(i.code) && ['id', 'next', 'then', 'else', 'onTimeout'].includes(String(i.path[2])));
    if (graphSound) {
      const loop = cycleWithoutWait(steps as Scenario['steps']);
      if (loop) add('cycle_without_wait', ['steps', ids.get(loop[0]!)!], `steps ${loop.join(' → ')} loop without a wait; put a wait in the loop so that each turn moves the clock`);
    }
  }

  // Exit rules and re-entry
  const exit = input['exit'];
  if (!Array.isArray(exit)) add(missing(exit), ['exit'], 'expected an array of exit rules (it may be empty)');
  else {
    exit.forEach((rule, i) => {
      const path: Path = ['exit', i];
      if (!isPlain(rule)) return add('invalid_type', path, 'expected an exit rule such as { "type": "event", "event": "Order Completed" }');
      const type = kindOf(rule, 'type', EXIT_FIELDS, path, 'exit rule');
      if (type === 'event') {
        text(rule['event'], [...path, 'event']);
        where(rule['where'], [...path, 'where']);
      }
      if (type === 'stage') stage(rule['stage'], [...path, 'stage']);
      if (type === 'trigger_stage_left' && triggerType !== null && triggerType !== 'stage_entered') add('invalid_value', [...path, 'type'], '"trigger_stage_left" needs a "stage_entered" trigger');
    });
  }
  const reentry = input['reentry'];
  if (!isPlain(reentry)) add(missing(reentry), ['reentry'], 'expected { "policy": "never" }, { "policy": "after", "cooldown": "30d" } or { "policy": "always" }');
  else if (kindOf(reentry, 'policy', REENTRY_FIELDS, ['reentry'], 'reentry policy') === 'after') duration(reentry['cooldown'], ['reentry', 'cooldown']);

  const cap = input['frequencyCap'];
  if (cap !== undefined) {
    if (!isPlain(cap)) add('invalid_type', ['frequencyCap'], 'expected { "messages": 2, "within": "7d" }');
    else {
      fields(cap, ['messages', 'within'], ['frequencyCap'], 'a frequency cap');
      const messages = cap['messages'];
      if (typeof messages !== 'number' || !Number.isInteger(messages) || messages < 1) add(missing(messages), ['frequencyCap', 'messages'], 'expected a whole number of messages, 1 or more');
      duration(cap['within'], ['frequencyCap', 'within']);
    }
  }
  issues.push(...controlGroupIssues(input['controlGroup'], ['controlGroup']));
  return issues.length > 0 ? err(issues) : ok(input as unknown as Scenario);
}
