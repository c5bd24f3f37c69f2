import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoEvents } from '../demo/generate-demo.js';
import { cliHarness } from '../test-support/cli-harness.js';

describe('leadpulse model', () => {
  const h = cliHarness('model');

  beforeAll(async () => {
    // The demo trains the predictive score once loaded; the command returns when the model is published.
    expect(await h.run('demo', '--visitors', '3000', '--seed', '5')).toBe(0);
  }, 240_000);

  it("shows the demo's published model card, with its validation against the doctrine", async () => {
    expect(await h.run('model', 'show')).toBe(0);
    expect(h.stdout()).toMatch(/\((boosted|logistic), purchase within 30 days\), published/);
    expect(h.stdout()).toMatch(/AUC \(validation\)\s+0\.\d{3}/);
    expect(h.stdout()).toMatch(/Calibration \(predicted → observed\)/);
    expect(await h.run('model', 'show', '--format', 'json')).toBe(0);
    const { published } = JSON.parse(h.stdout());
    expect(published.card.auc).toBeGreaterThan(published.card.baselineAuc);
  });

  it('evaluates the published model on another dataset without touching the store', async () => {
    const file = join(h.dir, 'other.ndjson');
    writeFileSync(file, [...generateDemoEvents({ now: new Date(), visitors: 1500, seed: 99 })].map((e) => JSON.stringify(e)).join('\n'));
    expect(await h.run('model', 'evaluate', '--data', file, '--format', 'json'), h.stderr()).toBe(0);
    const figures = JSON.parse(h.stdout());
    expect(figures.snapshots).toBeGreaterThan(1000);
    expect(figures.positives).toBeGreaterThan(0);
    expect(figures.auc).toBeGreaterThan(0.6);
    expect(figures.reliability).toHaveLength(10);
    expect(await h.run('model', 'show', '--format', 'json')).toBe(0);
    expect(JSON.parse(h.stdout()).runs).toHaveLength(1);
  }, 120_000);

  it('names the missing --data file and the unknown action', async () => {
    expect(await h.run('model', 'evaluate')).toBe(2);
    expect(h.stderr()).toMatch(/needs --data <file>/);
    expect(await h.run('model', 'retrain')).toBe(2);
    expect(h.stderr()).toMatch(/Unknown action "retrain"/);
  });
});
