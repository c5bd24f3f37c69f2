import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * Time-ordered ids: `<prefix>_<ms base36, 9 chars><sequence base36, 4 chars><8 random hex>`.
 * Ids made by one process sort by creation, even within one millisecond; keyset pagination and
 * histories written in the same instant rely on it.
 */
export function newId(prefix: string, nowMs: number): string {
  if (nowMs === lastMs) sequence++;
  else {
    lastMs = nowMs;
    sequence = 0;
  }
  return `${prefix}_${nowMs.toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}
