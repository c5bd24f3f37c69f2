import { createHash } from 'node:crypto';
import { HOUR, MINUTE, type EpochMs } from '@leadpulse/core';
import type { EngagementRequest } from '../app/email-engagement.js';
import type { LeadPulseApp } from '../app/leadpulse-app.js';

/**
 * Shares of demo recipients, typical of B2B nurturing in France: readers on Apple Mail with Mail Privacy Protection
 * (whose proxy loads every message's pixel seconds after it arrives), and among the others, those who open and click.
 */
const APPLE_PRIVACY_SHARE = 0.4;
const OPEN_RATE = 0.3;
const CLICK_RATE = 0.09;
const LANDING_URL = 'https://www.atelier-horizon.example.fr/tarifs';

// Real user agents (see core's classify-engagement.test.ts for their sources).
const APPLE_PRIVACY_PROXY = 'Mozilla/5.0';
const READERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
];

/** A stable number in [0, 1) from a text: the demo's engagement never changes between loads. */
const unit = (text: string): number => createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;

interface PlannedHit {
  readonly at: EpochMs;
  readonly kind: 'open' | 'click';
  readonly request: EngagementRequest;
}

/**
 * Plays the demo's recipients through the real tracking use case, with the tokens their messages carry: Apple's proxy
 * prefetches the pixel of a share of the emails seconds after they leave (flagged, never counted), and people open a
 * share of the others and click a smaller share, within hours. The outbox, timelines and reports show both.
 */
export function createDemoEngagement(app: LeadPulseApp) {
  const seen = new Set<string>();
  const pending: PlannedHit[] = [];

  /** Finds the emails sent since the last call and plans their opens and clicks. */
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
        const tokens = app.engagement.sealLinks(send.id, LANDING_URL, send.sentAt);
        if (!tokens) return;
        const reader = READERS[Math.floor(unit(`${send.messageId}:client`) * READERS.length)]!;
        const hit = (kind: 'open' | 'click', at: EpochMs, userAgent: string, ip: string): PlannedHit => ({ at, kind, request: { token: kind === 'open' ? tokens.open : tokens.click, userAgent, ip, at } });
        const roll = unit(send.messageId);
        const onApplePrivacy = unit(`${send.messageId}:apple`) < APPLE_PRIVACY_SHARE;
        const openedAt = send.sentAt + Math.round((0.1 + unit(`${send.messageId}:open`) * 8) * HOUR);
        // Apple's proxy loads the pixel once, from its own addresses, whether or not anyone reads; a read stays unseen.
        if (onApplePrivacy) pending.push(hit('open', send.sentAt + 2_000 + Math.round(unit(`${send.messageId}:mpp`) * 30_000), APPLE_PRIVACY_PROXY, '17.58.101.23'));
        else if (roll < OPEN_RATE) pending.push(hit('open', openedAt, reader, '203.0.113.40'));
        if (roll < CLICK_RATE) pending.push(hit('click', openedAt + MINUTE + Math.round(unit(`${send.messageId}:click`) * 10 * MINUTE), READERS[0]!, '203.0.113.40'));
      }
      if (reachedSeen || !nextCursor) break;
      cursor = nextCursor;
    }
  }

  return {
    /** Plans engagement for new sends, then plays what has happened by now (the demo's travelling clock). */
    async play(): Promise<void> {
      await collect();
      const now = app.now();
      const due = pending.filter((p) => p.at <= now).sort((a, b) => a.at - b.at);
      if (due.length === 0) return;
      const later = pending.filter((p) => p.at > now);
      pending.length = 0;
      pending.push(...later);
      await app.engagement.replay(due);
    },
  };
}
