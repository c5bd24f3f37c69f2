import { isConsentPurpose, CONSENT_PURPOSES } from '../consent/consent.js';
import { doctrineConditionIssues } from '../scenarios/validate-branch-condition.js';
import { SLUG } from '../scenarios/validate-scenario.js';
import { parseDuration } from '../shared/duration.js';
import { issue, type Issue } from '../shared/issue.js';
import { err, ok, type Result } from '../shared/result.js';
import { MAX_AGE } from './demographics.js';
import { AGE_BANDS, CHANNELS, GENDERS, SEGMENT_TRAIT_OPS, type SegmentCondition, type SegmentDefinition } from './segment.js';

type Path = (string | number)[];
type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a definition may refer to; a list that is absent is not checked. */
export interface SegmentKnown {
  readonly stages?: readonly string[];
  /** The saved segments by key (the one being validated may be among them: its new version replaces it). */
  readonly segments?: ReadonlyMap<string, SegmentDefinition>;
  readonly scenarios?: readonly string[];
  /** Trait names the workspace has seen; when given, a trait leaf naming another is refused. */
  readonly traits?: ReadonlySet<string>;
}

/** Limits that keep one evaluation cheap and one document readable. */
export const SEGMENT_LIMITS = { leaves: 200, depth: 12, listItems: 1000, bands: 20, nameLength: 200, descriptionLength: 2000 } as const;

/** Leaf kinds and the fields each may carry besides its own. */
const LEAVES: Readonly<Record<string, readonly string[]>> = {
  signal: ['atLeast', 'atMost', 'within'],
  event: ['where', 'atLeast', 'atMost', 'within'],
  score: [],
  predicted: [],
  trait: ['op', 'value'],
  age: [],
  ageBand: [],
  gender: [],
  household: [],
  geo: [],
  near: [],
  purchasingPower: [],
  spend: [],
  lastSeen: [],
  preferredChannel: [],
  activeAt: [],
  product: [],
  page: ['atLeast'],
  stage: [],
  stageWas: [],
  consent: [],
  scenario: ['ever'],
  segment: [],
};
const KINDS = ['all', 'any', 'not', ...Object.keys(LEAVES)];
const SLUG_TEXT = 'expected a slug of lowercase letters, digits, "-" or "_" (e.g. "warm-lyon")';

/** The segment keys a condition refers to, with the path of each reference. */
export function segmentReferences(where: unknown, path: Path = ['where']): { key: string; path: Path }[] {
  if (!isPlain(where)) return [];
  if (Array.isArray(where['all'])) return where['all'].flatMap((c, i) => segmentReferences(c, [...path, 'all', i]));
  if (Array.isArray(where['any'])) return where['any'].flatMap((c, i) => segmentReferences(c, [...path, 'any', i]));
  if ('not' in where) return segmentReferences(where['not'], [...path, 'not']);
  return typeof where['segment'] === 'string' ? [{ key: where['segment'], path: [...path, 'segment'] }] : [];
}

/**
 * Checks a segment definition and reports every problem with its path. Example: `validateSegment({ key: 'lyon',
 * name: 'Lyon', where: { all: [{ age: { atLeast: 45, atMost: 30 } }] } })` → an issue at `where.all.0.age`.
 */
