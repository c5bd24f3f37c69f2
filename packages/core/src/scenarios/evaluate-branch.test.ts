import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { DAY } from '../shared/duration.js';
import { page, track } from '../test-support/events.js';
import { conditionEvaluator, evaluateBranch, type BranchInput } from './evaluate-branch.js';
import type { BranchCondition } from './scenario.js';

const doctrine = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!);
const T0 = Date.parse('2025-05-01T10:00:00Z');
const input = (more: Partial<BranchInput> = {}): BranchInput => ({ facts: { stage: 'warm', traits: {} }, events: [], since: T0, engagement: {}, now: T0 + 5 * DAY, ...more });
const holds = (condition: BranchCondition, more?: Partial<BranchInput>) => evaluateBranch(condition, input(more));

describe('evaluateBranch', () => {
  it('reads engagement by step or of any send; a click counts as an open', () => {
    const engagement = { first: { opened: true }, second: { clicked: true } };
    expect(holds({ sent: 'first', engaged: 'opened' }, { engagement })).toBe(true);
    expect(holds({ sent: 'first', engaged: 'clicked' }, { engagement })).toBe(false);
    expect(holds({ sent: 'second', engaged: 'opened' }, { engagement })).toBe(true);
    expect(holds({ sent: '*', engaged: 'clicked' }, { engagement })).toBe(true);
    expect(holds({ sent: '*', engaged: 'opened' })).toBe(false);
  });

  it('counts events after the start only, with their property filter', () => {
    const events = [track('Demo Requested', T0, { size: 'large' }), track('Demo Requested', T0 + DAY, { size: 'small' })];
    expect(holds({ eventSince: 'Demo Requested', where: { size: 'large' } }, { events })).toBe(false);
    expect(holds({ eventSince: 'Demo Requested', where: { size: 'SMALL' } }, { events })).toBe(true);
    expect(holds({ eventSince: 'Demo Requested' }, { events, now: T0 + DAY - 1 })).toBe(false);
  });

  it('combines its own forms with the doctrine language', () => {
    expect(holds({ all: [{ stage: 'warm' }, { not: { trait: 'vip', op: 'eq', value: true } }] })).toBe(true);
    expect(holds({ any: [{ stage: ['hot', 'client'] }, { score: { atLeast: 1 } }] }, { facts: { stage: 'warm', traits: {}, score: 3 } })).toBe(true);
    expect(holds({ signal: 'pageViews', atLeast: 1 })).toBe(false);
  });

  it('evaluates doctrine conditions against the folded state, with windows at now', () => {
    const state = foldEvents(emptyContactState(), [page('/pricing', T0 + DAY), page('/blog', T0 + 2 * DAY)], doctrine.foldParams);
    const evaluate = conditionEvaluator(doctrine, state);
    expect(holds({ signal: 'pageViews', atLeast: 2, within: '5d' }, { facts: { stage: 'warm', traits: {}, evaluate } })).toBe(true);
    expect(holds({ signal: 'offerViews', atLeast: 1, within: '3d' }, { facts: { stage: 'warm', traits: {}, evaluate } })).toBe(false);
    expect(holds({ score: { atLeast: 1 } }, { facts: { stage: 'warm', traits: {}, evaluate } })).toBe(true);
  });
});
