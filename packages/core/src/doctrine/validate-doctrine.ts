import { parseDuration } from '../shared/duration.js';
import { issue, type Issue } from '../shared/issue.js';
import { err, ok, type Result } from '../shared/result.js';
import { SIGNALS, TEMPERATURES, TRAIT_OPS, type Doctrine } from './doctrine.js';
import { channelCapsIssues, sendingPolicyIssues } from './validate-sending-policy.js';

type Path = (string | number)[];
type Plain = Record<string, unknown>;

const KEY = /^[a-z][a-z0-9_-]{0,39}$/;
const TOP_LEVEL = ['name', 'preset', 'description', 'stages', 'fallback', 'offerPages', 'microConversions', 'cartAbandonAfter', 'sessionGap', 'points', 'sending'];
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a doctrine document and reports every problem with its path and what was expected.
 * Example: `validateDoctrine(JSON.parse(text))` → `{ ok: false, error: [{ path: ['stages', 1, 'when', 'within'], … }] }`.
 */
export function validateDoctrine(input: unknown): Result<Doctrine, Issue[]> {
  const issues: Issue[] = [];
  const add = (code: string, path: Path, message: string): void => void issues.push(issue(code, path, message));
  if (!isPlain(input)) return err([issue('invalid_type', [], 'expected a doctrine object')]);

  for (const key of Object.keys(input)) if (!TOP_LEVEL.includes(key)) add('unknown_key', [key], `unknown field "${key}"; expected one of ${TOP_LEVEL.join(', ')}`);
  const text = (value: unknown, path: Path, options: { optional?: boolean } = {}) => {
    if (value === undefined && options.optional) return;
    if (typeof value !== 'string' || value.trim() === '') add(value === undefined ? 'missing_field' : 'invalid_type', path, 'expected a non-empty string');
  };
  const duration = (value: unknown, path: Path, options: { allowNone?: boolean } = {}) => {
    if (options.allowNone && value === 'none') return;
    if (typeof value !== 'string') return add(value === undefined ? 'missing_field' : 'invalid_type', path, 'expected a duration such as "30d", "12h" or "45m"');
    const parsed = parseDuration(value);
    if (!parsed.ok) add('invalid_value', path, parsed.error);
    else if (parsed.value <= 0) add('invalid_value', path, 'expected a duration greater than zero');
  };
  const labels = (value: unknown, path: Path) => {
    if (!isPlain(value)) return add(value === undefined ? 'missing_field' : 'invalid_type', path, 'expected labels as { "en": "…", "fr": "…" }');
    text(value['en'], [...path, 'en']);
    text(value['fr'], [...path, 'fr']);
  };
  const stringList = (value: unknown, path: Path, check?: (item: string, itemPath: Path) => void) => {
    if (!Array.isArray(value)) return add(value === undefined ? 'missing_field' : 'invalid_type', path, 'expected an array of strings');
    value.forEach((item, i) => {
      if (typeof item !== 'string' || item === '') add('invalid_type', [...path, i], 'expected a non-empty string');
      else check?.(item, [...path, i]);
    });
  };
  const count = (value: unknown, path: Path) => {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) add('invalid_value', path, 'expected a number of 0 or more');
  };

  const propertyFilter = (value: unknown, path: Path) => {
    const expected = 'expected properties with a value or a list of values, e.g. { "outcome": ["interested", "callback"] }';
    if (!isPlain(value) || Object.keys(value).length === 0) return add('invalid_type', path, expected);
    for (const [property, wanted] of Object.entries(value)) {
      const values = Array.isArray(wanted) ? wanted : [wanted];
      if (values.length === 0 || !values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) add('invalid_value', [...path, property], `${expected}; a value is a string, number or boolean`);
    }
  };

  const followUp = (value: unknown, path: Path) => {
    if (!isPlain(value)) return add('invalid_type', path, 'expected { "scenario": "<scenario key>", "frequencyCap": { "messages": 2, "within": "7d" } }');
    for (const key of Object.keys(value)) if (!['scenario', 'frequencyCap', 'caps'].includes(key)) add('unknown_key', [...path, key], `unknown field "${key}"; expected scenario, frequencyCap, caps`);
    if (value['caps'] !== undefined) issues.push(...channelCapsIssues(value['caps'], [...path, 'caps']));
    if (value['scenario'] !== undefined && (typeof value['scenario'] !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(value['scenario']))) add('invalid_value', [...path, 'scenario'], 'expected the key of a scenario, e.g. "warm-follow-up"');
    const cap = value['frequencyCap'];
    if (cap === undefined) return;
    if (!isPlain(cap)) return add('invalid_type', [...path, 'frequencyCap'], 'expected { "messages": 2, "within": "7d" }');
    if (typeof cap['messages'] !== 'number' || !Number.isInteger(cap['messages']) || cap['messages'] < 0) add('invalid_value', [...path, 'frequencyCap', 'messages'], 'expected a whole number of messages, 0 or more');
    duration(cap['within'], [...path, 'frequencyCap', 'within']);
  };

  const condition = (value: unknown, path: Path): void => {
    if (!isPlain(value)) return add(value === undefined ? 'missing_field' : 'invalid_type', path, 'expected a condition object: all, any, not, signal, event, trait, score or predicted');
    const kinds = ['all', 'any', 'not', 'signal', 'event', 'trait', 'score', 'predicted'].filter((k) => k in value);
    if (kinds.length !== 1) {
      return add('invalid_value', path, kinds.length === 0 ? 'expected one of all, any, not, signal, event, trait, score or predicted' : `a condition has exactly one kind, found ${kinds.join(' and ')}`);
    }
    const kind = kinds[0]!;
    const allowed: Record<string, string[]> = {
      all: ['all'],
      any: ['any'],
      not: ['not'],
      signal: ['signal', 'atLeast', 'atMost', 'within'],
      event: ['event', 'where', 'atLeast', 'atMost', 'within'],
      trait: ['trait', 'op', 'value'],
      score: ['score'],
      predicted: ['predicted'],
    };
    for (const key of Object.keys(value)) if (!allowed[kind]!.includes(key)) add('unknown_key', [...path, key], `unknown field "${key}" in a ${kind} condition; expected ${allowed[kind]!.join(', ')}`);
    if (kind === 'all' || kind === 'any') {
      const parts = value[kind];
      if (!Array.isArray(parts) || parts.length === 0) return add('invalid_type', [...path, kind], 'expected a non-empty array of conditions');
      parts.forEach((part, i) => condition(part, [...path, kind, i]));
    } else if (kind === 'not') condition(value['not'], [...path, 'not']);
    else if (kind === 'signal' || kind === 'event') {
      if (kind === 'signal' && !(SIGNALS as readonly unknown[]).includes(value['signal'])) {
        add('invalid_value', [...path, 'signal'], `unknown signal ${JSON.stringify(value['signal'])}; expected one of ${SIGNALS.join(', ')}`);
      }
      if (kind === 'event') text(value['event'], [...path, 'event']);
      if (kind === 'event' && value['where'] !== undefined) propertyFilter(value['where'], [...path, 'where']);
      count(value['atLeast'], [...path, 'atLeast']);
      count(value['atMost'], [...path, 'atMost']);
      if (value['within'] !== undefined) duration(value['within'], [...path, 'within']);
    } else if (kind === 'trait') {
      text(value['trait'], [...path, 'trait']);
      const op = value['op'];
      if (!(TRAIT_OPS as readonly unknown[]).includes(op)) add(op === undefined ? 'missing_field' : 'invalid_value', [...path, 'op'], `expected an operator: ${TRAIT_OPS.join(', ')}`);
      else if (op === 'within' || op === 'before') duration(value['value'], [...path, 'value']);
      else if (op === 'in' && !Array.isArray(value['value'])) add('invalid_type', [...path, 'value'], 'expected an array of values for "in"');
      else if (op !== 'exists' && value['value'] === undefined) add('missing_field', [...path, 'value'], `the "${String(op)}" operator needs a value`);
    } else if (kind === 'predicted') {
      const range = value['predicted'];
      if (!isPlain(range) || (range['atLeast'] === undefined && range['atMost'] === undefined)) return add('invalid_type', [...path, 'predicted'], 'expected { "atLeast": 0.2 } and/or { "atMost": 0.5 }: a probability between 0 and 1');
      for (const bound of ['atLeast', 'atMost'] as const) {
        const p = range[bound];
        if (p !== undefined && (typeof p !== 'number' || !(p >= 0 && p <= 1))) add('invalid_value', [...path, 'predicted', bound], 'expected a probability between 0 and 1 (0.2 for 20 %)');
      }
    } else {
      const score = value['score'];
      if (!isPlain(score) || (score['atLeast'] === undefined && score['atMost'] === undefined)) add('invalid_type', [...path, 'score'], 'expected { "atLeast": n } and/or { "atMost": n }');
      else {
        count(score['atLeast'], [...path, 'score', 'atLeast']);
        count(score['atMost'], [...path, 'score', 'atMost']);
      }
    }
  };

  /** A rule per occurrence (signal or event, cap), a threshold (with atLeast, within) or a trait comparison. */
  const pointRule = (rule: Plain, path: Path) => {
    const kinds = ['signal', 'event', 'trait'].filter((k) => k in rule);
    if (kinds.length !== 1) return add('invalid_value', path, 'a point rule reads exactly one of "signal", "event" or "trait"');
    const kind = kinds[0]!;
    const threshold = kind !== 'trait' && rule['atLeast'] !== undefined;
    const allowed = ['id', 'points', kind, ...(kind === 'trait' ? ['op', 'value'] : ['atLeast', 'within']), ...(kind === 'event' ? ['where'] : []), ...(kind === 'trait' || threshold ? [] : ['cap'])];
    for (const key of Object.keys(rule)) {
      if (allowed.includes(key)) continue;
      const why = key === 'cap' ? 'a threshold or trait rule gives its points once: there is nothing to cap' : `expected ${allowed.join(', ')}`;
      add('unknown_key', [...path, key], `unknown field "${key}" in a ${kind} point rule; ${why}`);
    }
    if (kind === 'trait') return condition({ trait: rule['trait'], op: rule['op'], ...('value' in rule ? { value: rule['value'] } : {}) }, path);
    if (kind === 'signal' && !(SIGNALS as readonly unknown[]).includes(rule['signal'])) add('invalid_value', [...path, 'signal'], `unknown signal ${JSON.stringify(rule['signal'])}; expected one of ${SIGNALS.join(', ')}`);
    if (kind === 'event') text(rule['event'], [...path, 'event']);
    if (kind === 'event' && rule['where'] !== undefined) propertyFilter(rule['where'], [...path, 'where']);
    const atLeast = rule['atLeast'];
    if (atLeast !== undefined && (typeof atLeast !== 'number' || !Number.isFinite(atLeast) || atLeast < 1)) add('invalid_value', [...path, 'atLeast'], 'expected a threshold of 1 or more');
    if (rule['within'] !== undefined) {
      if (atLeast === undefined) add('invalid_value', [...path, 'within'], 'a window needs "atLeast": the rule then gives its points once the count reaches it within the window');
      else duration(rule['within'], [...path, 'within']);
    }
    count(rule['cap'], [...path, 'cap']);
  };

  text(input['name'], ['name']);
  text(input['preset'], ['preset'], { optional: true });
  text(input['description'], ['description'], { optional: true });
  const keys = new Map<string, Path>();
  const stageKey = (value: unknown, path: Path) => {
    if (typeof value !== 'string' || !KEY.test(value)) return add(value === undefined ? 'missing_field' : 'invalid_value', path, 'expected a key of lowercase letters, digits, "-" or "_", starting with a letter (e.g. "hot")');
    if (keys.has(value)) add('duplicate_key', path, `stage key "${value}" is already used`);
    keys.set(value, path);
  };
  const stages = input['stages'];
  if (!Array.isArray(stages) || stages.length === 0) add(stages === undefined ? 'missing_field' : 'invalid_type', ['stages'], 'expected a non-empty array of stages in precedence order');
  else {
    stages.forEach((stage, i) => {
      const path: Path = ['stages', i];
      if (!isPlain(stage)) return add('invalid_type', path, 'expected a stage object with key, labels and when');
      for (const key of Object.keys(stage)) if (!['key', 'labels', 'description', 'temperature', 'when', 'followUp'].includes(key)) add('unknown_key', [...path, key], `unknown field "${key}"; expected key, labels, description, temperature, when, followUp`);
      if (stage['followUp'] !== undefined) followUp(stage['followUp'], [...path, 'followUp']);
      stageKey(stage['key'], [...path, 'key']);
      labels(stage['labels'], [...path, 'labels']);
      text(stage['description'], [...path, 'description'], { optional: true });
      if (stage['temperature'] !== undefined && !(TEMPERATURES as readonly unknown[]).includes(stage['temperature'])) add('invalid_value', [...path, 'temperature'], `expected one of ${TEMPERATURES.join(', ')}`);
      condition(stage['when'], [...path, 'when']);
    });
  }
  const fallback = input['fallback'];
  if (!isPlain(fallback)) add(fallback === undefined ? 'missing_field' : 'invalid_type', ['fallback'], 'expected the fallback stage as { "key": "unknown", "labels": { … } }');
  else {
    stageKey(fallback['key'], ['fallback', 'key']);
    labels(fallback['labels'], ['fallback', 'labels']);
  }
  stringList(input['offerPages'], ['offerPages'], (item, path) => {
    if (!item.startsWith('/')) add('invalid_value', path, 'expected a path pattern starting with "/", e.g. "/tarifs*"');
  });
  stringList(input['microConversions'], ['microConversions']);
  duration(input['cartAbandonAfter'], ['cartAbandonAfter']);
  duration(input['sessionGap'], ['sessionGap']);
  const points = input['points'];
  if (!isPlain(points)) add(points === undefined ? 'missing_field' : 'invalid_type', ['points'], 'expected { "halfLife": "30d", "rules": [ … ] }');
  else {
    duration(points['halfLife'], ['points', 'halfLife'], { allowNone: true });
    const rules = points['rules'];
    if (!Array.isArray(rules)) add('invalid_type', ['points', 'rules'], 'expected an array of point rules');
    else {
      const ids = new Set<string>();
      rules.forEach((rule, i) => {
        const path: Path = ['points', 'rules', i];
        if (!isPlain(rule)) return add('invalid_type', path, 'expected { "id", "signal", "event" or "trait", "points", "cap"? }');
        if (typeof rule['id'] !== 'string' || rule['id'] === '') add('missing_field', [...path, 'id'], 'expected a non-empty id');
        else if (ids.has(rule['id'])) add('duplicate_key', [...path, 'id'], `point rule id "${rule['id']}" is already used`);
        else ids.add(rule['id']);
        pointRule(rule, path);
        if (typeof rule['points'] !== 'number' || !Number.isFinite(rule['points'])) add('invalid_type', [...path, 'points'], 'expected a number of points');
      });
    }
  }
  if (input['sending'] !== undefined) issues.push(...sendingPolicyIssues(input['sending'], ['sending']));
  return issues.length > 0 ? err(issues) : ok(input as unknown as Doctrine);
}
