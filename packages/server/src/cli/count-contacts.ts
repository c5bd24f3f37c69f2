import type { LeadPulseApp } from '../app/leadpulse-app.js';

export async function countContacts(app: LeadPulseApp): Promise<number> {
  return Object.values(await app.stageCounts()).reduce((a, b) => a + b, 0);
}
