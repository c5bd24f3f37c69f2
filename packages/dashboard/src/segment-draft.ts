/**
 * A segment being built in the form: a tree of all/any groups (optionally negated) whose leaves are rows of text
 * fields, one row per condition. `toDefinition` turns it into the segment language (docs/segments.md) and says which
 * row sits at which path, so the API's issues (`where.all.0.age.atLeast`) land next to their row; `fromDefinition`
 * reads a saved definition back. A leaf the rows cannot hold exactly stays a JSON row, so nothing is ever lost.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const LEAF_KINDS = [
  'trait', 'age', 'ageBand', 'gender', 'household', 'geo', 'near', 'purchasingPower', 'spend', 'lastSeen', 'preferredChannel',
  'activeAt', 'product', 'page', 'signal', 'event', 'score', 'stage', 'stageWas', 'consent', 'scenario', 'segment', 'json',
] as const;
export type LeafKind = (typeof LEAF_KINDS)[number];

export interface RowNode {
  readonly type: 'row';
  readonly id: string;
  readonly kind: LeafKind;
  /** The inputs as typed: lists are comma-separated, numbers are text until sent. */
  readonly fields: Readonly<Record<string, string>>;
}
export interface GroupNode {
  readonly type: 'group';
  readonly id: string;
  readonly combine: 'all' | 'any';
  readonly negated: boolean;
  readonly children: readonly DraftNode[];
}
export type DraftNode = RowNode | GroupNode;

export interface PowerDraft {
  readonly measure: 'trait' | 'spend';
  readonly trait: string;
  readonly within: string;
  readonly bands: readonly { readonly key: string; readonly from: string; readonly to: string }[];
}

export interface SegmentDraft {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly root: GroupNode;
  readonly power: PowerDraft | null;
}

let counter = 0;
/** Ids only tell rows apart in the form (React keys, issue placement); they are never sent. */
export const newId = () => `n${++counter}`;

/** The fields a new row of each kind starts with. */
export function blankRow(kind: LeafKind): RowNode {
  const start: Record<LeafKind, Record<string, string>> = {
    trait: { name: '', op: 'eq', value: '' },
    age: { atLeast: '', atMost: '' },
    ageBand: { values: '' },
    gender: { values: '' },
    household: { sizeAtLeast: '', sizeAtMost: '', children: '' },
    geo: { country: '', region: '', city: '', postalCodePrefix: '' },
    near: { latitude: '', longitude: '', withinKm: '' },
    purchasingPower: { values: '' },
    spend: { atLeast: '', atMost: '', within: '' },
    lastSeen: { mode: 'within', duration: '30d' },
    preferredChannel: { values: '' },
    activeAt: { hoursFrom: '', hoursTo: '', weekdays: '', share: '' },
    product: { mode: 'viewed', values: '', within: '' },
    page: { page: '', atLeast: '1' },
    signal: { name: 'pageViews', atLeast: '1', atMost: '', within: '30d' },
    event: { name: '', atLeast: '1', atMost: '', within: '', where: '' },
    score: { atLeast: '', atMost: '' },
    stage: { values: '' },
    stageWas: { stage: '', within: '30d' },
    consent: { purpose: 'ad_audiences', granted: 'yes' },
    scenario: { key: '', ever: '' },
    segment: { key: '' },
    json: { text: '{}' },
  };
  return { type: 'row', id: newId(), kind, fields: start[kind] };
}

export const blankGroup = (combine: 'all' | 'any' = 'all'): GroupNode => ({ type: 'group', id: newId(), combine, negated: false, children: [] });
export const blankDraft = (): SegmentDraft => ({ key: '', name: '', description: '', root: blankGroup('all'), power: null });

// ---- reading text fields ----

const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
/** A number when the text reads as one; the text itself otherwise, so the server names the mistake. */
function num(text: string | undefined): number | string | undefined {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed.replace(',', '.'));
  return Number.isFinite(value) ? value : trimmed;
}
const scalar = (text: string): Json => {
  const value = num(text);
  return typeof value === 'number' ? value : text.trim();
};
/** Keeps only the keys whose value is set. */
function compact(object: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) out[key] = value;
  return out;
}
const listOrUndefined = (text: string | undefined) => (list(text).length ? list(text) : undefined);
const range = (f: Readonly<Record<string, string>>, low = 'atLeast', high = 'atMost') => compact({ atLeast: num(f[low]), atMost: num(f[high]) });

