import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import type { LeadEvent } from '../events/lead-event.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { DAY } from '../shared/duration.js';
import { page, track } from '../test-support/events.js';

const compiled = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!);
const T = Date.UTC(2026, 5, 1);
const scoreOf = (events: LeadEvent[], now: number) => compiled.classify(foldEvents(emptyContactState(), events, compiled.foldParams), now);

describe('points and decay', () => {
  it('halves a signal\'s points after one half-life (30 days in the default preset)', () => {
    expect(scoreOf([track('Chat Started', T)], T).scoreLines).toEqual([{ rule: 'chat', points: 25 }]);
    expect(scoreOf([track('Chat Started', T)], T + 30 * DAY).score).toBeCloseTo(12.5, 2);
  });

  it('decays each occurrence by half per half-life, as 0.5^(age / half-life) would, to within rounding', () => {
    for (let days = 0; days <= 400; days += 7) {
      for (const hours of [0, 1, 13]) {
        const age = days * DAY + hours * 3_600_000;
        // One chat (25 points) and one micro-conversion (15) of the same age, under a 30-day half-life.
        const expected = 25 * Math.pow(0.5, age / (30 * DAY)) + 15 * Math.pow(0.5, age / (30 * DAY));
        expect(scoreOf([track('Chat Started', T), track('Form Submitted', T)], T + age).score).toBe(Math.round(expected * 100) / 100);
      }
    }
  });

  it('caps a rule after decay', () => {
    const pages = Array.from({ length: 30 }, (_, i) => page('/', T + i * 1000));
    expect(scoreOf(pages, T + 60_000).scoreLines.find((l) => l.rule === 'page-view')?.points).toBe(20);
  });

  it('never lowers the score when an occurrence is added, never raises it as time passes (property)', () => {
    let seed = 17;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const kinds = ['Chat Started', 'Form Submitted', 'Email Opened', 'Call Logged'];
    for (let trial = 0; trial < 150; trial++) {
      let at = T;
      const events = Array.from({ length: 1 + Math.floor(random() * 20) }, () => {
        at += Math.floor(random() * 5 * DAY);
        return random() < 0.5 ? page(random() < 0.3 ? '/tarifs' : '/', at) : track(kinds[Math.floor(random() * kinds.length)]!, at);
      });
      const now = at + Math.floor(random() * 10 * DAY);
      const base = scoreOf(events, now).score;
      expect(scoreOf([...events, track(kinds[trial % kinds.length]!, now)], now).score).toBeGreaterThanOrEqual(base);
      expect(scoreOf(events, now + Math.floor(random() * 90 * DAY)).score).toBeLessThanOrEqual(base);
    }
  });
});
