import { SIGNALS, SIGNAL_TALLIES, DAY, consentOf, viewTally, type Touch } from '@leadpulse/core';
import type { ContactDocument } from '@leadpulse/contract';
import type { ContactView } from '../app/leadpulse-app.js';
import type { StageChange } from '../app/ports.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const touch = (t: Touch | null) => (t ? { ...t, at: new Date(t.at).toISOString() } : null);

/** Maps a contact view to the pinned contact document; aggregates are read from the folded tallies at `now`. */
export function toContactDocument(view: ContactView, now: number, lang: 'en' | 'fr' = 'en'): ContactDocument {
  const { record, identities } = view;
  const signals: ContactDocument['aggregates']['signals'] = {};
  for (const signal of SIGNALS) {
    const { tally: key, measure } = SIGNAL_TALLIES[signal];
    const tally = record.state.tallies[key];
    const pick = (within?: number) => {
      const view = viewTally(tally, now, within);
      return Math.round((measure === 'sum' ? view.sum : view.count) * 100) / 100;
    };
    signals[signal] = { lifetime: pick(), last30d: pick(30 * DAY), last90d: pick(90 * DAY), last365d: pick(365 * DAY) };
  }
  return {
    id: record.id,
    userId: record.userId,
    anonymousIds: identities.filter((i) => i.kind === 'anonymous').map((i) => i.value),
    email: record.email,
    traits: record.state.traits,
    stage: record.stage,
    stageLabel: view.stageLabels[lang],
    stageLabels: view.stageLabels,
    stageSince: new Date(record.stageSince).toISOString(),
    score: record.score,
    scoreLines: [...record.scoreLines],
    reasons: record.reasons.map((r) => ({ stage: r.stage, conditions: r.conditions.map((c) => ({ ...c, evidence: [...c.evidence] })) })),
    aggregates: {
      signals,
      firstSeenAt: iso(record.firstSeenAt),
      lastSeenAt: iso(record.lastSeenAt),
      lastPath: record.state.lastPath,
      firstTouch: touch(record.state.firstTouch),
      lastTouch: touch(record.state.lastTouch),
      events: record.state.eventCount,
    },
    nextEvaluationAt: iso(record.nextEvalAt),
    doctrineVersion: record.doctrineVersion,
    createdAt: new Date(record.createdAt).toISOString(),
    consent: consentDocument(record.state),
    predicted: record.predicted,
  };
}

export const toStageChangeDocument = (change: StageChange) => ({
  id: change.id,
  from: change.from,
  to: change.to,
  at: new Date(change.at).toISOString(),
  cause: change.cause,
  doctrineVersion: change.doctrineVersion,
  score: change.score,
  reasons: change.reasons,
});

/** Consent per purpose as the API shows it: the answer, where it came from, and when (ISO), or nulls when never given. */
function consentDocument(state: Parameters<typeof consentOf>[0]): NonNullable<ContactDocument['consent']> {
  const consent = consentOf(state);
  return Object.fromEntries(Object.entries(consent).map(([purpose, c]) => [purpose, { granted: c.granted, source: c.source, at: iso(c.at) }])) as NonNullable<ContactDocument['consent']>;
}