/** A trait comparison's value as the language wants it: none, a list, a pair, a duration, or a scalar. */
function traitValue(op: string, text: string): Json | undefined {
  if (['exists', 'missing', 'isTrue', 'isFalse'].includes(op)) return undefined;
  if (op === 'in' || op === 'notIn') return list(text).map(scalar);
  if (op === 'between') return list(text).map(scalar);
  if (op === 'within' || op === 'before' || op === 'prefix' || op === 'contains') return text.trim();
  if (text.trim() === 'true' || text.trim() === 'false') return text.trim() === 'true';
  return scalar(text);
}

/** One row as a condition of the segment language. */
export function rowCondition(row: RowNode): Json {
  const f = row.fields;
  switch (row.kind) {
    case 'trait':
      return compact({ trait: f['name']?.trim(), op: f['op'], value: traitValue(f['op'] ?? 'eq', f['value'] ?? '') });
    case 'age':
      return { age: range(f) };
    case 'ageBand':
      return { ageBand: list(f['values']) };
    case 'gender':
      return { gender: list(f['values']) };
    case 'household': {
      const children = f['children'] === 'yes' ? true : f['children'] === 'no' ? false : undefined;
      const size = range(f, 'sizeAtLeast', 'sizeAtMost');
      return { household: compact({ size: Object.keys(size).length ? size : undefined, children }) };
    }
    case 'geo':
      return { geo: compact({ country: listOrUndefined(f['country']), region: listOrUndefined(f['region']), city: listOrUndefined(f['city']), postalCodePrefix: listOrUndefined(f['postalCodePrefix']) }) };
    case 'near':
      return { near: compact({ latitude: num(f['latitude']), longitude: num(f['longitude']), withinKm: num(f['withinKm']) }) };
    case 'purchasingPower':
      return { purchasingPower: list(f['values']) };
    case 'spend':
      return { spend: compact({ ...range(f), within: f['within']?.trim() }) };
    case 'lastSeen':
      return { lastSeen: { [f['mode'] === 'before' ? 'before' : 'within']: (f['duration'] ?? '').trim() } };
    case 'preferredChannel':
      return { preferredChannel: list(f['values']) };
    case 'activeAt': {
      const from = num(f['hoursFrom']);
      const to = num(f['hoursTo']);
      const hours = from === undefined && to === undefined ? undefined : [from ?? 0, to ?? 24];
      return { activeAt: compact({ hours, weekdays: listOrUndefined(f['weekdays'])?.map(scalar), share: num(f['share']) }) };
    }
    case 'product':
      return { product: compact({ [f['mode'] === 'bought' ? 'bought' : 'viewed']: list(f['values']), within: f['within']?.trim() }) };
    case 'page':
      return compact({ page: (f['page'] ?? '').trim(), atLeast: num(f['atLeast']) });
    case 'signal':
      return compact({ signal: f['name'], atLeast: num(f['atLeast']), atMost: num(f['atMost']), within: f['within']?.trim() });
    case 'event':
      return compact({ event: (f['name'] ?? '').trim(), where: parseJson(f['where']), atLeast: num(f['atLeast']), atMost: num(f['atMost']), within: f['within']?.trim() });
    case 'score':
      return { score: range(f) };
    case 'stage':
      return { stage: list(f['values']) };
    case 'stageWas':
      return { stageWas: { stage: (f['stage'] ?? '').trim(), within: (f['within'] ?? '').trim() } };
    case 'consent':
      return { consent: { purpose: f['purpose'] ?? '', granted: f['granted'] !== 'no' } };
    case 'scenario':
      return compact({ scenario: (f['key'] ?? '').trim(), ever: f['ever'] === 'yes' ? true : undefined });
    case 'segment':
      return { segment: (f['key'] ?? '').trim() };
    case 'json':
      return parseJson(f['text']) ?? null;
  }
}

