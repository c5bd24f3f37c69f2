// With the u flag, only a surrogate without its pair matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;

/** Whether a text holds half of a UTF-16 surrogate pair, which is not valid Unicode. */
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/**
 * The value with every lone surrogate in its texts and keys replaced by U+FFFD, as any UTF-8 encoder does; the
 * same value when there is none. Browsers produce them when a script cuts text inside an emoji (our tracker
 * cuts link texts at 100 characters); PostgreSQL's JSON refuses them, and SQLite would keep raw bytes.
 * Recursive: call it on values whose nesting checkEventShape has bounded.
 * Example: `toWellFormedText({ title: 'Hi \ud83d' })` → `{ title: 'Hi \ufffd' }`.
 */
export function toWellFormedText<T>(value: T): T {
  if (typeof value === 'string') return (hasLoneSurrogate(value) ? value.replace(LONE_SURROGATES, '\uFFFD') : value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => toWellFormedText(item));
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  let changed = false;
  const entries = Object.entries(value).map(([key, item]) => {
    const entry = [toWellFormedText(key), toWellFormedText(item)] as const;
    if (entry[0] !== key || entry[1] !== item) changed = true;
    return entry;
  });
  // Object.fromEntries keeps a `__proto__` key as an own property, as JSON.parse made it.
  return (changed ? Object.fromEntries(entries) : value) as T;
}
