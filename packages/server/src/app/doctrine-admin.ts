import { DEFAULT_PRESET, DOCTRINE_PRESETS, err, ok, validateDoctrine, type Doctrine, type DomainError, type Result } from '@leadpulse/core';
import { activateDoctrine, type ActiveDoctrine } from './active-doctrine.js';
import type { DoctrinePreview, ReclassifyReport } from './leadpulse-app.js';
import type { Clock, DoctrineVersion, Store, StoreTx } from './ports.js';
import type { Predictor } from './predict/predictor.js';
import { replayContacts } from './replay-contacts.js';
import type { LiveSegmentSet } from './segments/active-segments.js';

/** Holds the active doctrine; PUT replaces it and replays the history under the new version. */
export function createDoctrineAdmin(deps: { store: Pick<Store, 'doctrines' | 'contacts' | 'events' | 'transaction' | 'capabilities'>; clock: Clock; segments?: () => LiveSegmentSet }) {
  let active: ActiveDoctrine | null = null;
  // The published predictive model outlives doctrine versions: each new one is activated with it.
  let predictor: Predictor | null = null;

  const current = (): ActiveDoctrine => {
    if (!active) throw new Error('The doctrine is not loaded yet: call loadDoctrine() at start-up.');
    return active;
  };

  /**
   * Loads the active version, installing the default preset as version 1 on a new store. Versions only grow (each save
   * is the highest), so a load that read an older version than one already active (it overlapped a save, or a newer
   * load) leaves the newer one in place.
   */
  async function loadDoctrine(): Promise<ActiveDoctrine> {
    const stored = await deps.store.doctrines.active();
    const record = stored ?? (await deps.store.doctrines.save(DOCTRINE_PRESETS[DEFAULT_PRESET]!, { note: `preset ${DEFAULT_PRESET}`, now: deps.clock.now().getTime() }));
    if (!active || record.version > active.version) active = activateDoctrine(record, predictor);
    return active;
  }

  /**
   * The doctrine as committed now, for a transaction that holds its contacts' locks. With several processes on one
   * database (PostgreSQL), another may have saved a version since this one loaded: that version then classifies the
   * transaction, so a contact its replay has passed is never written back under the older one. One small read per
   * transaction; nothing with a single writer, whose doctrine is always the latest.
   */
  async function latestIn(tx: Pick<StoreTx, 'activeDoctrineVersion'>): Promise<ActiveDoctrine> {
    if (!deps.store.capabilities.concurrentWriters) return current();
    const version = await tx.activeDoctrineVersion();
    return version === null || version <= current().version ? current() : loadDoctrine();
  }

  function validate(input: unknown): Result<Doctrine, DomainError> {
    const result = validateDoctrine(input);
    if (result.ok) return result;
    return err({ code: 'invalid_doctrine', message: `The doctrine has ${result.error.length} problem(s); each issue names its path.`, issues: result.error });
  }

  async function preview(input: unknown): Promise<Result<DoctrinePreview, DomainError>> {
    const doctrine = validate(input);
    if (!doctrine.ok) return doctrine;
    const candidate = activateDoctrine({ version: current().version + 1, doctrine: doctrine.value, createdAt: deps.clock.now().getTime(), note: 'preview', active: false });
    const { events: _events, ...outcome } = await replayContacts(deps.store, candidate, { now: deps.clock.now().getTime(), clock: deps.clock, save: false });
    return ok(outcome);
  }

  async function reclassify(options: { dryRun: boolean; onProgress?: (done: number, total: number) => void }): Promise<ReclassifyReport> {
    const outcome = await replayContacts(deps.store, current(), { now: deps.clock.now().getTime(), clock: deps.clock, save: !options.dryRun, onProgress: options.onProgress, segments: deps.segments });
    return { contacts: outcome.contacts, events: outcome.events, changed: outcome.moved, dryRun: options.dryRun, moves: outcome.moves };
  }

  async function put(input: unknown, options: { note?: string }): Promise<Result<{ version: DoctrineVersion; report: ReclassifyReport }, DomainError>> {
    const doctrine = validate(input);
    if (!doctrine.ok) return doctrine;
    const record = await deps.store.doctrines.save(doctrine.value, { note: options.note ?? null, now: deps.clock.now().getTime() });
    active = activateDoctrine(record, predictor);
    return ok({ version: record, report: await reclassify({ dryRun: false }) });
  }

  /** Evaluations from now on also ask this model (null: none); contacts get its probability as they are evaluated. */
  function usePredictor(next: Predictor | null): void {
    predictor = next;
    if (active) active = activateDoctrine(active.record, predictor);
  }

  return { current, loadDoctrine, latestIn, usePredictor, validate, preview, reclassify, put, versions: () => deps.store.doctrines.versions() };
}