function parseJson(text: string | undefined): Json | undefined {
  if (!text || !text.trim()) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/** A path as the API writes it in issues: `where.all.0.age`. */
export const pathKey = (path: readonly (string | number)[]) => path.join('.');

function nodeCondition(node: DraftNode, path: (string | number)[], at: Map<string, string>): Json {
  if (node.type === 'row') {
    at.set(pathKey(path), node.id);
    return rowCondition(node);
  }
  // A negated group of one row is written `{ not: leaf }`, as people write it by hand.
  if (node.negated && node.combine === 'all' && node.children.length === 1 && node.children[0]!.type === 'row') {
    at.set(pathKey(path), node.id);
    return { not: nodeCondition(node.children[0]!, [...path, 'not'], at) };
  }
  const inner = node.negated ? [...path, 'not'] : path;
  at.set(pathKey(path), node.id);
  const group = { [node.combine]: node.children.map((child, i) => nodeCondition(child, [...inner, node.combine, i], at)) };
  return node.negated ? { not: group } : group;
}

function powerDefinition(power: PowerDraft): JsonObject {
  const measure: JsonObject = power.measure === 'trait' ? { trait: power.trait.trim() } : { spend: compact({ within: power.within.trim() }) };
  return { measure, bands: power.bands.map((b) => compact({ key: b.key.trim(), from: num(b.from), to: num(b.to) })) };
}

/** The definition to send, and which form node each path of `where` comes from. */
export function toDefinition(draft: SegmentDraft): { definition: JsonObject; nodeAt: Map<string, string> } {
  const nodeAt = new Map<string, string>();
  const where = nodeCondition(draft.root, ['where'], nodeAt);
  const definition = compact({ key: draft.key.trim(), name: draft.name.trim(), description: draft.description.trim(), where, purchasingPower: draft.power ? powerDefinition(draft.power) : undefined });
  return { definition, nodeAt };
}

/** The form node an issue belongs to: the deepest node whose path starts the issue's path. */
export function nodeOfIssue(path: readonly (string | number)[] | undefined, nodeAt: ReadonlyMap<string, string>): string | null {
  // Some issues carry the whole path as one dotted string.
  const parts = (path ?? []).flatMap((part): (string | number)[] => (typeof part === 'string' ? part.split('.') : [part]));
  for (let n = parts.length; n > 0; n--) {
    const id = nodeAt.get(pathKey(parts.slice(0, n)));
    if (id) return id;
  }
  return null;
}

// ---- reading a definition back ----

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown) => (value === undefined || value === null ? '' : Array.isArray(value) ? value.join(', ') : String(value));

/** The row a leaf reads as, before checking it would be written back the same. */
function guessRow(c: JsonObject): RowNode | null {
  const row = (kind: LeafKind, fields: Record<string, string>): RowNode => ({ type: 'row', id: newId(), kind, fields: { ...blankRow(kind).fields, ...fields } });
  const sub = (key: string) => (isObject(c[key]) ? (c[key] as JsonObject) : {});
  if (typeof c['trait'] === 'string') return row('trait', { name: c['trait'], op: String(c['op'] ?? 'eq'), value: text(c['value']) });
  if ('age' in c) return row('age', { atLeast: text(sub('age')['atLeast']), atMost: text(sub('age')['atMost']) });
  if ('ageBand' in c) return row('ageBand', { values: text(c['ageBand']) });
  if ('gender' in c) return row('gender', { values: text(c['gender']) });
  if ('household' in c) {
    const h = sub('household');
    const size = isObject(h['size']) ? h['size'] : {};
    return row('household', { sizeAtLeast: text(size['atLeast']), sizeAtMost: text(size['atMost']), children: h['children'] === true ? 'yes' : h['children'] === false ? 'no' : '' });
  }
  if ('geo' in c) {
    const g = sub('geo');
    return row('geo', { country: text(g['country']), region: text(g['region']), city: text(g['city']), postalCodePrefix: text(g['postalCodePrefix']) });
  }
  if ('near' in c) return row('near', { latitude: text(sub('near')['latitude']), longitude: text(sub('near')['longitude']), withinKm: text(sub('near')['withinKm']) });
  if ('purchasingPower' in c) return row('purchasingPower', { values: text(c['purchasingPower']) });
  if ('spend' in c) return row('spend', { atLeast: text(sub('spend')['atLeast']), atMost: text(sub('spend')['atMost']), within: text(sub('spend')['within']) });
  if ('lastSeen' in c) {
    const l = sub('lastSeen');
    return row('lastSeen', l['before'] !== undefined ? { mode: 'before', duration: text(l['before']) } : { mode: 'within', duration: text(l['within']) });
  }
  if ('preferredChannel' in c) return row('preferredChannel', { values: text(c['preferredChannel']) });
  if ('activeAt' in c) {
    const a = sub('activeAt');
    const hours = Array.isArray(a['hours']) ? a['hours'] : [];
    return row('activeAt', { hoursFrom: text(hours[0]), hoursTo: text(hours[1]), weekdays: text(a['weekdays']), share: text(a['share']) });
  }
  if ('product' in c) {
    const p = sub('product');
    return row('product', p['bought'] !== undefined ? { mode: 'bought', values: text(p['bought']), within: text(p['within']) } : { mode: 'viewed', values: text(p['viewed']), within: text(p['within']) });
  }
  if (typeof c['page'] === 'string') return row('page', { page: c['page'], atLeast: text(c['atLeast']) });
  if (typeof c['signal'] === 'string') return row('signal', { name: c['signal'], atLeast: text(c['atLeast']), atMost: text(c['atMost']), within: text(c['within']) });
  if (typeof c['event'] === 'string') return row('event', { name: c['event'], atLeast: text(c['atLeast']), atMost: text(c['atMost']), within: text(c['within']), where: c['where'] === undefined ? '' : JSON.stringify(c['where']) });
  if ('score' in c) return row('score', { atLeast: text(sub('score')['atLeast']), atMost: text(sub('score')['atMost']) });
  if ('stage' in c) return row('stage', { values: text(c['stage']) });
  if ('stageWas' in c) return row('stageWas', { stage: text(sub('stageWas')['stage']), within: text(sub('stageWas')['within']) });
  if ('consent' in c) return row('consent', { purpose: text(sub('consent')['purpose']), granted: sub('consent')['granted'] === false ? 'no' : 'yes' });
  if (typeof c['scenario'] === 'string') return row('scenario', { key: c['scenario'], ever: c['ever'] === true ? 'yes' : '' });
  if (typeof c['segment'] === 'string') return row('segment', { key: c['segment'] });
  return null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  return value;
}

