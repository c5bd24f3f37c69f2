import { STANDARD_EVENTS, type LeadEvent } from '../events/lead-event.js';
import type { ContactState, FoldParams } from '../fold/contact-state.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import type { EpochMs } from '../shared/ids.js';
import type { Snapshot } from './dataset.js';

export interface SnapshotOptions {
  /** Milliseconds between snapshot instants (7 days: a weekly picture of every contact). */
  readonly every: number;
  /** The end of the data: no snapshot after it, and horizons that run past it are unknown. */
  readonly until: EpochMs;
  /** Instants are `origin + k·every` (default the epoch): every contact is pictured at the same instants. */
  readonly origin?: EpochMs;
  /** The stage a state is in at a time, so that the fold records when each stage was reached (time in stage). */
  readonly stageAt?: (state: ContactState, at: EpochMs) => string;
  /** No snapshot of a contact quiet for longer than this (default: none skipped); pictures resume at its next event. */
  readonly quietFor?: number;
}

const isPurchase = (event: LeadEvent) => event.type === 'track' && event.name === STANDARD_EVENTS.orderCompleted && !event.bot && !event.internal;

/** The first instant `origin + k·every` at or after `at`. */
const instantFrom = (at: EpochMs, origin: EpochMs, every: number): EpochMs => origin + Math.ceil((at - origin) / every) * every;

/**
 * One contact's training examples: its state at each instant from its first event until its first purchase or the end
 * of the data, each folding only the events at or before that instant, labelled later by the first purchase after it.
 * The events (in (at, id) order) are folded once, incrementally from one instant to the next. Snapshots stop at the
 * first purchase: the score predicts who will buy among contacts who have not, and purchase counts are no feature.
 * Example: `snapshotsOfContact('c1', events, compiled.foldParams, { every: 7 * DAY, until })`.
 */
export function snapshotsOfContact(contactId: string, events: readonly LeadEvent[], foldParams: FoldParams, options: SnapshotOptions): Snapshot[] {
  if (!(options.every > 0)) throw new Error(`snapshots need a positive interval, got ${options.every}`);
  const snapshots: Snapshot[] = [];
  const firstEvent = events[0];
  if (!firstEvent) return snapshots;
  const origin = options.origin ?? 0;
  const params: FoldParams = options.stageAt ? { ...foldParams, stageAt: options.stageAt } : foldParams;
  const purchase = events.find(isPurchase);
  const nextPurchaseAt = purchase && purchase.at <= options.until ? purchase.at : null;
  const end = nextPurchaseAt ?? Number.POSITIVE_INFINITY;
  let state = emptyContactState();
  let folded = 0;
  for (let at = instantFrom(firstEvent.at, origin, options.every); at <= options.until && at < end; at += options.every) {
    let upTo = folded;
    while (upTo < events.length && events[upTo]!.at <= at) upTo += 1;
    if (upTo > folded) state = foldEvents(state, events.slice(folded, upTo), params);
    folded = upTo;
    if (state.lastSeenAt === null) continue;
    if (options.quietFor !== undefined && at - state.lastSeenAt > options.quietFor) {
      // Skip the quiet stretch: the next picture is the first instant at or after the next event.
      const next = events[folded];
      if (!next) break;
      at = instantFrom(next.at, origin, options.every) - options.every;
      continue;
    }
    snapshots.push({ contactId, at, state, nextPurchaseAt, observedUntil: options.until });
  }
  return snapshots;
}
