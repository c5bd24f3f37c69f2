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

/** Feeds the demo through the real ingestion pipeline, in chunks, so it is classified like live traffic. */
export async function loadDemo(app: LeadPulseApp, options: { now: Date; visitors?: number; seed?: number; onProgress?: (events: number) => void }): Promise<DemoLoadReport> {
  const contacts = new Set<string>();
  let chunk: Record<string, unknown>[] = [];
  let events = 0;
  let accepted = 0;
  const flush = async () => {
    const result = await app.ingest(chunk, { receivedAt: options.now.getTime() });
    for (const outcome of result.outcomes) if (outcome.status === 'accepted') contacts.add(outcome.contactId);
    accepted += result.accepted;
    events += chunk.length;
    chunk = [];
    options.onProgress?.(events);
  };
  for (const event of generateDemoEvents(options)) {
    chunk.push(event);
    if (chunk.length >= CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  return { events, accepted, contacts: contacts.size };
}
