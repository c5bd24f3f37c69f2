import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { contactId } from '../shared/ids.js';
import { track } from '../test-support/events.js';
import type { Scenario } from './scenario.js';
import { simulateScenario } from './simulate.js';

describe('a dry run under a sending policy', () => {
  it('shows an email decided in quiet hours at the instant it would leave, and an alert at once', () => {
    const doctrine = compileDoctrine({ ...DOCTRINE_PRESETS['suspect-prospect-lead']!, sending: { quietHours: { from: '21:00', to: '08:00' }, defaultTimeZone: 'Europe/Paris' } });
    const scenario: Scenario = {
      key: 'night-demo',
      name: 'Night demo',
      trigger: { type: 'event', event: 'Demo Requested' },
      steps: [
        { id: 'alert', type: 'sales_alert', to: 'owner' },
        { id: 'email', type: 'send_email', template: 'thanks' },
      ],
      exit: [],
      reentry: { policy: 'never' },
    };
    const decided = Date.parse('2025-03-29T22:00:00Z'); // Saturday 23:00 in Paris, the night the clocks go forward
    const result = simulateScenario({ scenario, doctrine, contacts: [{ contactId: contactId('night'), events: [track('Demo Requested', decided)] }], from: decided - 1000, until: decided + 86_400_000 });
    const at = (what: string) => new Date(result.lines.find((l) => l.what === what)!.at).toISOString();
    expect(at('sales_alert')).toBe('2025-03-29T22:00:00.000Z');
    expect(at('send_email')).toBe('2025-03-30T06:00:00.000Z');
  });
});
