import { createHash, randomBytes } from 'node:crypto';
import { err, ok, type DomainError, type Result } from '@leadpulse/core';
import type { CreatedKey } from './leadpulse-app.js';
import { newId } from './new-id.js';
import type { ApiKey, Clock, KeyKind, Store } from './ports.js';

const PREFIX: Record<KeyKind, string> = { write: 'lpw_', admin: 'lpa_' };

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

function generateSecret(kind: KeyKind): string {
  return PREFIX[kind] + randomBytes(24).toString('base64url');
}

/** Write keys authenticate event senders; admin tokens authenticate the admin API. Only hashes are stored. */
export function createApiKeys(deps: { store: Pick<Store, 'keys'>; clock: Clock }) {
  async function authenticate(kind: KeyKind, secret: string | undefined): Promise<Result<ApiKey, DomainError>> {
    const missing = kind === 'write' ? 'missing_write_key' : 'missing_admin_token';
    const invalid = kind === 'write' ? 'invalid_write_key' : 'invalid_admin_token';
    if (!secret) {
      return err({ code: missing, message: kind === 'write' ? 'Send the write key as the HTTP Basic username or as "writeKey" in the body.' : 'Send "Authorization: Bearer <admin token>".' });
    }
    const key = await deps.store.keys.findByHash(hashSecret(secret));
    if (!key || key.kind !== kind || key.revokedAt !== null) {
      return err({ code: invalid, message: kind === 'write' ? 'This write key is unknown or revoked; list keys with `leadpulse keys list`.' : 'This admin token is unknown or revoked.' });
    }
    return ok(key);
  }

  async function createKey(kind: KeyKind, options: { label: string; allowedOrigins?: readonly string[]; secret?: string }): Promise<CreatedKey> {
    const now = deps.clock.now().getTime();
    const secret = options.secret ?? generateSecret(kind);
    const key: ApiKey = {
      id: newId('key', now),
      kind,
      label: options.label,
      hash: hashSecret(secret),
      prefix: secret.slice(0, 8),
      allowedOrigins: options.allowedOrigins ?? [],
      createdAt: now,
      revokedAt: null,
    };
    await deps.store.keys.create(key);
    return { key, secret };
  }

  /**
   * Makes sure a write key and an admin token exist. A configured secret is registered if new;
   * otherwise one is generated the first time and returned so the caller prints it once.
   */
  async function ensureKey(kind: KeyKind, configured: string | undefined): Promise<CreatedKey | null> {
    if (configured) {
      if (await deps.store.keys.findByHash(hashSecret(configured))) return null;
      await createKey(kind, { label: kind === 'write' ? 'LEADPULSE_WRITE_KEY' : 'LEADPULSE_ADMIN_TOKEN', secret: configured });
      return null;
    }
    const keys = await deps.store.keys.list();
    if (keys.some((k) => k.kind === kind && k.revokedAt === null)) return null;
    return createKey(kind, { label: kind === 'write' ? 'default write key' : 'default admin token' });
  }

  async function revokeKey(id: string): Promise<Result<{ revoked: true }, DomainError>> {
    const revoked = await deps.store.keys.revoke(id, deps.clock.now().getTime());
    return revoked ? ok({ revoked: true }) : err({ code: 'key_not_found', message: `No active key has id "${id}".` });
  }

  return { authenticate, createKey, ensureKey, revokeKey, listKeys: () => deps.store.keys.list() };
}
