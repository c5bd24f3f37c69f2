import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGoogleAdsApi, type FakeGoogleAdsApi } from '../../test-support/fake-google-ads-api.js';
import { startFakeMetaApi, type FakeMetaApi } from '../../test-support/fake-meta-api.js';
import type { AudienceRecord } from './audience-ports.js';
import { createGoogleCustomerMatch } from './google-customer-match.js';
import { createMetaCustomAudiences } from './meta-custom-audiences.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const audience: AudienceRecord = { id: 'aud_1', name: 'Buyers', segmentId: 'seg_1', platforms: ['meta', 'google'], settings: {}, createdAt: 0, updatedAt: 0 };
const retry = { retries: 2, baseMs: 1 };

describe('the platform clients against local fakes of the APIs', () => {
  let meta: FakeMetaApi | undefined;
  let google: FakeGoogleAdsApi | undefined;
  afterEach(async () => {
    await meta?.close();
    await google?.close();
  });

  it("splits Meta uploads into batches of 10,000 rows of one session, the last flagged", async () => {
    meta = await startFakeMetaApi();
    const client = createMetaCustomAudiences({ accessToken: meta.accessToken, adAccount: meta.adAccount, apiUrl: meta.url }, { retry });
    const list = await client.ensureList(audience);
    const rows = Array.from({ length: 10_001 }, (_, i) => [sha(`c${i}@example.com`), '', '', '', '', '', '', '', '', '', '', sha(`c${i}`)]);
    const session = await client.begin(list, { add: rows.length, remove: 0 });
    await session.add(rows, true);
    expect(meta.batches.map((b) => [b.data.length, b.session.batch_seq, b.session.last_batch_flag, b.session.estimated_num_total])).toEqual([
      [10_000, 1, false, 10_001],
      [1, 2, true, 10_001],
    ]);
    expect(new Set(meta.batches.map((b) => b.session.session_id)).size).toBe(1);
    expect(meta.audiences.get(list)!.members.size).toBe(10_001);
  });

  it('refuses a plain identifier at the fake, as Meta would', async () => {
    meta = await startFakeMetaApi();
    const client = createMetaCustomAudiences({ accessToken: meta.accessToken, adAccount: meta.adAccount, apiUrl: meta.url }, { retry });
    const list = await client.ensureList(audience);
    const session = await client.begin(list, { add: 1, remove: 0 });
    await expect(session.add([['marie@example.com', '', '', '', '', '', '', '', '', '', '', 'c1']], true)).rejects.toThrow(/EMAIL must be SHA-256/);
  });

  it('creates a Customer Match list and one offline job per sync, with consent and removals', async () => {
    google = await startFakeGoogleAdsApi();
    const c = google.credentials;
    const client = createGoogleCustomerMatch({ ...c, apiUrl: google.url, oauthUrl: google.oauthUrl }, { retry });
    const list = await client.ensureList(audience);
    google.failNext(429, 1);
    const session = await client.begin(list, { add: 2, remove: 1 });
    await session.add([[{ hashedEmail: sha('a@example.com') }], [{ hashedEmail: sha('b@example.com') }, { hashedPhoneNumber: sha('+33612345678') }]], true);
    await session.finish();
    expect([...google.userLists.get(list)!.members].sort()).toEqual([sha('a@example.com'), sha('b@example.com')].sort());
    const second = await client.begin(list, { add: 0, remove: 1 });
    await second.remove([[{ hashedEmail: sha('a@example.com') }]], true);
    await second.finish();
    expect([...google.userLists.get(list)!.members]).toEqual([sha('b@example.com')]);
    expect(google.jobs.map((j) => [j.operations.length, j.ran])).toEqual([
      [2, true],
      [1, true],
    ]);
  });
});
