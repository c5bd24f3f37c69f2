import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenarios/validate-scenario.js';

const base = {
  key: 'welcome',
  name: 'Welcome',
  trigger: { type: 'event', event: 'Signed Up' },
  steps: [{ id: 'first', type: 'send_email', template: 'welcome' }],
  exit: [],
  reentry: { policy: 'never' },
};
const known = { templates: new Set(['welcome', 'welcome-short']) };
const issuesOf = (doc: unknown) => {
  const result = validateScenario(doc, known);
  return result.ok ? [] : result.error.map((i) => `${i.path.join('.')}: ${i.code}`);
};

describe('control groups and A/B variants in a scenario document', () => {
  it('accepts a control group and variants, and every document that had neither', () => {
    expect(issuesOf(base)).toEqual([]);
    const measured = {
      ...base,
      controlGroup: { percent: 10 },
      steps: [{ id: 'first', type: 'send_email', template: 'welcome', variants: [{ id: 'a', template: 'welcome' }, { id: 'b', template: 'welcome-short', subject: 'Hi', weight: 30 }] }],
    };
    expect(issuesOf(measured)).toEqual([]);
  });

  it.each([
    [{ percent: 0 }, 'controlGroup.percent: invalid_value'],
    [{ percent: 60 }, 'controlGroup.percent: invalid_value'],
    [{ share: 10 }, 'controlGroup.share: unknown_key'],
    [10, 'controlGroup: invalid_type'],
  ])('refuses the control group %j', (controlGroup, issue) => {
    expect(issuesOf({ ...base, controlGroup })).toContain(issue);
  });

  it.each([
    [[{ id: 'a', template: 'welcome' }], 'steps.0.variants: invalid_value'],
    [[{ id: 'a', template: 'welcome' }, { id: 'a', template: 'welcome-short' }], 'steps.0.variants.1.id: duplicate_key'],
    [[{ id: 'a', template: 'welcome' }, { id: 'b', template: 'nowhere' }], 'steps.0.variants.1.template: unknown_template'],
    [[{ id: 'a', template: 'welcome', weight: 0 }, { id: 'b', template: 'welcome' }], 'steps.0.variants.0.weight: invalid_value'],
    [[{ id: 'a', template: 'welcome', colour: 'red' }, { id: 'b', template: 'welcome' }], 'steps.0.variants.0.colour: unknown_key'],
  ])('refuses the variants %j', (variants, issue) => {
    expect(issuesOf({ ...base, steps: [{ id: 'first', type: 'send_email', template: 'welcome', variants }] })).toContain(issue);
  });
});
