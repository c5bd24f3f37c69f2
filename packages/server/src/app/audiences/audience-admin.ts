import { audienceGuard, err, ok, sensitiveCategoriesOf, type AudienceGuard, type AudiencePlatform, type DomainError, type Result, type SegmentDefinition } from '@leadpulse/core';
import { newId } from '../new-id.js';
import type { Clock, Store } from '../ports.js';
import type { AudienceRecord, AudienceSettings, SyncRecord } from './audience-ports.js';

/** What the API accepts for an audience; the HTTP layer has checked the shape (contract AudienceInputSchema). */
export interface AudienceInput {
  readonly name: string;
  /** The segment's id or key. */
  readonly segmentId: string;
  readonly platforms: readonly AudiencePlatform[];
  readonly settings?: AudienceSettings;
}

/** An audience with its guard and the newest sync per platform, as the API shows it. */
export interface AudienceView {
  readonly record: AudienceRecord;
  readonly guard: AudienceGuard;
  readonly lastSyncs: readonly SyncRecord[];
}

const notFound = (id: string): DomainError => ({ code: 'audience_not_found', message: `No audience has the id ${id}.` });

/** The guard of an audience's segment: the sensitive categories it targets on, and its consenting size. */
export async function guardOf(store: Store, record: Pick<AudienceRecord, 'segmentId' | 'platforms'>, counts?: { consenting: number }): Promise<AudienceGuard> {
  const segment = await store.segments.get(record.segmentId);
  // Definitions only: list() would count every segment's members.
  const saved = [...(await store.segments.withStatus('live')), ...(await store.segments.withStatus('building'))];
  const all = new Map<string, SegmentDefinition>(saved.map((s) => [s.key, s.definition]));
  const sensitive = segment ? sensitiveCategoriesOf(segment.definition, all) : [];
  const { consenting } = counts ?? (await store.audiences.memberCounts(record.segmentId));
  return audienceGuard({ sensitive, eligible: consenting, platforms: record.platforms });
}

/** Create, read, update and delete audiences; every answer carries the guard so the screen warns before a push. */
export function createAudienceAdmin(deps: { store: Store; clock: Clock }) {
  const { store } = deps;
  const now = () => deps.clock.now().getTime();

  async function resolveSegment(idOrKey: string): Promise<Result<string, DomainError>> {
    const segment = (await store.segments.get(idOrKey)) ?? (await store.segments.getByKey(idOrKey));
    if (segment) return ok(segment.id);
    return err({ code: 'invalid_audience', message: `No segment has the id or key ${idOrKey}.`, issues: [{ code: 'segment_not_found', path: ['segmentId'], message: `No segment has the id or key ${idOrKey}.` }] });
  }

  async function view(record: AudienceRecord): Promise<AudienceView> {
    const lastSyncs = (await store.audiences.lastSyncs([record.id])).get(record.id) ?? [];
    return { record, guard: await guardOf(store, record), lastSyncs };
  }

  return {
    async list(): Promise<readonly AudienceView[]> {
      const records = await store.audiences.list();
      const last = await store.audiences.lastSyncs(records.map((r) => r.id));
      return Promise.all(records.map(async (record) => ({ record, guard: await guardOf(store, record), lastSyncs: last.get(record.id) ?? [] })));
    },
    async get(id: string): Promise<Result<AudienceView, DomainError>> {
      const record = await store.audiences.get(id);
      return record ? ok(await view(record)) : err(notFound(id));
    },
    async create(input: AudienceInput): Promise<Result<AudienceView, DomainError>> {
      const segment = await resolveSegment(input.segmentId);
      if (!segment.ok) return segment;
      const at = now();
      const record: AudienceRecord = { id: newId('aud', at), name: input.name, segmentId: segment.value, platforms: [...new Set(input.platforms)], settings: input.settings ?? {}, createdAt: at, updatedAt: at };
      await store.audiences.insert(record);
      return ok(await view(record));
    },
    async update(id: string, input: AudienceInput): Promise<Result<AudienceView, DomainError>> {
      const existing = await store.audiences.get(id);
      if (!existing) return err(notFound(id));
      const segment = await resolveSegment(input.segmentId);
      if (!segment.ok) return segment;
      // Another segment is another list: what the platforms hold is removed by the next sync's delta.
      const record: AudienceRecord = { ...existing, name: input.name, segmentId: segment.value, platforms: [...new Set(input.platforms)], settings: { ...existing.settings, ...input.settings }, updatedAt: now() };
      await store.audiences.update(record);
      return ok(await view(record));
    },
    async remove(id: string): Promise<Result<{ deleted: true }, DomainError>> {
      return (await store.audiences.remove(id, now())) ? ok({ deleted: true }) : err(notFound(id));
    },
    async syncs(id: string, limit: number): Promise<Result<readonly SyncRecord[], DomainError>> {
      if (!(await store.audiences.get(id))) return err(notFound(id));
      return ok(await store.audiences.syncs(id, limit));
    },
  };
}

export type AudienceAdmin = ReturnType<typeof createAudienceAdmin>;
