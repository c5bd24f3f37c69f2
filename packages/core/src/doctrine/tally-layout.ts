import type { Tally } from '../fold/tally.js';

/** A contact's tallies in slots: slot i holds the tally of the layout's i-th key, or undefined when the contact has none. */
export type TallySlots = readonly (Tally | undefined)[];

/**
 * The tallies one doctrine version reads, in a fixed order. A contact's tallies are a keyed object whose shape
 * varies with the contact's history and with how it was stored, and a lookup by key in such objects costs more than
 * the count it feeds; `gather` reads them all in one pass over the contact's own keys, through generated code that
 * compares each key against the layout's (a switch over interned strings).
 */
export interface TallyLayout {
  /** The slot of a key; the key must be in the layout. */
  slotOf(key: string): number;
  gather(tallies: Readonly<Record<string, Tally>>): TallySlots;
}

/**
 * Source that declares one variable per tally key (`slots`: key → variable name) and fills it from the object that
 * `tallies` evaluates to, in one pass over that object's own keys.
 */
export function gatherSource(tallies: string, slots: ReadonlyMap<string, string>): string {
  if (slots.size === 0) return '';
  return `  let ${[...slots.values()].map((name) => `${name} = undefined`).join(', ')};
  const gathered = ${tallies};
  for (const key in gathered) {
    switch (key) {
${[...slots].map(([key, name]) => `      case ${JSON.stringify(key)}: ${name} = gathered[key]; break;`).join('\n')}
    }
  }`;
}

export function tallyLayout(keys: Iterable<string>): TallyLayout {
  const ordered = [...new Set(keys)];
  const names = new Map(ordered.map((key, slot) => [key, `s${slot}`]));
  const source = `"use strict";
return function gather(tallies) {
${gatherSource('tallies', names)}
  return [${[...names.values()].join(', ')}];
};`;
  // Generated from the doctrine's own tally keys, each written as a JSON string literal: no input reaches it as code.
  const gather = new Function(source)() as TallyLayout['gather'];
  return {
    slotOf: (key) => {
      const slot = ordered.indexOf(key);
      if (slot < 0) throw new Error(`tally "${key}" is not in the doctrine's layout`);
      return slot;
    },
    gather,
  };
}
