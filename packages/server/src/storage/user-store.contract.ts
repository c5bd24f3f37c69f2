import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import type { UserRecord } from '../app/user-ports.js';
import type { TestDriver } from './test-support/test-drivers.js';

const T = Date.UTC(2026, 10, 1, 9);
const user = (id: string, role: UserRecord['role'], extra: Partial<UserRecord> = {}): UserRecord => ({
  id,
  email: `${id}@example.fr`,
  name: null,
  role,
  passwordHash: `scrypt$hash-of-${id}`,
  createdAt: T,
  disabledAt: null,
  ...extra,
});

/** The users and sessions part of the store contract, run once per engine. */
export function runUserStoreContract(driver: TestDriver) {
  let store: Store;
  beforeAll(async () => {
    store = await driver.createStore();
  });
  afterAll(async () => store.close());

  it('creates users once per email and reads them back', async () => {
    expect(await store.users.create(user('usr_a', 'admin', { name: 'Ana' }))).toBe(true);
    expect(await store.users.create(user('usr_dup', 'sales', { email: 'usr_a@example.fr' }))).toBe(false);
    expect(await store.users.findByEmail('usr_a@example.fr')).toEqual(user('usr_a', 'admin', { name: 'Ana' }));
    expect(await store.users.get('usr_dup')).toBeNull();
    expect(await store.users.create(user('usr_b', 'sales'))).toBe(true);
    expect((await store.users.list()).map((u) => u.id)).toEqual(['usr_a', 'usr_b']);
  });

  it('never removes or demotes the last active admin', async () => {
    expect(await store.users.update('usr_a', { role: 'marketer' })).toBe('last_admin');
    expect(await store.users.delete('usr_a')).toBe('last_admin');
    expect(await store.users.update('usr_a', { name: 'Ana B.' })).toBe('done');
    expect(await store.users.update('usr_b', { role: 'admin' })).toBe('done');
    expect(await store.users.update('usr_a', { role: 'marketer' })).toBe('done');
    expect(await store.users.get('usr_a')).toMatchObject({ role: 'marketer', name: 'Ana B.' });
    expect(await store.users.delete('usr_b')).toBe('last_admin');
    expect(await store.users.delete('usr_none')).toBe('not_found');
    expect(await store.users.update('usr_none', { role: 'sales' })).toBe('not_found');
  });

  it('keeps sessions with their user, slides them, and ends them on delete, password change or user removal', async () => {
    const session = { id: 'sha-1', userId: 'usr_a', csrfToken: 'csrf-1', createdAt: T, expiresAt: T + 1000, lastSeenAt: T };
    await store.users.createSession(session);
    expect(await store.users.findSession('sha-1')).toEqual({ session, user: expect.objectContaining({ id: 'usr_a' }) });
    await store.users.touchSession('sha-1', T + 500, T + 1500);
    expect((await store.users.findSession('sha-1'))?.session).toMatchObject({ lastSeenAt: T + 500, expiresAt: T + 1500 });
    // A sign-in sweeps sessions that expired before it.
    await store.users.createSession({ ...session, id: 'sha-2', createdAt: T + 2000, expiresAt: T + 3000, lastSeenAt: T + 2000 });
    expect(await store.users.findSession('sha-1')).toBeNull();
    await store.users.deleteSession('sha-2');
    expect(await store.users.findSession('sha-2')).toBeNull();

    await store.users.createSession({ ...session, id: 'sha-3', expiresAt: T + 10_000 });
    expect(await store.users.setPasswordHash('usr_a', 'scrypt$new')).toBe(true);
    expect(await store.users.findSession('sha-3')).toBeNull();
    expect((await store.users.get('usr_a'))?.passwordHash).toBe('scrypt$new');
    expect(await store.users.setPasswordHash('usr_none', 'x')).toBe(false);

    await store.users.createSession({ ...session, id: 'sha-4', expiresAt: T + 10_000 });
    expect(await store.users.delete('usr_a')).toBe('done');
    expect(await store.users.findSession('sha-4')).toBeNull();
    expect(await store.users.findByEmail('usr_a@example.fr')).toBeNull();
  });
}
