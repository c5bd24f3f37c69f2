import { randomBytes } from 'node:crypto';

/**
 * Time-ordered ids: `<prefix>_<ms in base36, 9 chars><12 random hex>`.
 * Sorting ids sorts by creation time, which keyset pagination relies on.
 */
export function newId(prefix: string, nowMs: number): string {
  return `${prefix}_${nowMs.toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}
