import {
  DAY,
  createDatasetBuilder,
  featureSpecOf,
  readsPrediction,
  snapshotsOfContact,
  surveyFeatures,
  type CompiledDoctrine,
  type ContactId,
  type ContactState,
  type Dataset,
  type EpochMs,
  type FeatureSpec,
  type Snapshot,
} from '@leadpulse/core';
import type { ActiveDoctrine } from '../active-doctrine.js';
import type { Store } from '../ports.js';
import type { TrainingProgress } from './model-ports.js';

export interface TrainingData {
  readonly spec: FeatureSpec;
  readonly dataset: Dataset;
  /** The doctrine's own ranking of each row (stage precedence, then score): what the model must beat. */
  readonly baseline: Float64Array;
  readonly contacts: number;
}

export interface CollectOptions {
  readonly horizonDays: number;
  readonly now: EpochMs;
  /** Between two pictures of a contact (default a day up to 20,000 contacts, a week beyond: rows stay under a few million). */
  readonly every?: number;
  /** Contacts whose states decide which columns exist (event names, sources, trait levels). */
  readonly surveyContacts?: number;
  readonly chunkSize?: number;
  /** The columns of a published model, to score other data with it (no survey then). */
  readonly spec?: FeatureSpec;
  readonly onProgress?: (progress: TrainingProgress) => void;
}

const SURVEY_CONTACTS = 50_000;
const DAILY_UP_TO = 20_000;
// At most this many cells in the training matrix (8 bytes each: 1.2 GB), so a long history cannot exhaust memory.
// Contacts come in random id order, so stopping early keeps a fair sample of them.
const MAX_CELLS = 150_000_000;

/**
 * Training examples from the event log by replay: each contact's history is folded once, pictured every day or week from its
 * first event until it buys or the data ends, and each picture labelled by whether it bought within the horizon after
 * it. A picture folds only the events up to its instant, so no feature looks past it. The columns come from a survey
 * of the stored states (ids are random, so the first contacts by id are a fair sample).
 */
export async function collectTrainingData(store: Pick<Store, 'contacts' | 'events'>, doctrine: ActiveDoctrine, options: CollectOptions): Promise<TrainingData> {
  const compiled = doctrine.compiled;
  const chunkSize = options.chunkSize ?? 500;
  const total = Object.values(await store.contacts.countByStage()).reduce((a, b) => a + b, 0);

  const spec = options.spec ?? (await surveyColumns(store, compiled, total, chunkSize, options));

  const stageAt = (state: ContactState, at: EpochMs) => compiled.stageOf(state, at).stage;
  const every = options.every ?? (total <= DAILY_UP_TO ? DAY : 7 * DAY);
  // A contact quiet for longer than the longest feature window looks the same every day (only recency grows): its
  // pictures would bury the active stretches of years of imported history under copies. Pictures resume at its next event.
  const longestWindow = Math.max(0, ...spec.windowsDays) * DAY;
  const quiet = longestWindow > 0 ? { quietFor: longestWindow } : {};
  const maxRows = Math.floor(MAX_CELLS / Math.max(1, spec.features.length));
  const builder = createDatasetBuilder(spec, options.horizonDays, stageAt, Math.min(Math.max(total, 1) * 2, 65_536));
  const baseline: number[] = [];
  let contacts = 0;
  for await (const ids of contactChunks(store, chunkSize)) {
    const histories = await store.events.historiesOf(ids);
    for (const id of ids) {
      const pictures = snapshotsOfContact(id, histories.get(id) ?? [], compiled.foldParams, { every, until: options.now, stageAt, ...quiet });
      for (const picture of pictures) if (builder.add(picture)) baseline.push(doctrineRank(compiled, picture));
    }
    contacts += ids.length;
    options.onProgress?.({ phase: 'snapshots', done: contacts, total });
    if (builder.rows >= maxRows) break;
  }
  return { spec, dataset: builder.build(), baseline: Float64Array.from(baseline), contacts };
}

async function surveyColumns(store: Pick<Store, 'contacts'>, compiled: CompiledDoctrine, total: number, chunkSize: number, options: CollectOptions): Promise<FeatureSpec> {
  const limit = options.surveyContacts ?? SURVEY_CONTACTS;
  const states: ContactState[] = [];
  for await (const ids of contactChunks(store, chunkSize)) {
    for (const record of await store.contacts.getMany(ids)) states.push(record.state);
    options.onProgress?.({ phase: 'survey', done: states.length, total: Math.min(total, limit) });
    if (states.length >= limit) break;
  }
  return featureSpecOf({ doctrine: compiled.doctrine, ...surveyFeatures(states), stageColumns: !readsPrediction(compiled.doctrine) });
}

async function* contactChunks(store: Pick<Store, 'contacts'>, size: number): AsyncGenerator<ContactId[]> {
  let cursor: ContactId | null = null;
  for (;;) {
    const ids = await store.contacts.idsAfter(cursor, size);
    if (ids.length === 0) return;
    cursor = ids[ids.length - 1]!;
    yield ids;
  }
}

/** Higher for a stage of higher precedence; the score, squashed into (−0.5, 0.5), breaks ties within a stage. */
function doctrineRank(compiled: CompiledDoctrine, picture: Snapshot): number {
  const { stage, score } = compiled.classify(picture.state, picture.at);
  const index = compiled.stageKeys.indexOf(stage);
  return compiled.stageKeys.length - index + (0.5 * score) / (1 + Math.abs(score));
}
