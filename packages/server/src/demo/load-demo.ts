import type { LeadPulseApp } from '../app/leadpulse-app.js';
import { generateDemoEvents } from './generate-demo.js';

const CHUNK = 2000;

export interface DemoLoadReport {
  /** Events generated and sent through the pipeline. */
  readonly events: number;
  /** Events the pipeline stored (the others were already there). */
  readonly accepted: number;
  /** Distinct contacts the accepted events landed on. */
  readonly contacts: number;
}

/**
 * Feeds the demo through the real ingestion pipeline, in chunks, so it is classified like live traffic. With
 * `travel`, the load replays time: events go in in time order, the clock is held at each chunk's last event, and
 * contacts due for a time-based change (a window closing) are re-evaluated then. Stage changes, and so the daily
 * history of the stages, are dated as if LeadPulse had watched the whole quarter. `travel(null)` gives the clock back.
 */
export async function loadDemo(app: LeadPulseApp, options: { now: Date; visitors?: number; seed?: number; travel?: (at: Date | null) => void; onProgress?: (events: number) => void }): Promise<DemoLoadReport> {
  const contacts = new Set<string>();
  let events = 0;
  let accepted = 0;
  const ingest = async (chunk: Record<string, unknown>[], at: Date) => {
    options.travel?.(at);
    const result = await app.ingest(chunk, { receivedAt: at.getTime() });
    for (const outcome of result.outcomes) if (outcome.status === 'accepted') contacts.add(outcome.contactId);
    accepted += result.accepted;
    events += chunk.length;
    options.onProgress?.(events);
    if (options.travel) await settle();
  };
  // Re-evaluates the contacts due by the clock's instant; bounded, in case a contact stayed due.
  const settle = async () => {
    for (let round = 0; round < 50 && (await app.evaluateDue({ limit: 5000 })) > 0; round++);
  };
  const generated = generateDemoEvents(options);
  if (!options.travel) {
    const chunk: Record<string, unknown>[] = [];
    for (const event of generated) {
      chunk.push(event);
      if (chunk.length >= CHUNK) await ingest(chunk.splice(0), options.now);
    }
    if (chunk.length > 0) await ingest(chunk, options.now);
    return { events, accepted, contacts: contacts.size };
  }
  // A stable sort keeps each visitor's own order for events at the same instant.
  const all = [...generated].sort((a, b) => (a['timestamp'] as string).localeCompare(b['timestamp'] as string));
  // A chunk never spans two days, so each day's changes are dated that day, whatever the size of the dataset.
  const chunk: Record<string, unknown>[] = [];
  const day = (event: Record<string, unknown>) => (event['timestamp'] as string).slice(0, 10);
  for (const event of all) {
    if (chunk.length >= CHUNK || (chunk.length > 0 && day(chunk[0]!) !== day(event))) {
      const at = new Date(chunk.at(-1)!['timestamp'] as string);
      await ingest(chunk.splice(0), at);
    }
    chunk.push(event);
  }
  if (chunk.length > 0) await ingest(chunk, new Date(chunk.at(-1)!['timestamp'] as string));
  // Back to the present: whatever cooled since the last event cools now.
  options.travel(null);
  await settle();
  return { events, accepted, contacts: contacts.size };
}
