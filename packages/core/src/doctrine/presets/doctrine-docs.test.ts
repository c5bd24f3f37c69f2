import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyContactState } from '../../fold/empty-contact-state.js';
import { foldEvents } from '../../fold/fold-events.js';
import { page } from '../../test-support/events.js';
import { compileDoctrine } from '../compile-doctrine.js';
import { DOCTRINE_PRESETS } from './index.js';
import { renderPresetDocs } from './render-preset-docs.js';

const doc = readFileSync(new URL('../../../../../docs/doctrine.md', import.meta.url), 'utf8');

describe('docs/doctrine.md', () => {
  it('shows the presets exactly as the code defines them (regenerate with `npm run docs:doctrine`)', () => {
    expect(doc.endsWith(renderPresetDocs())).toBe(true);
  });

  it('tells the truth in its first worked example', () => {
    const T = Date.UTC(2026, 9, 1, 10, 0, 0);
    const compiled = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!);
    const state = foldEvents(emptyContactState(), [page('/', T), page('/fonctionnalites', T + 60_000), page('/blog/crm-pme-guide', T + 180_000)], compiled.foldParams);
    const result = compiled.classify(state, T + 3_600_000);
    expect(result.stage).toBe('cold');
    for (const condition of result.reasons[0]!.conditions) expect(doc).toContain(condition.text);
    expect(result.nextChangeAt).toBe(T + 365 * 86_400_000);
  });
});
