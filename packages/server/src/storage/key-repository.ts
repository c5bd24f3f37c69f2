import type { Kysely } from 'kysely';
import type { KeyRepository } from '../app/ports.js';
import { keyFromRow } from './rows.js';
import type { Database } from './schema.js';

/** Write keys and admin tokens, stored as hashes. */
export function createKeyRepository(db: Kysely<Database>): KeyRepository {
  return {
    async create(key) {
      await db
        .insertInto('api_keys')
        .values({
          id: key.id,
          kind: key.kind,
          label: key.label,
          hash: key.hash,
          prefix: key.prefix,
          allowed_origins: JSON.stringify(key.allowedOrigins),
          created_at: key.createdAt,
          revoked_at: key.revokedAt,
        })
        .execute();
    },
    async findByHash(hash) {
      const row = await db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
      return row ? keyFromRow(row) : null;
    },
    async list() {
      return (await db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute()).map(keyFromRow);
    },
    async revoke(id, at) {
      const result = await db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

  };
}
