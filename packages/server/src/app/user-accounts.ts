import { checkUserInput, err, normalizeEmail, ok, type DomainError, type Result, type UserRole } from '@leadpulse/core';
import { newId } from './new-id.js';
import { generatePassword, hashPassword } from './password-hash.js';
import type { Clock, Store } from './ports.js';
import type { UserChange, UserRecord } from './user-ports.js';

/** A user just created or given a new password; `password` is set only when it was generated (shown once). */
export interface UserWithPassword {
  readonly user: UserRecord;
  readonly password?: string;
}

export type UserAccounts = ReturnType<typeof createUserAccounts>;

const notFound = (which: string): DomainError => ({ code: 'user_not_found', message: `No user has ${which}; list them with \`leadpulse users list\`.` });

function changeResult(change: UserChange, which: string): Result<{ done: true }, DomainError> {
  if (change === 'not_found') return err(notFound(which));
  if (change === 'last_admin') return err({ code: 'last_admin', message: 'This is the last admin: give another user the admin role first.' });
  return ok({ done: true });
}

/** Adding, listing, removing users and changing roles and passwords; the CLI and the API both call these. */
export function createUserAccounts(deps: { store: Pick<Store, 'users'>; clock: Clock }) {
  async function addUser(input: { email: string; role: UserRole; name?: string | null; password?: string }): Promise<Result<UserWithPassword, DomainError>> {
    const issues = checkUserInput({ email: input.email, password: input.password });
    if (issues.length > 0) return err({ code: 'invalid_user', message: issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), issues });
    const password = input.password ?? generatePassword();
    const now = deps.clock.now().getTime();
    const user: UserRecord = { id: newId('usr', now), email: normalizeEmail(input.email), name: input.name ?? null, role: input.role, passwordHash: await hashPassword(password), createdAt: now, disabledAt: null };
    if (!(await deps.store.users.create(user))) return err({ code: 'email_taken', message: `A user already has the email ${user.email}.` });
    return ok(input.password === undefined ? { user, password } : { user });
  }

  /** Finds a user by id or by email (the CLI names users by email, the API by id). */
  async function findUser(idOrEmail: string): Promise<UserRecord | null> {
    return idOrEmail.includes('@') ? deps.store.users.findByEmail(normalizeEmail(idOrEmail)) : deps.store.users.get(idOrEmail);
  }

  async function removeUser(idOrEmail: string): Promise<Result<{ done: true }, DomainError>> {
    const user = await findUser(idOrEmail);
    return changeResult(user ? await deps.store.users.delete(user.id) : 'not_found', idOrEmail);
  }

  async function updateUser(idOrEmail: string, patch: { role?: UserRole; name?: string | null }): Promise<Result<UserRecord, DomainError>> {
    const user = await findUser(idOrEmail);
    const changed = changeResult(user ? await deps.store.users.update(user.id, patch) : 'not_found', idOrEmail);
    if (!changed.ok) return changed;
    const updated = await deps.store.users.get(user!.id);
    return updated ? ok(updated) : err(notFound(idOrEmail));
  }

  /** Sets a new password (generated when none is given) and signs the user out everywhere. */
  async function resetPassword(idOrEmail: string, password?: string): Promise<Result<UserWithPassword, DomainError>> {
    const issues = checkUserInput({ password });
    if (issues.length > 0) return err({ code: 'invalid_user', message: issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), issues });
    const user = await findUser(idOrEmail);
    const chosen = password ?? generatePassword();
    if (!user || !(await deps.store.users.setPasswordHash(user.id, await hashPassword(chosen)))) return err(notFound(idOrEmail));
    return ok(password === undefined ? { user, password: chosen } : { user });
  }

  /**
   * On a store without users, creates the first admin with a generated password, returned so `serve` prints it
   * once. Two processes starting together race on the unique email; the loser gets null.
   */
  async function ensureFirstAdmin(email: string): Promise<UserWithPassword | null> {
    if ((await deps.store.users.list()).length > 0) return null;
    const created = await addUser({ email, role: 'admin' });
    if (!created.ok && created.error.code !== 'email_taken') throw new Error(`Cannot create the first admin: ${created.error.message}`);
    return created.ok ? created.value : null;
  }

  return { addUser, findUser, listUsers: () => deps.store.users.list(), removeUser, updateUser, resetPassword, ensureFirstAdmin };
}
