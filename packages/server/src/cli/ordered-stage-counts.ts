import type { LeadPulseApp } from '../app/leadpulse-app.js';

/** Contacts per stage from the fallback up the funnel (unknown, cold, warm, hot, client), as people read a tunnel. */
export async function orderedStageCounts(app: LeadPulseApp): Promise<[stage: string, contacts: number][]> {
  const [counts, active] = await Promise.all([app.stageCounts(), app.getDoctrine()]);
  const order = [active.doctrine.fallback.key, ...active.doctrine.stages.map((s) => s.key).reverse()];
  const rank = (stage: string) => (order.includes(stage) ? order.indexOf(stage) : order.length);
  return Object.entries(counts).sort(([a], [b]) => rank(a) - rank(b));
}
