import { buildCondition, type ConditionInput, type Json } from './doctrine-draft.js';

/**
 * A threshold or trait point rule from the new-rule form: `{ id, points, signal|event, atLeast, within? }` or
 * `{ id, points, trait, op, value? }`; null while the id, the name or the points are missing.
 */
export function buildPointRule(input: ConditionInput & { readonly id: string; readonly points: number }): Json | null {
  if (input.kind === 'score' || input.id.trim() === '' || !Number.isFinite(input.points) || input.points === 0) return null;
  const condition = buildCondition({ ...input, atLeast: Math.max(1, input.atLeast) });
  if (condition === null) return null;
  return { id: input.id.trim(), points: input.points, ...(condition as Record<string, Json>) };
}

/** What a point rule reads, in a few words: `sessions ≥ 3 within 30d`, `company_size gte 50`, `“Chat Started”`. */
export function pointRuleSummary(rule: Record<string, Json>): string {
  if (typeof rule['trait'] === 'string') return [rule['trait'], rule['op'], rule['value'] === undefined ? '' : JSON.stringify(rule['value'])].join(' ').trim();
  const name = typeof rule['signal'] === 'string' ? rule['signal'] : `“${String(rule['event'] ?? '')}”`;
  const where = rule['where'] && typeof rule['where'] === 'object' ? ` ${JSON.stringify(rule['where'])}` : '';
  const threshold = typeof rule['atLeast'] === 'number' ? ` ≥ ${rule['atLeast']}${typeof rule['within'] === 'string' ? ` within ${rule['within']}` : ''}` : '';
  return `${name}${where}${threshold}`;
}

/** Threshold and trait rules give their points once, so they have no cap. */
export const isOncePointRule = (rule: Record<string, Json>): boolean => typeof rule['trait'] === 'string' || typeof rule['atLeast'] === 'number';
