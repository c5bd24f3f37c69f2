import { describe, expect, it } from 'vitest';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { compileSegments } from '../segments/compile-segment.js';
import { validateSegment } from '../segments/validate-segment.js';
import { conditionEvaluator } from '../scenarios/evaluate-branch.js';
import { compileDoctrine, readsPrediction } from './compile-doctrine.js';
import type { Doctrine } from './doctrine.js';
import { DEFAULT_PRESET, DOCTRINE_PRESETS } from './presets/index.js';
import { validateDoctrine } from './validate-doctrine.js';

const NOW = Date.UTC(2026, 10, 2);
const preset = DOCTRINE_PRESETS[DEFAULT_PRESET]!;
// "Hot if the model gives a 30-day purchase 20 % or more", ahead of the preset's own stages.
const withPrediction: Doctrine = {
  ...preset,
  stages: [{ key: 'likely', labels: { en: 'Likely buyer', fr: 'Acheteur probable' }, temperature: 'hot', when: { predicted: { atLeast: 0.2 } } }, ...preset.stages],
};
const state = { ...emptyContactState(), firstSeenAt: NOW - 1000, lastSeenAt: NOW - 1000 };

describe('the predicted condition', () => {
  it('is valid doctrine language, refusing probabilities outside 0–1 with their path', () => {
    expect(validateDoctrine(withPrediction).ok).toBe(true);
    const bad = validateDoctrine({ ...withPrediction, stages: [{ ...withPrediction.stages[0]!, when: { predicted: { atLeast: 20 } } }, ...preset.stages] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContainEqual(expect.objectContaining({ path: ['stages', 0, 'when', 'predicted', 'atLeast'], code: 'invalid_value' }));
    expect(readsPrediction(withPrediction)).toBe(true);
    expect(readsPrediction(preset)).toBe(false);
  });

  it('classifies by the bound model and says why, in words and with the probability observed', () => {
    const likely = compileDoctrine(withPrediction, { predict: () => 0.34 }).classify(state, NOW);
    expect(likely.stage).toBe('likely');
    expect(likely.reasons[0]!.conditions[0]).toMatchObject({ text: 'predicted purchase probability at least 20 % (observed 34 %)', observed: 0.34 });
    expect(compileDoctrine(withPrediction, { predict: () => 0.05 }).classify(state, NOW).stage).not.toBe('likely');
  });

  it('never holds without a published model', () => {
    const compiled = compileDoctrine(withPrediction);
    expect(compiled.predicted(state, NOW)).toBeNull();
    expect(compiled.classify(state, NOW).stage).not.toBe('likely');
  });

  it('is asked once per evaluation, however many rules read it', () => {
    let calls = 0;
    const twice: Doctrine = { ...withPrediction, stages: [{ ...withPrediction.stages[0]!, when: { all: [{ predicted: { atLeast: 0.2 } }, { predicted: { atMost: 0.9 } }] } }, ...preset.stages] };
    compileDoctrine(twice, { predict: () => (calls++, 0.5) }).stageOf(state, NOW);
    expect(calls).toBe(1);
  });

  it('targets segments and scenario branches by the probability', () => {
    const definition = { key: 'likely-buyers', name: 'Likely buyers', where: { predicted: { atLeast: 0.3 } } };
    expect(validateSegment(definition).ok).toBe(true);
    expect(validateSegment({ ...definition, where: { predicted: { atLeast: 0.6, atMost: 0.3 } } }).ok).toBe(false);
    const segments = compileSegments([definition as never]);
    expect(segments.evaluate({ state, stage: 'cold', score: 0, predicted: 0.45 }, NOW).members).toEqual(['likely-buyers']);
    expect(segments.evaluate({ state, stage: 'cold', score: 0, predicted: null }, NOW).members).toEqual([]);
    const branch = conditionEvaluator(compileDoctrine(preset, { predict: () => 0.25 }), state);
    expect(branch({ predicted: { atLeast: 0.2 } }, NOW)).toBe(true);
    expect(branch({ predicted: { atLeast: 0.3 } }, NOW)).toBe(false);
  });
});
