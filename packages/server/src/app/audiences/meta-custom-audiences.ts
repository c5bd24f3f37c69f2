import { randomInt } from 'node:crypto';
import { META_SCHEMA } from '@leadpulse/core';
import type { AudiencePlatformClient, PlatformRow, PlatformSession } from './audience-platform.js';
import { requestJson, type Fetch, type RetryPolicy } from './fetch-with-retry.js';

export interface MetaSettings {
  readonly accessToken: string;
  /** act_<id> or the bare id. */
  readonly adAccount: string;
  /** Graph API base URL with its version, e.g. https://graph.facebook.com/v21.0. */
  readonly apiUrl: string;
}

/** Meta takes at most 10,000 rows per request to /{audience_id}/users. */
export const META_BATCH = 10_000;

/**
 * Meta Custom Audiences from a customer list, over the Marketing API: the list is created under the ad account with
 * customer_file_source USER_PROVIDED_ONLY, rows are added (POST) and removed (DELETE) on /{audience_id}/users with
 * the multi-key schema and a session (session_id, batch_seq, last_batch_flag, estimated_num_total).
 */
export function createMetaCustomAudiences(settings: MetaSettings, options: { fetch?: Fetch; retry?: RetryPolicy } = {}): AudiencePlatformClient {
  const fetchImpl = options.fetch ?? fetch;
  const base = settings.apiUrl.replace(/\/+$/, '');
  const account = settings.adAccount.startsWith('act_') ? settings.adAccount : `act_${settings.adAccount}`;
  const call = (method: 'POST' | 'DELETE', path: string, body: unknown) =>
    requestJson(fetchImpl, `${base}/${path}`, { method, headers: { authorization: `Bearer ${settings.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }, options.retry);

  return {
    platform: 'meta',
    batchSize: META_BATCH,
    async ensureList(audience) {
      const existing = audience.settings.meta?.customAudienceId;
      if (existing) return existing;
      const created = (await call('POST', `${account}/customaudiences`, {
        name: audience.name,
        subtype: 'CUSTOM',
        description: `LeadPulse audience ${audience.id}`,
        customer_file_source: 'USER_PROVIDED_ONLY',
      })) as { id?: string };
      if (!created.id) throw new Error('Meta created the custom audience without answering its id');
      return created.id;
    },
    async begin(listId, estimated) {
      // One session per direction: Meta counts a session's batches to know when a replace or an upload is complete.
      const sessionOf = (method: 'POST' | 'DELETE', total: number) => {
        const sessionId = randomInt(1, 2 ** 47);
        let sequence = 0;
        return async (rows: readonly PlatformRow[], last: boolean) => {
          for (let i = 0; i < rows.length; i += META_BATCH) {
            sequence += 1;
            await call(method, `${listId}/users`, {
              payload: { schema: META_SCHEMA, data: rows.slice(i, i + META_BATCH) },
              session: { session_id: sessionId, batch_seq: sequence, last_batch_flag: last && i + META_BATCH >= rows.length, estimated_num_total: Math.max(total, rows.length) },
            });
          }
        };
      };
      const add = sessionOf('POST', estimated.add);
      const remove = sessionOf('DELETE', estimated.remove);
      const session: PlatformSession = {
        add: (rows, last) => add(rows, last),
        remove: (rows, last) => remove(rows, last),
        finish: async () => {},
      };
      return session;
    },
  };
}
