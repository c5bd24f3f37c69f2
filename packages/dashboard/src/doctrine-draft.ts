import type { TraitOp } from '@leadpulse/core';

/** A doctrine being edited: plain JSON, changed by path, so the form and the JSON view edit the same thing. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = readonly (string | number)[];

export function getAt(value: Json, path: Path): Json | undefined {
  let current: Json | undefined = value;
  for (const key of path) current = current !== null && typeof current === 'object' ? (current as Record<string, Json>)[key as string] : undefined;
  return current;
}

/** A copy of `value` with `path` set; the rest is shared. */
export function setAt(value: Json, path: Path, next: Json): Json {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? setAt(item, rest, next) : item));
  const object = (value ?? {}) as Record<string, Json>;
  return { ...object, [head as string]: setAt(object[head as string] ?? null, rest, next) };
}

export interface Leaf {
  readonly path: Path;
  readonly condition: Record<string, Json>;
}

/** The conditions of a rule tree (`any`, `all`, `not`), each with its path, in reading order. */
export function conditionLeaves(node: Json | undefined, path: Path): Leaf[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [];
  for (const group of ['any', 'all'] as const) {
    const children = node[group];
    if (Array.isArray(children)) return children.flatMap((child, i) => conditionLeaves(child, [...path, group, i]));
  }
  if (node['not'] !== undefined) return conditionLeaves(node['not'], [...path, 'not']);
  return [{ path, condition: node }];
}

/** A condition in a few words, for the form's labels. */
export function describeCondition(c: Record<string, Json>): string {
  if (typeof c['signal'] === 'string') return c['signal'];
  if (typeof c['event'] === 'string') return `“${c['event']}”`;
  if (typeof c['trait'] === 'string') return `${c['trait']} ${String(c['op'] ?? '')}`.trim();
  if (c['predicted'] !== undefined) return 'predicted purchase';
  return c['score'] !== undefined ? 'score' : '';
}

export type ConditionKind = 'signal' | 'event' | 'trait' | 'score' | 'predicted';

/** What the new-condition form holds, as typed. */
export interface ConditionInput {
  readonly kind: ConditionKind;
  /** The signal, event or trait name. */
  readonly name: string;
  /** A count, a score, or for `predicted` a percentage (20 for a 20 % chance of buying). */
  readonly atLeast: number;
  /** A duration (`30d`), or empty for the whole history. */
  readonly within: string;
  readonly op: TraitOp;
  readonly value: string;
}

/** A trait's compared value as the rule language wants it: a list for `in`, a number when it reads as one. */
export function traitValue(op: string, text: string): Json {
  if (op === 'in') return text.split(',').map((v) => v.trim()).filter((v) => v !== '');
  const trimmed = text.trim();
  return ['gt', 'gte', 'lt', 'lte'].includes(op) && trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** The condition the form describes, or null while a name it needs is missing. */
export function buildCondition(input: ConditionInput): Json | null {
  const name = input.name.trim();
  const window: Record<string, Json> = input.within.trim() === '' ? {} : { within: input.within.trim() };
  switch (input.kind) {
    case 'signal':
    case 'event':
      return name === '' ? null : { [input.kind]: name, atLeast: input.atLeast, ...window };
    case 'trait':
      return name === '' ? null : input.op === 'exists' ? { trait: name, op: 'exists' } : { trait: name, op: input.op, value: traitValue(input.op, input.value) };
    case 'score':
      return { score: { atLeast: input.atLeast } };
    case 'predicted':
      return predictedAtLeast(input.atLeast);
  }
}

/** The form shows the predicted probability as a percentage; the rule language holds it from 0 to 1. */
function predictedAtLeast(percent: number): Json | null {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) return null;
  return { predicted: { atLeast: Math.round(percent * 100) / 10000 } };
}

const stagesOf = (value: Json) => (getAt(value, ['stages']) as Json[] | undefined) ?? [];

/** A copy with the stage at `index` moved `delta` places in precedence order (the first that holds wins). */
export function moveStage(value: Json, index: number, delta: -1 | 1): Json {
  const stages = [...stagesOf(value)];
  const target = index + delta;
  if (target < 0 || target >= stages.length) return value;
  [stages[index], stages[target]] = [stages[target]!, stages[index]!];
  return setAt(value, ['stages'], stages);
}

export function removeStage(value: Json, index: number): Json {
  return setAt(value, ['stages'], stagesOf(value).filter((_, i) => i !== index));
}

/** A copy with a new stage last in precedence (just above the fallback), holding one condition to start from. */
export function addStage(value: Json, stage: { key: string; en: string; fr: string; temperature: string }): Json {
  const added: Json = { key: stage.key, labels: { en: stage.en, fr: stage.fr }, ...(stage.temperature ? { temperature: stage.temperature } : {}), when: { signal: 'pageViews', atLeast: 1, within: '30d' } };
  return setAt(value, ['stages'], [...stagesOf(value), added]);
}

/** A copy with the condition at `path` taken out of its `any`/`all` list. */
export function removeAt(value: Json, path: Path): Json {
  const parent = path.slice(0, -1);
  const index = path[path.length - 1] as number;
  const list = getAt(value, parent) as Json[];
  return setAt(value, parent, list.filter((_, i) => i !== index));
}

/** A copy with `condition` added to a stage's rule: into its top-level list, or next to a lone condition. */
export function addCondition(value: Json, whenPath: Path, condition: Json): Json {
  const when = getAt(value, whenPath);
  if (when === undefined || when === null) return setAt(value, whenPath, condition);
  for (const group of ['all', 'any'] as const) {
    const list = getAt(when, [group]);
    if (Array.isArray(list)) return setAt(value, [...whenPath, group], [...list, condition]);
  }
  return setAt(value, whenPath, { all: [when, condition] });
}

/** Every signal name the given doctrines use, for the condition picker. */
export function signalsIn(...doctrines: Json[]): string[] {
  const names = new Set<string>();
  const walk = (node: Json) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      if (typeof node['signal'] === 'string') names.add(node['signal']);
      Object.values(node).forEach(walk);
    }
  };
  doctrines.forEach(walk);
  return [...names].sort();
}
