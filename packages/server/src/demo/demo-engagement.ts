import { createHash } from 'node:crypto';
import { HOUR, STANDARD_EVENTS, type EpochMs } from '@leadpulse/core';
import type { LeadPulseApp } from '../app/leadpulse-app.js';

/** Shares of demo emails opened and clicked: typical of B2B nurturing in France (opens inflated by image proxies). */
const OPEN_RATE = 0.42;
const CLICK_RATE = 0.09;

/** A stable number in [0, 1) from a text: the demo's engagement never changes between loads. */
const unit = (text: string): number => createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;

/**
 * Plays the demo's recipients: a share of the emails the scenarios sent is opened, a smaller share clicked, within
 * hours of arriving. The opens and clicks come back as `Email Opened` and `Email Link Clicked` events naming the
 * send's Message-ID, as real tracking will, so the outbox, the timelines and the reports show engagement.
 */
export function createDemoEngagement(app: LeadPulseApp) {
  const seen = new Set<string>();
  const pending: { at: EpochMs; event: Record<string, unknown> }[] = [];

  /** Finds the emails sent since the last call and schedules their opens and clicks. */
  async function collect(): Promise<void> {
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const { sends, nextCursor } = await app.outbox.list({ status: 'sent', limit: 500, cursor });
      let reachedSeen = false;
      for (const send of sends) {
        if (seen.has(send.id)) {
          reachedSeen = true;
          continue;
        }
        seen.add(send.id);
        if (send.channel !== 'email' || send.sentAt === null) continue;
        const view = await app.getContact(send.contactId);
        if (!view.ok) continue;
        const who = view.value.record.userId ? { userId: view.value.record.userId } : { anonymousId: view.value.identities.find((i) => i.kind === 'anonymous')?.value };
        if (!('userId' in who) && !who.anonymousId) continue;
        const roll = unit(send.messageId);
        const properties = { messageId: send.messageId, sendId: send.id, scenarioId: send.scenarioId, stepId: send.stepId };
        if (roll < OPEN_RATE) {
          const openedAt = send.sentAt + Math.round(unit(`${send.messageId}:open`) * 8 * HOUR);
          pending.push({ at: openedAt, event: { type: 'track', ...who, event: STANDARD_EVENTS.emailOpened, properties, messageId: `demo-open-${send.id}`, timestamp: new Date(openedAt).toISOString() } });
          if (roll < CLICK_RATE) {
            const clickedAt = openedAt + Math.round(unit(`${send.messageId}:click`) * 10 * 60_000);
            pending.push({ at: clickedAt, event: { type: 'track', ...who, event: STANDARD_EVENTS.emailLinkClicked, properties: { ...properties, url: 'https://www.atelier-horizon.example.fr/tarifs' }, messageId: `demo-click-${send.id}`, timestamp: new Date(clickedAt).toISOString() } });
          }
        }
      }
      if (reachedSeen || !nextCursor) break;
      cursor = nextCursor;
    }
  }

  return {
    /** Schedules engagement for new sends, then ingests what has happened by now (the demo's travelling clock). */
    async play(): Promise<void> {
      await collect();
      const now = app.now();
      const due = pending.filter((p) => p.at <= now).sort((a, b) => a.at - b.at);
      if (due.length === 0) return;
      const later = pending.filter((p) => p.at > now);
      pending.length = 0;
      pending.push(...later);
      await app.ingest(due.map((p) => p.event), { receivedAt: now });
    },
  };
}
