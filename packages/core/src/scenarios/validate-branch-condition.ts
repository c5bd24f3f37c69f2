import { validateDoctrine } from '../doctrine/validate-doctrine.js';
import { issue, type Issue } from '../shared/issue.js';

type Path = readonly (string | number)[];
type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

// The doctrine validator owns the condition language; a condition is checked there, inside a minimal doctrine,
// and its issues are moved back under the scenario's path. One set of rules, one set of messages.
const WHEN: Path = ['stages', 0, 'when'];
function doctrineAround(when: unknown): Plain {
  return {
    name: 'scenario condition',
    stages: [{ key: 'condition', labels: { en: 'condition', fr: 'condition' }, when }],
    fallback: { key: 'unknown', labels: { en: 'unknown', fr: 'unknown' } },
    offerPages: [],
    microConversions: [],
    cartAbandonAfter: '1h',
    sessionGap: '30m',
    points: { halfLife: 'none', rules: [] },
  };
}
function issuesUnder(result: ReturnType<typeof validateDoctrine>, inner: Path, path: Path): Issue[] {
  if (result.ok) return [];
  return result.error
    .filter((i) => inner.every((part, k) => i.path[k] === part))
    .map((i) => issue(i.code, [...path, ...i.path.slice(inner.length)], i.message));
}

/** Issues of a doctrine condition (`signal`, `event`, `trait`, `score`, combinators), under `path`. */
export function doctrineConditionIssues(condition: unknown, path: Path): Issue[] {
  return issuesUnder(validateDoctrine(doctrineAround(condition)), WHEN, path);
}

/** Issues of an event property filter (`{ "plan": ["pro", "team"] }`), under `path`. */
export function propertyFilterIssues(where: unknown, path: Path): Issue[] {
  return issuesUnder(validateDoctrine(doctrineAround({ event: 'filtered', where })), [...WHEN, 'where'], path);
}

export interface BranchConditionContext {
  /** Stage keys a `stage` test may name; any when absent. */
  readonly stages?: readonly string[];
  /** Ids of the scenario's email and SMS steps, which a `sent` test may name. */
  readonly sendSteps: ReadonlySet<string>;
}

const SCENARIO_KINDS = ['stage', 'eventSince', 'sent'] as const;
const KINDS = ['all', 'any', 'not', ...SCENARIO_KINDS, 'signal', 'event', 'trait', 'score'] as const;
const ALLOWED: Record<(typeof SCENARIO_KINDS)[number], string[]> = { stage: ['stage'], eventSince: ['eventSince', 'where'], sent: ['sent', 'engaged'] };

/**
 * Issues of a branch's `if`: the doctrine's condition language, plus `stage`, `eventSince` and `sent`, combined
 * with all, any and not. Example: `{ "not": { "sent": "first-email", "engaged": "opened" } }`.
 */
export function branchConditionIssues(value: unknown, path: Path, context: BranchConditionContext): Issue[] {
  if (!isPlain(value)) return [issue(value === undefined ? 'missing_field' : 'invalid_type', path, `expected a condition object: ${KINDS.join(', ')}`)];
  const kinds = KINDS.filter((k) => k in value);
  if (kinds.length !== 1) {
    return [issue('invalid_value', path, kinds.length === 0 ? `expected one of ${KINDS.join(', ')}` : `a condition has exactly one kind, found ${kinds.join(' and ')}`)];
  }
  const kind = kinds[0]!;
  const issues: Issue[] = [];
  const add = (code: string, at: Path, message: string) => void issues.push(issue(code, at, message));
  if (kind === 'all' || kind === 'any') {
    for (const key of Object.keys(value)) if (key !== kind) add('unknown_key', [...path, key], `unknown field "${key}" in an ${kind} condition`);
    const parts = value[kind];
    if (!Array.isArray(parts) || parts.length === 0) return [...issues, issue('invalid_type', [...path, kind], 'expected a non-empty array of conditions')];
    parts.forEach((part, i) => issues.push(...branchConditionIssues(part, [...path, kind, i], context)));
    return issues;
  }
  if (kind === 'not') {
    for (const key of Object.keys(value)) if (key !== 'not') add('unknown_key', [...path, key], 'unknown field in a not condition');
    return [...issues, ...branchConditionIssues(value['not'], [...path, 'not'], context)];
  }
  if (kind !== 'stage' && kind !== 'eventSince' && kind !== 'sent') return doctrineConditionIssues(value, path);

  for (const key of Object.keys(value)) if (!ALLOWED[kind].includes(key)) add('unknown_key', [...path, key], `unknown field "${key}" in a ${kind} condition; expected ${ALLOWED[kind].join(', ')}`);
  if (kind === 'stage') {
    const stage = value['stage'];
    const list = Array.isArray(stage) ? stage : [stage];
    if (list.length === 0 || !list.every((s) => typeof s === 'string' && s !== '')) add('invalid_type', [...path, 'stage'], 'expected a stage key or a non-empty array of stage keys');
    else if (context.stages) {
      list.forEach((s, i) => {
        if (!context.stages!.includes(s as string)) add('unknown_stage', Array.isArray(stage) ? [...path, 'stage', i] : [...path, 'stage'], `unknown stage "${String(s)}"; the doctrine has ${context.stages!.join(', ')}`);
      });
    }
  } else if (kind === 'eventSince') {
    if (typeof value['eventSince'] !== 'string' || value['eventSince'].trim() === '') add('invalid_type', [...path, 'eventSince'], 'expected an event name');
    if (value['where'] !== undefined) issues.push(...propertyFilterIssues(value['where'], [...path, 'where']));
  } else {
    const sent = value['sent'];
    if (typeof sent !== 'string' || sent === '') add('invalid_type', [...path, 'sent'], 'expected the id of an email or SMS step of this scenario, or "*" for any');
    else if (sent !== '*' && !context.sendSteps.has(sent)) add('unknown_step', [...path, 'sent'], `no email or SMS step "${sent}" in this scenario; expected one of ${[...context.sendSteps].join(', ') || '(none)'} or "*"`);
    if (value['engaged'] !== 'opened' && value['engaged'] !== 'clicked') add(value['engaged'] === undefined ? 'missing_field' : 'invalid_value', [...path, 'engaged'], 'expected "opened" or "clicked"');
  }
  return issues;
}
