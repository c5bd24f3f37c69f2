import { describe, expect, it } from 'vitest';
import { DOCTRINE_PRESETS } from './presets/index.js';
import { validateDoctrine } from './validate-doctrine.js';

// A loosely typed copy: these tests break the document on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const preset = () => structuredClone(DOCTRINE_PRESETS['suspect-prospect-lead']!) as unknown as Record<string, any>;
const issues = (doc: unknown) => {
  const result = validateDoctrine(doc);
  return result.ok ? [] : result.error.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
};

describe('validateDoctrine', () => {
  it('accepts both presets', () => {
    for (const doctrine of Object.values(DOCTRINE_PRESETS)) expect(issues(doctrine)).toEqual([]);
  });

  it('names the exact path of a bad window and says what it expects', () => {
    const doc = preset();
    doc.stages[1].when.any[0].within = 'a month';
    expect(issues(doc)).toEqual([{ path: 'stages.1.when.any.0.within', code: 'invalid_value', message: 'expected a duration such as "30d", "12h", "45m" or "90s", got "a month"' }]);
  });

  it('lists the valid signals when one is unknown, and catches duplicate keys, labels and unknown fields', () => {
    const doc = preset();
    doc.stages[0].when = { signal: 'pageview', atLeast: 1 };
    doc.stages[2].key = 'hot';
    delete doc.stages[3].labels.fr;
    doc.colour = 'red';
    const found = issues(doc);
    expect(found.find((i) => i.path === 'stages.0.when.signal')?.message).toContain('expected one of pageViews, engagedSeconds');
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'stages.2.key', code: 'duplicate_key' }),
        expect.objectContaining({ path: 'stages.3.labels.fr', code: 'missing_field' }),
        expect.objectContaining({ path: 'colour', code: 'unknown_key' }),
      ]),
    );
  });

  it('checks conditions, trait operators, offer patterns and point rules', () => {
    const doc = preset();
    doc.stages[0].when = { any: [] };
    doc.stages[1].when = { trait: 'city', op: 'eq' };
    doc.stages[2].when = { signal: 'chats', event: 'Chat Started' };
    doc.offerPages = ['tarifs'];
    doc.points.rules.push({ id: 'page-view', signal: 'pageViews', points: 'many' });
    expect(issues(doc).map((i) => `${i.path} ${i.code}`)).toEqual([
      'stages.0.when.any invalid_type',
      'stages.1.when.value missing_field',
      'stages.2.when invalid_value',
      'offerPages.0 invalid_value',
      'points.rules.10.id duplicate_key',
      'points.rules.10.points invalid_type',
    ]);
  });

  it("takes each stage's follow-up (a scenario key and a frequency cap) and names what is wrong in one", () => {
    const doctrine = preset();
    doctrine.stages[1].followUp = { scenario: 'hot-sales-alert', frequencyCap: { messages: 3, within: '7d' } };
    expect(issues(doctrine)).toEqual([]);
    doctrine.stages[1].followUp = { scenario: 'Hot Alert', frequencyCap: { messages: -1, within: 'soon' }, channel: 'sms' };
    expect(issues(doctrine).map((i) => i.path)).toEqual(['stages.1.followUp.channel', 'stages.1.followUp.scenario', 'stages.1.followUp.frequencyCap.messages', 'stages.1.followUp.frequencyCap.within']);
  });

  it('rejects a document that is not an object or misses required parts', () => {
    expect(issues(null)).toEqual([{ path: '', code: 'invalid_type', message: 'expected a doctrine object' }]);
    expect(issues({}).map((i) => i.path)).toEqual(['name', 'stages', 'fallback', 'offerPages', 'microConversions', 'cartAbandonAfter', 'sessionGap', 'points']);
  });
});
