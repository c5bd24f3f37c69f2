import { describe, expect, it } from 'vitest';
import { createEmailTokens, TOKEN_LIFETIME_MS } from './email-tokens.js';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

describe('email tokens', () => {
  const tokens = createEmailTokens('a-secret-of-thirty-two-characters!');

  it('round-trips each kind, with the clicked URL', () => {
    for (const token of [{ kind: 'open', sendId: 's1' }, { kind: 'click', sendId: 's1', url: 'https://shop.example.fr/tarifs?x=1' }, { kind: 'unsubscribe', sendId: 's2' }] as const) {
      expect(tokens.open(tokens.seal(token, T0), T0 + 1000)).toEqual(token);
    }
  });

  it('is opaque: neither the send nor the URL can be read from it', () => {
    const sealed = tokens.seal({ kind: 'click', sendId: 'send-visible', url: 'https://shop.example.fr/' }, T0);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toMatch(/send-visible|shop\.example/);
  });

  it('refuses a token altered by one character, sealed under another secret, or expired', () => {
    const sealed = tokens.seal({ kind: 'click', sendId: 's1', url: 'https://shop.example.fr/' }, T0);
    const flipped = sealed.slice(0, 30) + (sealed[30] === 'A' ? 'B' : 'A') + sealed.slice(31);
    expect(tokens.open(flipped, T0)).toBeNull();
    expect(createEmailTokens('another-secret-of-32-characters!!').open(sealed, T0)).toBeNull();
    expect(tokens.open(sealed, T0 + TOKEN_LIFETIME_MS + 1000)).toBeNull();
    expect(tokens.open('not a token', T0)).toBeNull();
  });
});
