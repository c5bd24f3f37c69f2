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
  const what = c['signal'] ?? c['event'] ?? c['trait'] ?? c['score'] ?? '';
  return String(what);
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