/** A leaf as a row of its kind when the row writes it back identically, else as a JSON row. */
export function leafRow(condition: Json): RowNode {
  const guess = isObject(condition) ? guessRow(condition) : null;
  if (guess && same(rowCondition(guess), condition)) return guess;
  return { type: 'row', id: newId(), kind: 'json', fields: { text: JSON.stringify(condition) } };
}

function readNode(condition: Json): DraftNode {
  if (isObject(condition)) {
    for (const combine of ['all', 'any'] as const) {
      const children = condition[combine];
      if (Array.isArray(children) && Object.keys(condition).length === 1) return { type: 'group', id: newId(), combine, negated: false, children: children.map(readNode) };
    }
    if (Object.keys(condition).length === 1 && condition['not'] !== undefined) {
      const inner = readNode(condition['not']);
      if (inner.type === 'group' && !inner.negated) return { ...inner, negated: true };
      return { type: 'group', id: newId(), combine: 'all', negated: true, children: [inner] };
    }
  }
  return leafRow(condition);
}

function readPower(value: unknown): PowerDraft | null {
  if (!isObject(value)) return null;
  const measure = isObject(value['measure']) ? value['measure'] : {};
  const spend = isObject(measure['spend']) ? measure['spend'] : null;
  const bands = Array.isArray(value['bands']) ? value['bands'].filter(isObject) : [];
  return {
    measure: spend ? 'spend' : 'trait',
    trait: text(measure['trait']),
    within: text(spend?.['within']),
    bands: bands.map((b) => ({ key: text(b['key']), from: text(b['from']), to: text(b['to']) })),
  };
}

/** A saved definition as the form's draft; the top level is always a group, so rows can be added beside a lone leaf. */
export function fromDefinition(definition: unknown): SegmentDraft {
  const d = isObject(definition) ? definition : {};
  const node = d['where'] === undefined ? blankGroup() : readNode(d['where']);
  const root: GroupNode = node.type === 'group' ? node : { type: 'group', id: newId(), combine: 'all', negated: false, children: [node] };
  return { key: text(d['key']), name: text(d['name']), description: text(d['description']), root, power: readPower(d['purchasingPower']) };
}

// ---- editing the tree ----

/** A copy of the tree with the node `id` replaced by `change(node)` (or removed when it returns null). */
export function updateNode(root: GroupNode, id: string, change: (node: DraftNode) => DraftNode | null): GroupNode {
  const walk = (node: DraftNode): DraftNode | null => {
    if (node.id === id) return change(node);
    if (node.type === 'row') return node;
    return { ...node, children: node.children.map(walk).filter((n): n is DraftNode => n !== null) };
  };
  return (walk(root) as GroupNode | null) ?? blankGroup();
}

/** How many rows the tree holds (an empty segment matches everyone, which the form says). */
export const rowCount = (node: DraftNode): number => (node.type === 'row' ? 1 : node.children.reduce((sum, child) => sum + rowCount(child), 0));
