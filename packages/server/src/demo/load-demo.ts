import type { LeadPulseApp } from '../app/leadpulse-app.js';
import { generateDemoEvents } from './generate-demo.js';

/** Feeds the demo through the real ingestion pipeline, in chunks, so it is classified like live traffic. */
export async function loadDemo(app: LeadPulseApp, options: { now: Date; visitors?: number; seed?: number; onProgress?: (events: number) => void }): Promise<{ events: number; accepted: number }> {
  let chunk: Record<string, unknown>[] = [];
  let events = 0;
  let accepted = 0;
  const flush = async () => {
    const result = await app.ingest(chunk, { receivedAt: options.now.getTime() });
    accepted += result.accepted;
    events += chunk.length;
    chunk = [];
    options.onProgress?.(events);
  };
  for (const event of generateDemoEvents(options)) {
    chunk.push(event);
    if (chunk.length >= 2000) await flush();
  }
  if (chunk.length > 0) await flush();
  return { events, accepted };
}
