import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let sequence = 0;
// One random fill serves thousands of ids: a syscall per id cost 15% of ingestion time.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex8(): string {
  if (offset + 4 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const value = pool.readUInt32BE(offset);
  offset += 4;
  return value.toString(16).padStart(8, '0');
}

/**
 * Time-ordered ids: `<prefix>_<ms base36, 9 chars><sequence base36, 4 chars><8 random hex>`.
 * Ids made by one process sort by creation, even within one millisecond; keyset pagination and
 * histories written in the same instant rely on it. The random part keeps processes apart.
 */
export function newId(prefix: string, nowMs: number): string {
  if (nowMs === lastMs) sequence++;
  else {
    lastMs = nowMs;
    sequence = 0;
  }
  return `${prefix}_${nowMs.toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${randomHex8()}`;
}
