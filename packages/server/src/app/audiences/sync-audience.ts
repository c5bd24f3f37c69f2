import { err, googleRowOf, metaRowOf, ok, refusalOf, type AudiencePlatform, type AudienceSkipReason, type DomainError, type Result } from '@leadpulse/core';
import { newId } from '../new-id.js';
import type { Clock, Logger, Store } from '../ports.js';
import { guardOf } from './audience-admin.js';
import { audienceContactOf } from './audience-contact.js';
import type { AudiencePlatformClient, PlatformRow, PlatformSession } from './audience-platform.js';
import { PlatformRequestError } from './audience-platform.js';
import type { AudienceRecord, AudienceSource, SyncedRow, SyncRecord, SyncTarget } from './audience-ports.js';
import { identifierTools } from './identifier-tools.js';

type Skipped = Partial<Record<AudienceSkipReason, number>>;
type Built = { ok: true; contactId: string; row: PlatformRow; hash: string } | { ok: false; reason: AudienceSkipReason };

function rowOf(platform: AudiencePlatform, source: AudienceSource): Built {
  const contact = audienceContactOf(source);
  const result = platform === 'meta' ? metaRowOf(contact, identifierTools) : googleRowOf(contact, identifierTools);
  return result.ok ? { ok: true, contactId: result.contactId, row: result.row, hash: JSON.stringify(result.row) } : { ok: false, reason: result.reason };
}

const count = (skipped: Skipped, reason: AudienceSkipReason, n = 1) => void (skipped[reason] = (skipped[reason] ?? 0) + n);

/**
 * Pushes an audience to its platforms: the first sync uploads every consenting member, later ones only the delta.
 * Changed identifiers go first, then removals (left the segment, consent withdrawn, erased), then entries. A row is
 * marked as held only once the platform accepted its batch, so a failed sync resumes where it stopped.
 */
