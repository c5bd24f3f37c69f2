import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY, MINUTE } from '@leadpulse/core';
import { describe, expect, it } from 'vitest';
import type { StageChange, Store } from '../app/ports.js';
import { createStore } from '../storage/create-store.js';
import { runCli } from './run-cli.js';

// The import hands the pipeline 2,000 events at a time (import-command.ts): this many others come first.
const CHUNK = 2000;
const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);

type Line = Record<string, unknown>;

function cli() {
  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-import-chunks-'));
  const err: string[] = [];
  const io = { stdout: { write: () => undefined }, stderr: { write: (s: string) => err.push(s) }, env: { LEADPULSE_DATA_DIR: join(dir, 'data'), LEADPULSE_LOG_LEVEL: 'silent' } };
  const write = (name: string, lines: readonly Line[]) => {
    const file = join(dir, name);
    writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    return file;
  };
  return { dataDir: join(dir, 'data'), write, stderr: () => err.join(''), run: (...argv: string[]) => runCli(argv, io) };
}

/** One visitor a page each, on the first day: they fill the first chunk. */
function others(count: number): Line[] {
  return Array.from({ length: count }, (_, i) => ({ type: 'page', anonymousId: `other-${i}`, properties: { path: '/' }, timestamp: new Date(T0 + i * 1000).toISOString(), messageId: `other-${i}` }));
}

/** A visitor who reads, downloads and leaves a cart in March, chats in mid-April, and buys in May. */
function visitor(): { march: Line[]; later: Line[] } {
  const line = (at: number, event: Line, n: number): Line => ({ anonymousId: 'spanning', timestamp: new Date(at).toISOString(), messageId: `spanning-${n}`, ...event });
  const page = (path: string) => ({ type: 'page', properties: { path, engagedSeconds: 90 } });
  const march = [
    line(T0 + DAY, page('/'), 1),
    line(T0 + DAY + 2 * MINUTE, page('/tarifs'), 2),
    line(T0 + DAY + 5 * MINUTE, { type: 'track', event: 'Document Downloaded', properties: { title: 'Livre blanc' } }, 3),
    line(T0 + 3 * DAY, page('/fonctionnalites'), 4),
    // A cart left: hot once abandoned, a move that time alone makes.
    line(T0 + 3 * DAY + 4 * MINUTE, { type: 'track', event: 'Product Added', properties: { product_id: 'pro', price: 49 } }, 5),
  ];
  const later = [
    line(T0 + 45 * DAY, page('/tarifs'), 6),
    line(T0 + 45 * DAY + 3 * MINUTE, { type: 'track', event: 'Chat Started' }, 7),
    line(T0 + 70 * DAY, { type: 'track', event: 'Product Added', properties: { product_id: 'pro', price: 49 } }, 8),
    line(T0 + 70 * DAY + 30 * MINUTE, { type: 'track', event: 'Order Completed', properties: { revenue: 590 } }, 9),
  ];
  return { march, later };
}

async function withStore<T>(dataDir: string, read: (store: Store) => Promise<T>): Promise<T> {
  const store = await createStore({ dataDir });
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

async function historyOf(dataDir: string): Promise<StageChange[]> {
  return withStore(dataDir, async (store) => {
    const contact = await store.contacts.findByIdentity({ kind: 'anonymous', value: 'spanning' });
    return store.contacts.stageHistoryOf(contact!.id);
  });
}

const told = (changes: readonly StageChange[]) => changes.map((c) => `${c.from ?? '-'}>${c.to}@${new Date(c.at).toISOString()}:${c.cause}`);

describe('leadpulse import of a contact whose events span chunks', () => {
  const end = new Date(T0 + 90 * DAY).toISOString().slice(0, 10);

  it('dates every move in event time, as when its events arrive in one chunk', { timeout: 60_000 }, async () => {
    const { march, later } = visitor();
    const split = cli();
    // The first chunk ends inside March; the rest of the contact's history is in the second chunk.
    expect(await split.run('import', split.write('split.ndjson', [...others(CHUNK - 3), ...march, ...later]), '--as-of', end)).toBe(0);
    const together = cli();
    expect(await together.run('import', together.write('together.ndjson', [...march, ...later, ...others(CHUNK)]), '--as-of', end)).toBe(0);

    const moves = told(await historyOf(split.dataDir));
    expect(moves).toEqual(told(await historyOf(together.dataDir)));
    const eventInstants = new Set([...march, ...later].map((line) => line['timestamp'] as string));
    const instantOf = (move: string) => move.slice(move.indexOf('@') + 1, move.lastIndexOf(':'));
    // Each move is dated at one of the contact's events, or (time moves) at an instant between them: never at the import.
    for (const move of moves) {
      if (move.endsWith(':event')) expect(eventInstants.has(instantOf(move))).toBe(true);
      else expect(Date.parse(instantOf(move))).toBeLessThan(T0 + 90 * DAY);
    }
    expect(moves.some((m) => m.endsWith(':event'))).toBe(true);
    expect(moves.some((m) => m.endsWith(':time'))).toBe(true);
  });

  it('extends the recorded history when later events come in a later chunk: the earlier moves keep their ids', { timeout: 60_000 }, async () => {
    const { march, later } = visitor();
    const h = cli();
    // An export per period, each imported as of its end: March first, then the rest.
    expect(await h.run('import', h.write('march.ndjson', [...others(CHUNK), ...march]), '--as-of', new Date(T0 + 30 * DAY).toISOString().slice(0, 10))).toBe(0);
    const before = await historyOf(h.dataDir);
    expect(before.length).toBeGreaterThan(0);
    expect(await h.run('import', h.write('later.ndjson', later), '--as-of', end)).toBe(0);
    const after = await historyOf(h.dataDir);

    expect(after.slice(0, before.length).map((c) => c.id)).toEqual(before.map((c) => c.id));
    expect(after.length).toBeGreaterThan(before.length);
    const whole = cli();
    expect(await whole.run('import', whole.write('whole.ndjson', [...others(CHUNK), ...march, ...later]), '--as-of', end)).toBe(0);
    expect(told(after)).toEqual(told(await historyOf(whole.dataDir)));
  });
});
