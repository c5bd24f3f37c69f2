import { err, foldGaps, ok, validateSegment, type ContactId, type DomainError, type EpochMs, type Issue, type Result, type SegmentCondition, type SegmentDefinition, type StageKey } from '@leadpulse/core';
import type { ActiveDoctrine } from '../active-doctrine.js';
import type { ContactView } from '../leadpulse-app.js';
import { contactViews } from '../contact-queries.js';
import { newId } from '../new-id.js';
import type { Clock, ContactRecord, Store } from '../ports.js';
import { createFindMembers, type MemberCount } from './find-members.js';
import type { SegmentExportRow, SegmentRecord } from './segment-ports.js';

/** The key an unsaved preview is evaluated under (a slug no saved segment is expected to take). */
const PREVIEW_KEY = 'unsaved-preview';
/** Candidates the live preview evaluates before it extrapolates: the builder's count must answer while typing. */
const PREVIEW_BUDGET = 20_000;
const SAMPLE = 10;
const DAY = 86_400_000;

export interface SegmentView extends SegmentRecord {
  readonly size: number;
}

export interface SegmentPreviewResult extends Omit<MemberCount, 'sample' | 'candidates'> {
  readonly tookMs: number;
  readonly sample: readonly ContactView[];
}

/** What keeps membership live (app/segments/rebuild-membership.ts): told when a segment is saved or deleted. */
export interface SegmentRebuilds {
  schedule(segmentId: string): void;
  removed(): Promise<void>;
}

export interface SegmentAdmin {
  list(): Promise<readonly SegmentView[]>;
  /** By id or by key. */
  get(idOrKey: string): Promise<Result<SegmentView, DomainError>>;
  validate(input: unknown): Promise<Result<SegmentDefinition, Issue[]>>;
  create(input: unknown): Promise<Result<SegmentView, DomainError>>;
  update(idOrKey: string, input: unknown): Promise<Result<SegmentView, DomainError>>;
  remove(idOrKey: string): Promise<Result<{ deleted: true }, DomainError>>;
  /** An unsaved `{ where, purchasingPower? }` counted now, with up to 10 members. */
  preview(input: unknown): Promise<Result<SegmentPreviewResult, DomainError>>;
  /** Every member counted now, evaluating every candidate (CLI `segments count`): a saved key or an unsaved definition. */
  count(what: { readonly idOrKey: string } | { readonly definition: unknown }): Promise<Result<MemberCount, DomainError>>;
  /** Stored members, by contact id, cursor-paged. */
  contacts(idOrKey: string, page: { limit: number; cursor?: string }): Promise<Result<{ contacts: readonly ContactView[]; nextCursor: string | null }, DomainError>>;
  breakdown(idOrKey: string): Promise<Result<readonly { stage: StageKey; count: number }[], DomainError>>;
  sizes(idOrKey: string, days: number): Promise<Result<readonly { day: string; size: number }[], DomainError>>;
  /** The members' export rows, a page at a time: stored members of a live segment, computed ones while it builds. */
  exportRows(idOrKey: string): Promise<Result<AsyncIterable<readonly SegmentExportRow[]>, DomainError>>;
}

const notFound = (idOrKey: string): DomainError => ({ code: 'segment_not_found', message: `No segment has the id or key "${idOrKey}".` });
const invalid = (issues: readonly Issue[]): DomainError => ({ code: 'invalid_segment', message: `The segment has ${issues.length} problem(s); each issue names its path.`, issues });
const keyTaken = (key: string): DomainError => ({ code: 'segment_key_taken', message: `Another segment already has the key "${key}".` });
const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString();

/** Keys of the segments a condition refers to (`{ segment: key }` leaves). */
export function segmentReferences(condition: SegmentCondition): string[] {
  if ('all' in condition) return condition.all.flatMap(segmentReferences);
  if ('any' in condition) return condition.any.flatMap(segmentReferences);
  if ('not' in condition) return segmentReferences(condition.not);
  return 'segment' in condition && typeof condition.segment === 'string' ? [condition.segment] : [];
}

type Deps = {
  readonly store: Pick<Store, 'segments' | 'segmentQueries' | 'scenarios' | 'audiences' | 'contacts' | 'identities'>;
  readonly clock: Clock;
  readonly doctrine: () => ActiveDoctrine;
  readonly rebuilds?: SegmentRebuilds;
};