export function validateSegment(input: unknown, known: SegmentKnown = {}): Result<SegmentDefinition, Issue[]> {
  const issues: Issue[] = [];
  const add = (code: string, path: Path, message: string): void => void issues.push(issue(code, path, message));
  if (!isPlain(input)) return err([issue('invalid_type', [], 'expected a segment object with key, name and where')]);
  for (const key of Object.keys(input)) if (!['key', 'name', 'description', 'where', 'purchasingPower'].includes(key)) add('unknown_key', [key], `unknown field "${key}"; expected key, name, description, where, purchasingPower`);

  const missing = (value: unknown) => (value === undefined ? 'missing_field' : 'invalid_type');
  /** A string that is not one of the accepted words is a wrong value; anything else, a wrong type. */
  const wrongWord = (value: unknown) => (typeof value === 'string' ? 'invalid_value' : missing(value));
  const text = (value: unknown, path: Path, max: number, optional = false) => {
    if (value === undefined && optional) return;
    if (typeof value !== 'string' || value.trim() === '') add(missing(value), path, 'expected a non-empty string');
    else if (value.length > max) add('invalid_value', path, `expected at most ${max} characters`);
  };
  const duration = (value: unknown, path: Path): number | null => {
    if (typeof value !== 'string') return add(missing(value), path, 'expected a duration such as "30d", "12h" or "45m"'), null;
    const parsed = parseDuration(value);
    if (!parsed.ok) return add('invalid_value', path, parsed.error), null;
    if (parsed.value <= 0) return add('invalid_value', path, 'expected a duration greater than zero'), null;
    return parsed.value;
  };
  const fields = (value: Plain, allowed: readonly string[], path: Path, what: string) => {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) add('unknown_key', [...path, key], `unknown field "${key}" in ${what}; expected ${allowed.join(', ')}`);
  };
  const number = (value: unknown, path: Path, options: { min?: number; max?: number; integer?: boolean } = {}): value is number => {
    const { min, max, integer } = options;
    if (typeof value !== 'number' || !Number.isFinite(value)) return add(missing(value), path, 'expected a number'), false;
    if (integer && !Number.isInteger(value)) return add('invalid_value', path, 'expected a whole number'), false;
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      return add('invalid_value', path, `expected a number${min !== undefined ? ` from ${min}` : ''}${max !== undefined ? ` up to ${max}` : ''}`), false;
    }
    return true;
  };
  /** `{ atLeast?, atMost? }` with at least one bound, low ≤ high. */
  const range = (value: unknown, path: Path, bounds: { min?: number; max?: number; integer?: boolean; extra?: readonly string[] } = {}) => {
    if (!isPlain(value)) return add(missing(value), path, 'expected { "atLeast": n } and/or { "atMost": n }');
    fields(value, ['atLeast', 'atMost', ...(bounds.extra ?? [])], path, 'a range');
    const { atLeast, atMost } = value;
    if (atLeast === undefined && atMost === undefined) return add('missing_field', path, 'a range needs "atLeast", "atMost" or both');
    const low = atLeast === undefined || number(atLeast, [...path, 'atLeast'], bounds);
    const high = atMost === undefined || number(atMost, [...path, 'atMost'], bounds);
    if (low && high && typeof atLeast === 'number' && typeof atMost === 'number' && atLeast > atMost) add('impossible_range', path, `"atLeast" (${atLeast}) is above "atMost" (${atMost}): nobody can match`);
  };
  const list = (value: unknown, path: Path, check: (item: unknown, itemPath: Path) => void, what = 'values') => {
    if (!Array.isArray(value) || value.length === 0) return add(Array.isArray(value) ? 'invalid_value' : missing(value), path, `expected a non-empty array of ${what}`);
    if (value.length > SEGMENT_LIMITS.listItems) return add('invalid_value', path, `expected at most ${SEGMENT_LIMITS.listItems} ${what}`);
    const seen = new Set<unknown>();
    value.forEach((item, i) => {
      check(item, [...path, i]);
      if (seen.has(item)) add('duplicate_value', [...path, i], `${JSON.stringify(item)} is listed twice`);
      seen.add(item);
    });
  };
  const oneOf = (options: readonly (string | number)[]) => (item: unknown, path: Path) => {
    if (!options.includes(item as string)) add('invalid_value', path, `expected one of ${options.join(', ')}`);
  };
  const words = (item: unknown, path: Path) => {
    if (typeof item !== 'string' || item.trim() === '' || item.length > 200) add('invalid_type', path, 'expected a non-empty string');
  };
  const reference = (value: unknown, path: Path, names: readonly string[] | undefined, what: string) => {
    if (typeof value !== 'string' || !SLUG.test(value)) return add(wrongWord(value), path, `expected the key of a ${what}`);
    if (names && !names.includes(value)) add('unknown_reference', path, `no ${what} has the key "${value}"`);
  };

  let leaves = 0;
  const condition = (value: unknown, path: Path, depth: number): void => {
    if (!isPlain(value)) return add(missing(value), path, `expected a condition object: ${KINDS.join(', ')}`);
    const kinds = KINDS.filter((k) => k in value);
    if (kinds.length !== 1) return add('invalid_value', path, kinds.length === 0 ? `unknown condition; expected one of ${KINDS.join(', ')}` : `a condition has exactly one kind, found ${kinds.join(' and ')}`);
    const kind = kinds[0]!;
    if (depth > SEGMENT_LIMITS.depth) return add('invalid_value', path, `conditions nest at most ${SEGMENT_LIMITS.depth} deep`);
    if (kind === 'all' || kind === 'any' || kind === 'not') {
      fields(value, [kind], path, `an ${kind} condition`);
      if (kind === 'not') return condition(value['not'], [...path, 'not'], depth + 1);
      const parts = value[kind];
      if (!Array.isArray(parts) || parts.length === 0) return add(Array.isArray(parts) ? 'invalid_value' : missing(parts), [...path, kind], 'expected a non-empty array of conditions');
      return parts.forEach((part, i) => condition(part, [...path, kind, i], depth + 1));
    }
    leaves += 1;
    if (leaves === SEGMENT_LIMITS.leaves + 1) add('invalid_value', path, `a segment holds at most ${SEGMENT_LIMITS.leaves} conditions`);
    fields(value, [kind, ...LEAVES[kind]!], path, `a ${kind} condition`);
    leaf(kind, value, path);
  };

  const leaf = (kind: string, value: Plain, path: Path): void => {
    const at = [...path, kind];
    const body = value[kind];
    switch (kind) {
      case 'signal':
      case 'event':
      case 'score':
      case 'predicted': {
        issues.push(...doctrineConditionIssues(value, path));
        const ranged = kind === 'score' || kind === 'predicted';
        const bounds = ranged ? (isPlain(body) ? body : {}) : value;
        if (typeof bounds['atLeast'] === 'number' && typeof bounds['atMost'] === 'number' && bounds['atLeast'] > bounds['atMost']) {
          add('impossible_range', ranged ? at : path, `"atLeast" (${bounds['atLeast']}) is above "atMost" (${bounds['atMost']}): nobody can match`);
        }
        return;
      }
      case 'trait':
        return trait(value, path);
      case 'age':
        return range(body, at, { min: 0, max: MAX_AGE });
      case 'ageBand':
        return list(body, at, oneOf(AGE_BANDS), 'age bands');
      case 'gender':
        return list(body, at, oneOf(GENDERS), 'genders');
      case 'household': {
        if (!isPlain(body)) return add(missing(body), at, 'expected { "size": { "atLeast": 3 } } and/or { "children": true }');
        fields(body, ['size', 'children'], at, 'a household condition');
        if (body['size'] === undefined && body['children'] === undefined) return add('missing_field', at, 'expected "size", "children" or both');
        if (body['size'] !== undefined) range(body['size'], [...at, 'size'], { min: 1, max: 50 });
        if (body['children'] !== undefined && typeof body['children'] !== 'boolean') add('invalid_type', [...at, 'children'], 'expected true or false');
        return;
      }
      case 'geo': {
        if (!isPlain(body)) return add(missing(body), at, 'expected { "country": [...], "region": [...], "city": [...], "postalCodePrefix": [...] }');
        const parts = ['country', 'region', 'city', 'postalCodePrefix'];
        fields(body, parts, at, 'a geo condition');
        if (!parts.some((p) => body[p] !== undefined)) return add('missing_field', at, `expected at least one of ${parts.join(', ')}`);
        for (const part of parts) if (body[part] !== undefined) list(body[part], [...at, part], words, 'names');
        return;
      }
      case 'near': {
        if (!isPlain(body)) return add(missing(body), at, 'expected { "latitude": 45.76, "longitude": 4.84, "withinKm": 20 }');
        fields(body, ['latitude', 'longitude', 'withinKm'], at, 'a near condition');
        number(body['latitude'], [...at, 'latitude'], { min: -90, max: 90 });
        number(body['longitude'], [...at, 'longitude'], { min: -180, max: 180 });
        if (number(body['withinKm'], [...at, 'withinKm'], { min: 0, max: 20_100 }) && body['withinKm'] === 0) add('invalid_value', [...at, 'withinKm'], 'expected a distance greater than zero');
        return;
      }
      case 'purchasingPower': {
        const declared = isPlain(input['purchasingPower']) && Array.isArray(input['purchasingPower']['bands']) ? (input['purchasingPower']['bands'] as unknown[]).map((b) => (isPlain(b) ? b['key'] : undefined)) : null;
        if (declared === null) add('missing_field', ['purchasingPower'], 'a purchasingPower condition needs the segment\'s "purchasingPower" bands');
        return list(body, at, (item, itemPath) => {
          if (typeof item !== 'string') add('invalid_type', itemPath, 'expected the key of a band');
          else if (declared && !declared.includes(item)) add('unknown_reference', itemPath, `no purchasing-power band has the key "${item}"; declared: ${declared.join(', ')}`);
        }, 'band keys');
      }
      case 'spend':
        range(body, at, { extra: ['within'] });
        if (isPlain(body) && body['within'] !== undefined) duration(body['within'], [...at, 'within']);
        return;
      case 'lastSeen': {
        if (!isPlain(body)) return add(missing(body), at, 'expected { "within": "30d" } and/or { "before": "90d" }');
        fields(body, ['within', 'before'], at, 'a lastSeen condition');
        if (body['within'] === undefined && body['before'] === undefined) return add('missing_field', at, 'expected "within", "before" or both');
        const within = body['within'] === undefined ? null : duration(body['within'], [...at, 'within']);
        const before = body['before'] === undefined ? null : duration(body['before'], [...at, 'before']);
        if (within !== null && before !== null && before >= within) add('impossible_range', at, `seen within ${String(body['within'])} yet quiet for ${String(body['before'])}: nobody can match`);
        return;
      }
      case 'preferredChannel':
        return list(body, at, oneOf(CHANNELS), 'channels');
      case 'activeAt': {
        if (!isPlain(body)) return add(missing(body), at, 'expected { "hours": [18, 23], "weekdays": [6, 7], "share": 0.5 }');
        fields(body, ['hours', 'weekdays', 'share'], at, 'an activeAt condition');
        if (body['hours'] === undefined && body['weekdays'] === undefined) return add('missing_field', at, 'expected "hours", "weekdays" or both');
        const hours = body['hours'];
        if (hours !== undefined) {
          if (!Array.isArray(hours) || hours.length !== 2) add('invalid_type', [...at, 'hours'], 'expected [from, to): local hours 0–24, e.g. [18, 23]');
          else if (number(hours[0], [...at, 'hours', 0], { min: 0, max: 23, integer: true }) && number(hours[1], [...at, 'hours', 1], { min: 1, max: 24, integer: true }) && hours[0] === hours[1]) {
            add('impossible_range', [...at, 'hours'], 'an empty span of hours: from and to are equal');
          }
        }
        if (body['weekdays'] !== undefined) list(body['weekdays'], [...at, 'weekdays'], (item, p) => void number(item, p, { min: 1, max: 7, integer: true }), 'ISO weekdays (1 = Monday … 7 = Sunday)');
        if (body['share'] !== undefined && number(body['share'], [...at, 'share'], { min: 0, max: 1 }) && body['share'] === 0) add('invalid_value', [...at, 'share'], 'expected a share above 0 (at most 1)');
        return;
      }
      case 'product': {
        if (!isPlain(body)) return add(missing(body), at, 'expected { "viewed": [...] } and/or { "bought": [...] }, with an optional "within"');
        fields(body, ['viewed', 'bought', 'within'], at, 'a product condition');
        if (body['viewed'] === undefined && body['bought'] === undefined) return add('missing_field', at, 'expected "viewed", "bought" or both');
        for (const part of ['viewed', 'bought']) if (body[part] !== undefined) list(body[part], [...at, part], words, 'product ids, SKUs or categories');
        if (body['within'] !== undefined) duration(body['within'], [...at, 'within']);
        return;
      }
      case 'page':
        if (typeof body !== 'string' || !body.startsWith('/') || body.length > 500) add(missing(body), at, 'expected a path pattern starting with "/", e.g. "/tarifs*"');
        if (value['atLeast'] !== undefined) number(value['atLeast'], [...path, 'atLeast'], { min: 1, integer: true });
        return;
      case 'stage':
        return list(body, at, (item, p) => reference(item, p, known.stages, 'stage'), 'stage keys');
      case 'stageWas':
        if (!isPlain(body)) return add(missing(body), at, 'expected { "stage": "hot", "within": "30d" }');
        fields(body, ['stage', 'within'], at, 'a stageWas condition');
        reference(body['stage'], [...at, 'stage'], known.stages, 'stage');
        duration(body['within'], [...at, 'within']);
        return;
      case 'consent':
        if (!isPlain(body)) return add(missing(body), at, 'expected { "purpose": "ad_audiences", "granted": true }');
        fields(body, ['purpose', 'granted'], at, 'a consent condition');
        if (!isConsentPurpose(body['purpose'])) add(wrongWord(body['purpose']), [...at, 'purpose'], `expected one of ${CONSENT_PURPOSES.join(', ')}`);
        if (typeof body['granted'] !== 'boolean') add(missing(body['granted']), [...at, 'granted'], 'expected true or false');
        return;
      case 'scenario':
        reference(body, at, known.scenarios, 'scenario');
        if (value['ever'] !== undefined && typeof value['ever'] !== 'boolean') add('invalid_type', [...path, 'ever'], 'expected true or false');
        return;
      case 'segment':
        reference(body, at, known.segments ? [...known.segments.keys(), ...(typeof input['key'] === 'string' ? [input['key']] : [])] : undefined, 'segment');
        return;
    }
  };

  const trait = (value: Plain, path: Path) => {
    const name = value['trait'];
    text(name, [...path, 'trait'], 100);
    if (typeof name === 'string' && known.traits && !known.traits.has(name)) add('unknown_reference', [...path, 'trait'], `no contact has the trait "${name}"`);
    const op = value['op'];
    const operand = value['value'];
    if (!(SEGMENT_TRAIT_OPS as readonly unknown[]).includes(op)) return add(wrongWord(op), [...path, 'op'], `expected an operator: ${SEGMENT_TRAIT_OPS.join(', ')}`);
    const at = [...path, 'value'];
    const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    const comparable = (v: unknown) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && Number.isFinite(Date.parse(v)));
    switch (op) {
      case 'exists':
      case 'missing':
      case 'isTrue':
      case 'isFalse':
        if (operand !== undefined) add('unknown_key', at, `the "${op}" operator takes no value`);
        return;
      case 'eq':
      case 'neq':
        if (!scalar(operand)) add(missing(operand), at, `the "${op}" operator needs a string, number or boolean`);
        return;
      case 'in':
      case 'notIn':
        return list(operand, at, (item, p) => void (scalar(item) || add('invalid_type', p, 'expected a string, number or boolean')), 'values');
      case 'prefix':
      case 'contains':
        if (typeof operand !== 'string' || operand === '') add(missing(operand), at, `the "${op}" operator needs a non-empty string`);
        return;
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        if (!comparable(operand)) add(missing(operand), at, `the "${op}" operator needs a number or an ISO date ("2024-01-31")`);
        return;
      case 'between': {
        if (!Array.isArray(operand) || operand.length !== 2) return add(missing(operand), at, 'the "between" operator needs [low, high]');
        const [low, high] = operand as unknown[];
        if (!comparable(low) || !comparable(high) || typeof low !== typeof high) return add('invalid_type', at, 'expected two numbers or two ISO dates');
        const a = typeof low === 'number' ? low : Date.parse(low as string);
        const b = typeof high === 'number' ? high : Date.parse(high as string);
        if (a > b) add('impossible_range', at, `the low bound ${JSON.stringify(low)} is above the high bound ${JSON.stringify(high)}: nobody can match`);
        return;
      }
      case 'within':
      case 'before':
        duration(operand, at);
        return;
    }
  };

  const bands = (value: unknown, path: Path) => {
    if (!isPlain(value)) return add(missing(value), path, 'expected { "measure": { "trait": "income" } or { "spend": { "within": "365d" } }, "bands": [...] }');
    fields(value, ['measure', 'bands'], path, 'purchasingPower');
    const measure = value['measure'];
    if (!isPlain(measure) || ('trait' in measure) === ('spend' in measure)) add(missing(measure), [...path, 'measure'], 'expected { "trait": "income" } or { "spend": { "within": "365d" } }');
    else if ('trait' in measure) {
      fields(measure, ['trait'], [...path, 'measure'], 'a measure');
      text(measure['trait'], [...path, 'measure', 'trait'], 100);
    } else {
      fields(measure, ['spend'], [...path, 'measure'], 'a measure');
      const spend = measure['spend'];
      if (!isPlain(spend)) add('invalid_type', [...path, 'measure', 'spend'], 'expected {} or { "within": "365d" }');
      else {
        fields(spend, ['within'], [...path, 'measure', 'spend'], 'a spend measure');
        if (spend['within'] !== undefined) duration(spend['within'], [...path, 'measure', 'spend', 'within']);
      }
    }
    const list = value['bands'];
    if (!Array.isArray(list) || list.length === 0 || list.length > SEGMENT_LIMITS.bands) return add(missing(list), [...path, 'bands'], `expected 1 to ${SEGMENT_LIMITS.bands} bands in ascending order`);
    const keys = new Set<string>();
    let previousTo: number | undefined | null = null;
    list.forEach((band, i) => {
      const at: Path = [...path, 'bands', i];
      if (!isPlain(band)) return add('invalid_type', at, 'expected { "key": "high", "from": 50000, "to": 100000 }');
      fields(band, ['key', 'from', 'to'], at, 'a band');
      const key = band['key'];
      if (typeof key !== 'string' || !SLUG.test(key)) add(wrongWord(key), [...at, 'key'], SLUG_TEXT);
      else if (keys.has(key)) add('duplicate_key', [...at, 'key'], `band key "${key}" is already used`);
      else keys.add(key);
      const from = band['from'] === undefined || number(band['from'], [...at, 'from']) ? (band['from'] as number | undefined) : null;
      const to = band['to'] === undefined || number(band['to'], [...at, 'to']) ? (band['to'] as number | undefined) : null;
      if (from === null || to === null) return;
      if (from !== undefined && to !== undefined && from >= to) add('impossible_range', at, `"from" (${from}) must be below "to" (${to})`);
      if (i > 0 && from === undefined) add('missing_field', [...at, 'from'], 'only the first band may be open below');
      if (i > 0 && previousTo === undefined) add('invalid_value', [...path, 'bands', i - 1, 'to'], 'only the last band may be open above');
      if (i > 0 && typeof previousTo === 'number' && from !== undefined && from < previousTo) add('overlapping_bands', [...at, 'from'], `bands must ascend without overlapping: "from" (${from}) is below the previous band's "to" (${previousTo})`);
      previousTo = to;
    });
  };

  if (typeof input['key'] !== 'string' || !SLUG.test(input['key'])) add(wrongWord(input['key']), ['key'], SLUG_TEXT);
  text(input['name'], ['name'], SEGMENT_LIMITS.nameLength);
  text(input['description'], ['description'], SEGMENT_LIMITS.descriptionLength, true);
  if (input['purchasingPower'] !== undefined) bands(input['purchasingPower'], ['purchasingPower']);
  condition(input['where'], ['where'], 0);
  if (typeof input['key'] === 'string') issues.push(...cycleIssues(input['key'], input['where'], known.segments));
  return issues.length > 0 ? err(issues) : ok(input as unknown as SegmentDefinition);
}

/** A reference that leads back to the segment itself, directly or through saved segments. */
function cycleIssues(self: string, where: unknown, saved: ReadonlyMap<string, SegmentDefinition> | undefined): Issue[] {
  const issues: Issue[] = [];
  for (const ref of segmentReferences(where)) {
    const trail = [ref.key];
    const visited = new Set<string>();
    const reaches = (key: string): boolean => {
      if (key === self) return true;
      if (visited.has(key)) return false;
      visited.add(key);
      const def = saved?.get(key);
      for (const next of def ? segmentReferences(def.where as unknown) : []) {
        trail.push(next.key);
        if (reaches(next.key)) return true;
        trail.pop();
      }
      return false;
    };
    if (reaches(ref.key)) issues.push(issue('segment_cycle', ref.path, `segment "${self}" refers to itself through ${[self, ...trail].join(' → ')}`));
  }
  return issues;
}

export type { SegmentCondition };
