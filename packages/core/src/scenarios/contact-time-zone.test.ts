import { describe, expect, it } from 'vitest';
import { contactTimeZone } from './contact-time-zone.js';

describe('contactTimeZone', () => {
  it('prefers a valid timezone trait, then what the tracker saw, then the doctrine, then the server', () => {
    expect(contactTimeZone({ traits: { timezone: 'America/New_York' }, seenTimeZone: 'Asia/Tokyo', policyDefault: 'Europe/Paris', serverDefault: 'UTC' })).toEqual({ zone: 'America/New_York', source: 'trait' });
    expect(contactTimeZone({ traits: { timeZone: 'Asia/Tokyo' }, serverDefault: 'UTC' })).toEqual({ zone: 'Asia/Tokyo', source: 'trait' });
    expect(contactTimeZone({ traits: {}, seenTimeZone: 'Asia/Tokyo', policyDefault: 'Europe/Paris', serverDefault: 'UTC' })).toEqual({ zone: 'Asia/Tokyo', source: 'tracker' });
    expect(contactTimeZone({ traits: {}, seenTimeZone: null, policyDefault: 'Europe/Paris', serverDefault: 'UTC' })).toEqual({ zone: 'Europe/Paris', source: 'policy' });
    expect(contactTimeZone({ traits: {}, serverDefault: 'UTC' })).toEqual({ zone: 'UTC', source: 'server' });
  });

  it('skips a zone Intl does not know instead of trusting it', () => {
    expect(contactTimeZone({ traits: { timezone: 'Mars/Olympus' }, seenTimeZone: 'nowhere', policyDefault: 'Europe/Paris', serverDefault: 'UTC' })).toEqual({ zone: 'Europe/Paris', source: 'policy' });
    expect(contactTimeZone({ traits: { timezone: 42 }, serverDefault: 'UTC' }).source).toBe('server');
  });
});