export function createSyncAudience(deps: { store: Store; clock: Clock; logger: Logger; clients: Partial<Record<AudiencePlatform, AudiencePlatformClient>> }) {
  const { store } = deps;
  const now = () => deps.clock.now().getTime();

  async function pages<T extends { contactId: string }>(read: (after: string | null) => Promise<readonly T[]>, each: (page: readonly T[], last: boolean) => Promise<void>) {
    // One page of lookahead, so the final batch can say it is the last (Meta's last_batch_flag).
    let page = await read(null);
    while (page.length > 0) {
      const next = await read(page[page.length - 1]!.contactId);
      await each(page, next.length === 0);
      page = next;
    }
  }

  async function syncOne(audience: AudienceRecord, client: AudiencePlatformClient, at: number, counts: { members: number; consenting: number }): Promise<SyncRecord> {
    const platform = client.platform;
    const target: SyncTarget = { audienceId: audience.id, platform, segmentId: audience.segmentId };
    const skipped: Skipped = {};
    let added = 0;
    let removed = 0;
    const record = (status: SyncRecord['status'], message: string | null): SyncRecord => ({ id: newId('async', at), audienceId: audience.id, platform, at, added, removed, skipped, status, message });
    try {
      const listId = await client.ensureList(audience);
      const known = platform === 'meta' ? audience.settings.meta?.customAudienceId : audience.settings.google?.userListId;
      if (known !== listId) {
        // Read again: the sync of another platform may have just saved its own list id.
        const current = (await store.audiences.get(audience.id)) ?? audience;
        const settings = platform === 'meta' ? { ...current.settings, meta: { customAudienceId: listId } } : { ...current.settings, google: { userListId: listId } };
        await store.audiences.update({ ...current, settings, updatedAt: at });
      }
      if (counts.members > counts.consenting) count(skipped, 'no_consent', counts.members - counts.consenting);
      const previous = (await store.audiences.syncs(audience.id, 50)).find((s) => s.platform === platform && s.status === 'ok');
      // Meta's estimated_num_total is a hint: the consenting members bound the additions (counting held rows would cost a pass).
      const session: PlatformSession = await client.begin(listId, { add: counts.consenting, remove: 0 });
      const batch = client.batchSize;

      if (previous) {
        // A held contact changed since the last sync: if its identifiers changed, the old row goes and the new one comes.
        // First, so that the removals of those who left close the removal session (Meta's last_batch_flag).
        await pages(
          (after) => store.audiences.touched(target, previous.at, after, batch),
          async (page) => {
            const stale = page.flatMap((source) => {
              const built = rowOf(platform, source);
              return built.ok && built.hash === source.hash ? [] : [{ source, built }];
            });
            if (stale.length === 0) return;
            await session.remove(stale.map((s) => JSON.parse(s.source.hash) as PlatformRow), false);
            await store.audiences.unmarkSynced(target, stale.map((s) => s.source.contactId));
            const fresh = stale.flatMap((s) => (s.built.ok ? [s.built] : []));
            await session.add(fresh.map((b) => b.row), false);
            await store.audiences.markSynced(target, fresh.map((b): SyncedRow => ({ contactId: b.contactId, hash: b.hash })));
            removed += stale.length - fresh.length;
          },
        );
      }
      await pages(
        (after) => store.audiences.left(target, after, batch),
        async (page, last) => {
          await session.remove(page.map((r) => JSON.parse(r.hash) as PlatformRow), last);
          await store.audiences.unmarkSynced(target, page.map((r) => r.contactId));
          removed += page.length;
        },
      );
      await pages(
        (after) => store.audiences.entered(target, after, batch),
        async (page, last) => {
          const built = page.map((source) => rowOf(platform, source));
          const rows = built.flatMap((b) => (b.ok ? [b] : (count(skipped, b.reason), [])));
          await session.add(rows.map((b) => b.row), last);
          await store.audiences.markSynced(target, rows.map((b): SyncedRow => ({ contactId: b.contactId, hash: b.hash })));
          added += rows.length;
        },
      );
      await session.finish();
      return record('ok', null);
    } catch (error) {
      if (!(error instanceof PlatformRequestError)) throw error;
      deps.logger.warn({ audienceId: audience.id, platform, status: error.status, added, removed }, 'audience.sync_failed');
      return record('failed', error.message);
    }
  }

  return async function syncAudience(id: string, options: { platforms?: readonly AudiencePlatform[] } = {}): Promise<Result<{ results: readonly SyncRecord[]; refusal: string | null }, DomainError>> {
    const audience = await store.audiences.get(id);
    if (!audience) return err({ code: 'audience_not_found', message: `No audience has the id ${id}.` });
    const platforms = options.platforms ?? audience.platforms;
    const missing = platforms.filter((p) => !deps.clients[p]);
    if (missing.length > 0) {
      const variables = missing.map((p) => (p === 'meta' ? 'LEADPULSE_META_ACCESS_TOKEN and LEADPULSE_META_AD_ACCOUNT' : 'LEADPULSE_GOOGLE_ADS_DEVELOPER_TOKEN, _CUSTOMER_ID, _CLIENT_ID, _CLIENT_SECRET and _REFRESH_TOKEN'));
      return err({ code: 'platform_not_configured', message: `No credentials for ${missing.join(' and ')}: set ${variables.join('; ')}.` });
    }
    const at = now();
    const counts = await store.audiences.memberCounts(audience.segmentId);
    const refusal = refusalOf(await guardOf(store, audience, counts));
    const results: SyncRecord[] = [];
    for (const platform of platforms) {
      const result = refusal ? { id: newId('async', at), audienceId: id, platform, at, added: 0, removed: 0, skipped: {}, status: 'refused' as const, message: refusal } : await syncOne(audience, deps.clients[platform]!, at, counts);
      await store.audiences.recordSync(result);
      results.push(result);
    }
    deps.logger.info({ audienceId: id, results: results.map((r) => ({ platform: r.platform, status: r.status, added: r.added, removed: r.removed })) }, 'audience.sync');
    // A refusal is recorded in the history too, so the screen shows why nothing was pushed.
    return ok({ results, refusal });
  };
}

export type SyncAudience = ReturnType<typeof createSyncAudience>;
