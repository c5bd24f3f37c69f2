import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { SIGNAL_TALLIES } from '../doctrine/signal-tallies.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { MINUTE } from '../shared/duration.js';
import { track } from '../test-support/events.js';

const params = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!).foldParams;
const T = Date.UTC(2026, 9, 1, 10, 0, 0);

describe('machine opens and clicks in the fold', () => {
  it('count neither as email opens nor as clicks, nor as activity; the person’s own do', () => {
    const state = foldEvents(
      emptyContactState(),
      [
        track('Email Opened', T, { sendId: 'sd_1', machine: true, machineReason: 'apple_privacy_proxy' }),
        track('Email Link Clicked', T + 3_000, { sendId: 'sd_1', url: 'https://a', machine: true, machineReason: 'scanner_timing' }),
        track('Email Opened', T + 20 * MINUTE, { sendId: 'sd_1' }),
        track('Email Link Clicked', T + 21 * MINUTE, { sendId: 'sd_1', url: 'https://a' }),
        track('Email Opened', T + 30 * MINUTE, { sendId: 'sd_2', machine: true, machineReason: 'gmail_image_proxy' }),
      ],
      params,
    );
    expect(state.tallies[SIGNAL_TALLIES.emailOpens.tally]?.n).toBe(1);
    expect(state.tallies[SIGNAL_TALLIES.emailClicks.tally]?.n).toBe(1);
    expect(state.eventCount).toBe(2);
    expect(state.lastSeenAt).toBe(T + 21 * MINUTE);
  });
});
