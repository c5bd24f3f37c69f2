import type { LeadPulseApp } from '../app/leadpulse-app.js';
import { createDemoEngagement } from './demo-engagement.js';
import { DEMO_SEGMENTS } from './demo-segments.js';
import { generateDemoEvents } from './generate-demo.js';

const CHUNK = 2000;
/** The shipped follow-up the demo measures against a control group. */
export const DEMO_MEASURED_SCENARIO = 'cold-nurture';

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
export async function loadDemo(
  app: LeadPulseApp,
  options: { now: Date; visitors?: number; seed?: number; travel?: (at: Date | null) => void; onProgress?: (events: number) => void; /** Start training the predictive score (default true; tests that do not read it skip it). */ train?: boolean },
): Promise<DemoLoadReport> {
  const { travel } = options;
  const contacts = new Set<string>();
  let events = 0;
  let accepted = 0;
  // The shipped follow-ups run on the demo as if they had been active all quarter: drafts elsewhere, active here. The
  // cold nurture keeps a 10 % control group, so the campaign report has a measured uplift to show.
  for (const view of await app.scenarios.list()) {
    if (view.record.status !== 'draft') continue;
    if (view.record.key === DEMO_MEASURED_SCENARIO) await app.scenarios.update(view.record.id, { ...view.record.scenario, controlGroup: { percent: 10 } });
    await app.scenarios.activate(view.record.id);
  }
  // Its segments are saved before the first event, so membership moves live as the quarter is replayed.
  const saved = new Set((await app.segments.list()).map((s) => s.key));
  for (const segment of DEMO_SEGMENTS) {
    if (saved.has(segment.key)) continue;
    const created = await app.segments.create(segment);
    if (!created.ok) throw new Error(`demo segment ${segment.key}: ${created.error.message} ${JSON.stringify(created.error.issues ?? [])}`);
  }
  const engagement = createDemoEngagement(app);
  // Re-evaluates the contacts due by the clock's instant (bounded, in case a contact stayed due), then runs the
  // scenarios' due steps, delivers to the local mail sink, and plays the recipients' opens and clicks.
  const settle = async () => {
    for (let round = 0; round < 50 && (await app.evaluateDue({ limit: 5000 })) > 0; round++);
    await app.runFollowUps();
    await engagement.play();
  };
  const timestamp = (event: Record<string, unknown>) => event['timestamp'] as string;
  const ingest = async (chunk: Record<string, unknown>[]) => {
    // Replaying time, a chunk arrives at its last event's instant; otherwise everything arrives now.
    const at = travel ? new Date(timestamp(chunk.at(-1)!)) : options.now;
    travel?.(at);
    const result = await app.ingest(chunk, { receivedAt: at.getTime() });
    for (const outcome of result.outcomes) if (outcome.status === 'accepted') contacts.add(outcome.contactId);
    accepted += result.accepted;
    events += chunk.length;
    options.onProgress?.(events);
    if (travel) await settle();
  };
  const generated = generateDemoEvents(options);
  // Replaying time needs the events in time order (a stable sort keeps each visitor's own order at one instant), and
  // a chunk never spans two days, so each day's changes are dated that day, whatever the size of the dataset.
  const ordered = travel ? [...generated].sort((a, b) => timestamp(a).localeCompare(timestamp(b))) : generated;
  const day = (event: Record<string, unknown>) => timestamp(event).slice(0, 10);
  const chunk: Record<string, unknown>[] = [];
  for (const event of ordered) {
    if (chunk.length >= CHUNK || (travel && chunk.length > 0 && day(chunk[0]!) !== day(event))) await ingest(chunk.splice(0));
    chunk.push(event);
  }
  if (chunk.length > 0) await ingest(chunk);
  if (travel) {
    // Back to the present: whatever cooled since the last event cools now.
    travel(null);
    await settle();
  }
  // The predictive score learns from the quarter in the background (a worker thread): the model card, the contacts'
  // probabilities and the doctrine advice are there within a minute of the start.
  if (options.train !== false) await app.models.train({ horizonDays: 30 });
  return { events, accepted, contacts: contacts.size };
}
