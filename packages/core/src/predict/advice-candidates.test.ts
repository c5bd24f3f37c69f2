import { describe, expect, it } from 'vitest';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { validateDoctrine } from '../doctrine/validate-doctrine.js';
import type { Doctrine } from '../doctrine/doctrine.js';
import { adviceCandidates } from './advice-candidates.js';

const spl = DOCTRINE_PRESETS['suspect-prospect-lead']!;
const candidates = adviceCandidates(spl);
const byId = (id: string) => candidates.find((c) => c.id === id)!;
const stage = (doctrine: Doctrine, key: string) => doctrine.stages.find((s) => s.key === key)!.when;

describe('adviceCandidates on the default doctrine', () => {
  it('tries every leaf of hot, warm and cold, never the client stage, and each edit is a valid doctrine', () => {
    expect(candidates.length).toBeGreaterThan(40);
    expect(candidates.length).toBeLessThanOrEqual(80);
    expect(new Set(candidates.map((c) => c.id)).size).toBe(candidates.length);
    expect(candidates.some((c) => c.leafKey.startsWith('client:'))).toBe(false);
    for (const c of candidates) expect(validateDoctrine(c.doctrine).ok).toBe(true);
    expect(new Set(candidates.map((c) => c.kind))).toEqual(new Set(['drop_condition', 'move_condition', 'threshold', 'window']));
  });

  it('drops the chat condition from hot and leaves the rest of the doctrine as it was', () => {
    const drop = byId('drop_condition:hot:2');
    expect(drop.leaf).toEqual({ signal: 'chats', atLeast: 1, within: '30d' });
    expect(stage(drop.doctrine, 'hot')).toEqual({ any: [{ signal: 'abandonedCarts', atLeast: 1, within: '30d' }, { signal: 'calls', atLeast: 1, within: '30d' }, { signal: 'demoRequests', atLeast: 1, within: '30d' }, { signal: 'offerViews', atLeast: 3, within: '30d' }] });
    expect(stage(drop.doctrine, 'warm')).toBe(stage(spl, 'warm'));
    expect(drop.doctrine.points).toBe(spl.points);
  });

  it('moves the chat condition down to warm, as one more way to be warm', () => {
    const move = byId('move_condition:hot:2');
    expect([move.stageIndex, move.targetIndex]).toEqual([1, 2]);
    const warm = stage(move.doctrine, 'warm') as { any: unknown[] };
    expect(warm.any).toHaveLength(5);
    expect(warm.any[4]).toEqual({ signal: 'chats', atLeast: 1, within: '30d' });
  });

  it('steps thresholds and windows one rung of their ladder each way', () => {
    expect(candidates.filter((c) => c.leafKey === 'hot:4' && c.kind === 'threshold').map((c) => c.replacement)).toEqual([
      { signal: 'offerViews', atLeast: 2, within: '30d' },
      { signal: 'offerViews', atLeast: 5, within: '30d' },
    ]);
    // A one-chat threshold can only rise; engaged seconds have their own ladder.
    expect(candidates.filter((c) => c.leafKey === 'hot:2' && c.kind === 'threshold').map((c) => c.id)).toEqual(['threshold:hot:2:atLeast=2']);
    expect(candidates.filter((c) => c.leafKey === 'cold:1' && c.kind === 'threshold').map((c) => c.id)).toEqual(['threshold:cold:1:atLeast=60', 'threshold:cold:1:atLeast=300']);
    expect(candidates.filter((c) => c.leafKey === 'hot:2' && c.kind === 'window').map((c) => c.id)).toEqual(['window:hot:2:within=14d', 'window:hot:2:within=90d']);
    // 365 days is past the ladder's widest rung: it can only narrow.
    expect(candidates.filter((c) => c.leafKey === 'cold:0' && c.kind === 'window').map((c) => c.id)).toEqual(['window:cold:0:within=90d']);
  });

  it('does not move a leaf that only counts together with others (inside all), but may drop it', () => {
    expect(candidates.some((c) => c.id === 'move_condition:cold:0')).toBe(false);
    expect(stage(byId('drop_condition:cold:0').doctrine, 'cold')).toEqual({ signal: 'engagedSeconds', atLeast: 120, within: '365d' });
  });

  it('never drops the only condition of a stage, and stops at the bound', () => {
    const single: Doctrine = { ...spl, stages: [spl.stages[0]!, { ...spl.stages[1]!, when: { signal: 'chats', atLeast: 1 } }] };
    expect(adviceCandidates(single).map((c) => c.id)).toEqual(['threshold:hot:rule:atLeast=2']);
    expect(adviceCandidates(spl, { maxCandidates: 10 })).toHaveLength(10);
  });
});
