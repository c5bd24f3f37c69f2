import { issue, type Issue } from '../shared/issue.js';

/**
 * How deep objects and arrays may nest in an event: the longest path to an object or array, so
 * `properties` is at depth 1 and `properties.cart.items[0]` at depth 4. Real Segment events stay under 6;
 * the limit keeps every later step (serialization for storage, JSON in the database) far from stack limits.
 */
export const MAX_EVENT_DEPTH = 32;

const MAX_SHAPE_ISSUES = 10;
const NUL = '\u0000';

interface Frame {
  readonly value: object;
  readonly depth: number;
  readonly parent: Frame | null;
  readonly key: string | number;
}

const pathOf = (frame: Frame, key?: string | number): (string | number)[] => {
  const path: (string | number)[] = key === undefined ? [] : [key];
  for (let f: Frame | null = frame; f?.parent; f = f.parent) path.push(f.key);
  return path.reverse();
};

const entriesOf = (value: object): [string | number, unknown][] =>
  Array.isArray(value) ? value.map((v, i) => [i, v] as [number, unknown]) : Object.entries(value);

/**
 * Checks what no field rule sees: nesting past MAX_EVENT_DEPTH (`too_deep`) and NUL characters in any
 * key or text (`nul_byte`; PostgreSQL refuses them in text and jsonb, so both stores refuse them alike).
 * Walks without recursion, so hostile nesting cannot overflow the stack; reports at most 10 issues.
 * Example: `checkEventShape({ event: 'a\u0000' })` → `[{ code: 'nul_byte', path: ['event'], … }]`.
 */
export function checkEventShape(raw: unknown): Issue[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const issues: Issue[] = [];
  const stack: Frame[] = [{ value: raw, depth: 0, parent: null, key: '' }];
  while (stack.length > 0 && issues.length < MAX_SHAPE_ISSUES) {
    const frame = stack.pop()!;
    if (frame.depth > MAX_EVENT_DEPTH) {
      issues.push(issue('too_deep', pathOf(frame), `objects and arrays nest more than ${MAX_EVENT_DEPTH} levels deep here; flatten the data`));
      continue;
    }
    const children: Frame[] = [];
    for (const [key, value] of entriesOf(frame.value)) {
      if (typeof key === 'string' && key.includes(NUL)) issues.push(issue('nul_byte', pathOf(frame), `the key ${JSON.stringify(key)} contains a NUL character (\\u0000), which cannot be stored`));
      if (typeof value === 'string' && value.includes(NUL)) issues.push(nulIn(pathOf(frame, key)));
      else if (typeof value === 'object' && value !== null) children.push({ value, depth: frame.depth + 1, parent: frame, key });
    }
    // Reversed, so that issues come in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return issues.slice(0, MAX_SHAPE_ISSUES);
}

// A NUL, or either half of a surrogate pair (paired ones too: telling them apart is the slow path's job).
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/**
 * A quick scan, without allocations per value, for anything checkEventShape or toWellFormedText would act on: nesting
 * past the limit, a NUL, a surrogate. False for almost every real event, which then skips both slower walks.
 */
export function mayNeedShapeWork(raw: unknown): boolean {
  const values: unknown[] = [raw];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value === 'string') {
      if (SUSPECT.test(value)) return true;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_EVENT_DEPTH) return true;
    if (Array.isArray(value)) {
      for (const item of value) {
        values.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    for (const key in value) {
      if (SUSPECT.test(key)) return true;
      values.push((value as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return false;
}

/** Whether objects and arrays in `value` nest deeper than MAX_EVENT_DEPTH, found without recursion. */
export function isNestedTooDeep(value: unknown): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top.value !== 'object' || top.value === null) continue;
    if (top.depth > MAX_EVENT_DEPTH) return true;
    for (const child of Array.isArray(top.value) ? top.value : Object.values(top.value)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: top.depth + 1 });
    }
  }
  return false;
}

const nulIn = (path: (string | number)[]): Issue => issue('nul_byte', path, 'contains a NUL character (\\u0000), which cannot be stored; remove it');