/** Saved segments: validated against the active doctrine's stages and the saved segments and scenarios, versioned, previewed. */
export function createSegmentAdmin(deps: Deps): SegmentAdmin {
  const members = createFindMembers(deps);
  const now = (): EpochMs => deps.clock.now().getTime();

  async function find(idOrKey: string): Promise<SegmentRecord | null> {
    return (await deps.store.segments.get(idOrKey)) ?? (await deps.store.segments.getByKey(idOrKey));
  }

  async function view(record: SegmentRecord): Promise<SegmentView> {
    return { ...record, size: await deps.store.segments.size(record.id) };
  }

  async function validate(input: unknown): Promise<Result<SegmentDefinition, Issue[]>> {
    const [saved, scenarios] = await Promise.all([deps.store.segments.all(), deps.store.scenarios.list()]);
    const { compiled } = deps.doctrine();
    const valid = validateSegment(input, {
      stages: compiled.stageKeys,
      segments: new Map(saved.map((s) => [s.key, s.definition])),
      scenarios: scenarios.map((s) => s.key),
    });
    if (!valid.ok) return valid;
    const gaps = foldGaps(valid.value, compiled.foldParams);
    return gaps.length > 0 ? err(gaps) : valid;
  }

  /** Why a segment cannot go (or change key): what refers to it. Null when nothing does. */
  async function usedBy(record: SegmentRecord): Promise<string | null> {
    const [scenarios, audiences, segments] = await Promise.all([deps.store.scenarios.list(), deps.store.audiences.list(), deps.store.segments.all()]);
    const scenario = scenarios.find((s) => s.scenario.trigger.type === 'segment_entered' && s.scenario.trigger.segment === record.key);
    if (scenario) return `the scenario "${scenario.key}" is triggered by it`;
    const audience = audiences.find((a) => a.segmentId === record.id);
    if (audience) return `the audience "${audience.name}" pushes it`;
    const segment = segments.find((s) => s.id !== record.id && segmentReferences(s.definition.where).includes(record.key));
    if (segment) return `the segment "${segment.key}" refers to it`;
    return null;
  }

  const views = (records: readonly ContactRecord[]): Promise<ContactView[]> => contactViews(deps, records);

  async function contactsByIds(ids: readonly ContactId[]): Promise<ContactView[]> {
    const records = await deps.store.contacts.getMany(ids);
    const order = new Map(ids.map((id, i) => [id as string, i]));
    return views([...records].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)));
  }

  async function withSegment<T>(idOrKey: string, then: (record: SegmentRecord) => Promise<T>): Promise<Result<T, DomainError>> {
    const record = await find(idOrKey);
    return record ? ok(await then(record)) : err(notFound(idOrKey));
  }

  return {
    async list() {
      return deps.store.segments.list();
    },
    get: (idOrKey) => withSegment(idOrKey, view),
    validate,

    async create(input) {
      const checked = await validate(input);
      if (!checked.ok) return err(invalid(checked.error));
      const at = now();
      const record: SegmentRecord = { id: newId('sg', at), key: checked.value.key, name: checked.value.name, definition: checked.value, version: 1, status: 'building', createdAt: at, updatedAt: at };
      if (!(await deps.store.segments.create(record))) return err(keyTaken(record.key));
      deps.rebuilds?.schedule(record.id);
      return ok({ ...record, size: 0 });
    },

    async update(idOrKey, input) {
      const current = await find(idOrKey);
      if (!current) return err(notFound(idOrKey));
      const checked = await validate(input);
      if (!checked.ok) return err(invalid(checked.error));
      if (checked.value.key !== current.key) {
        const reason = await usedBy(current);
        if (reason) return err({ code: 'segment_in_use', message: `The key of "${current.key}" cannot change: ${reason}.` });
      }
      const at = now();
      const record: SegmentRecord = { ...current, key: checked.value.key, name: checked.value.name, definition: checked.value, version: current.version + 1, status: 'building', updatedAt: at };
      if (!(await deps.store.segments.update(record))) return (await deps.store.segments.get(current.id)) ? err(keyTaken(record.key)) : err(notFound(idOrKey));
      deps.rebuilds?.schedule(record.id);
      return ok(await view(record));
    },

    async remove(idOrKey) {
      const current = await find(idOrKey);
      if (!current) return err(notFound(idOrKey));
      const reason = await usedBy(current);
      if (reason) return err({ code: 'segment_in_use', message: `"${current.key}" cannot be deleted: ${reason}.` });
      if (!(await deps.store.segments.remove(current.id, now()))) return err(notFound(idOrKey));
      await deps.rebuilds?.removed();
      return ok({ deleted: true as const });
    },

    async preview(input) {
      const started = performance.now();
      const body = typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {};
      const checked = await validate({ key: PREVIEW_KEY, name: 'Preview', ...body });
      if (!checked.ok) return err(invalid(checked.error));
      const counted = await members.count(checked.value, now(), { budget: PREVIEW_BUDGET, sample: SAMPLE });
      const sample = await contactsByIds(counted.sample);
      return ok({ count: counted.count, exact: counted.exact, byStage: counted.byStage, sample, tookMs: Math.round((performance.now() - started) * 10) / 10 });
    },

    async count(what) {
      let definition: SegmentDefinition;
      if ('idOrKey' in what) {
        const record = await find(what.idOrKey);
        if (!record) return err(notFound(what.idOrKey));
        definition = record.definition;
      } else {
        const checked = await validate(what.definition);
        if (!checked.ok) return err(invalid(checked.error));
        definition = checked.value;
      }
      return ok(await members.count(definition, now()));
    },

    contacts: (idOrKey, page) =>
      withSegment(idOrKey, async (record) => {
        const rows = await deps.store.segments.members(record.id, { limit: page.limit + 1, ...(page.cursor ? { after: decodeCursor(page.cursor) } : {}) });
        const shown = rows.slice(0, page.limit);
        const contacts = await contactsByIds(shown.map((r) => r.contactId));
        return { contacts, nextCursor: rows.length > page.limit ? encodeCursor(shown[shown.length - 1]!.contactId) : null };
      }),

    breakdown: (idOrKey) => withSegment(idOrKey, (record) => deps.store.segments.breakdown(record.id)),

    sizes: (idOrKey, days) =>
      withSegment(idOrKey, async (record) => {
        const today = Math.floor(now() / DAY);
        const points = await deps.store.segments.sizes(record.id, today - days + 1, today);
        return points.map((p) => ({ day: new Date(p.day * DAY).toISOString().slice(0, 10), size: p.size }));
      }),

    exportRows: (idOrKey) =>
      withSegment(idOrKey, async (record) => (record.status === 'live' ? storedRows(deps.store.segments, record.id) : members.memberRows(record.definition, now()))),
  };
}

/** A live segment's stored members with their export columns, a page at a time. */
async function* storedRows(segments: Store['segments'], id: string): AsyncGenerator<readonly SegmentExportRow[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await segments.memberRows(id, { limit: 1000, ...(after !== undefined ? { after } : {}) });
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    yield rows;
  }
}
