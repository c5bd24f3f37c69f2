import { describe, expect, it } from 'vitest';
import { hasLoneSurrogate, toWellFormedText } from './well-formed-text.js';

describe('toWellFormedText', () => {
  it('replaces lone surrogates in texts and keys with U+FFFD, and keeps pairs', () => {
    const value = Object.fromEntries([['__proto__', { cut: 'Hi \ud83d' }], ['k\udc00', ['ok 🙂', '\ud800x']], ['n', 1]]);
    const fixed = toWellFormedText(value);
    expect(JSON.stringify(fixed)).toBe('{"__proto__":{"cut":"Hi \ufffd"},"k\ufffd":["ok 🙂","\ufffdx"],"n":1}');
    expect(Object.getPrototypeOf(fixed)).toBe(Object.prototype);
    expect(hasLoneSurrogate('ok 🙂')).toBe(false);
  });

  it('returns the same value when there is nothing to replace', () => {
    const value = { a: ['x', { b: 'é🙂' }], c: null };
    expect(toWellFormedText(value)).toBe(value);
  });
});
