import { createHash, randomBytes } from 'node:crypto';
import { checkUserInput, err, normalizeEmail, ok, type DomainError, type Result } from '@leadpulse/core';
import { createLoginThrottle } from './login-throttle.js';
import { generatePassword, hashPassword, verifyPassword } from './password-hash.js';
import type { Clock, Store } from './ports.js';
import type { SessionRecord, UserRecord } from './user-ports.js';

/** A session ends after this long without a request; each request pushes the end back (sliding expiry). */
export const SESSION_IDLE_MS = 14 * 24 * 3600_000;
// Refreshing the expiry at most once a minute keeps a dashboard's bursts of reads from writing on each one.
const TOUCH_EVERY_MS = 60_000;
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;

export interface SignedIn {
  readonly user: UserRecord;
  readonly session: SessionRecord;
}

/** A new session: `token` goes in the cookie and is never stored; the session's id is its SHA-256. */
export interface NewSession extends SignedIn {
  readonly token: string;
}

export type Sessions = ReturnType<typeof createSessions>;

const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');
const unauthenticated: DomainError = { code: 'unauthenticated', message: 'No valid session: sign in with POST /api/v1/session.' };

/** Sign-in with email and password, browser sessions with sliding expiry, and sign-out. */
export function createSessions(deps: { store: Pick<Store, 'users'>; clock: Clock }) {
  const throttle = createLoginThrottle({ maxFailures: MAX_FAILURES, windowMs: FAILURE_WINDOW_MS });
  // An unknown email still costs one scrypt, so response times do not reveal which emails exist.
  let decoy: Promise<string> | undefined;

  async function signIn(input: { email: string; password: string; ip: string }): Promise<Result<NewSession, DomainError>> {
    const now = deps.clock.now().getTime();
    const email = normalizeEmail(input.email);
    const key = `${email}|${input.ip}`;
    const until = throttle.blockedUntil(key, now);
    if (until !== null) return err({ code: 'too_many_attempts', message: `Too many failed sign-ins; retry after ${new Date(until).toISOString()}.`, retryAfterMs: until - now });
    const user = await deps.store.users.findByEmail(email);
    const matches = await verifyPassword(input.password, user?.passwordHash ?? (await (decoy ??= hashPassword(generatePassword()))));
    if (!user || !matches || user.disabledAt !== null) {
      throttle.fail(key, now);
      return err({ code: 'invalid_credentials', message: 'The email or the password is wrong.' });
    }
    throttle.clear(key);
    return ok(await openSession(user, now));
  }

  async function openSession(user: UserRecord, now: number): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url');
    const session: SessionRecord = { id: sessionId(token), userId: user.id, csrfToken: randomBytes(32).toString('base64url'), createdAt: now, expiresAt: now + SESSION_IDLE_MS, lastSeenAt: now };
    await deps.store.users.createSession(session);
    return { token, user, session };
  }

  /**
   * A signed-in user changes their own password. The current one is checked (and counts toward the same throttle as
   * sign-in); every session of the user ends, and this browser gets a new one, so a stolen cookie dies with the change.
   */
  async function changePassword(input: { userId: string; currentPassword: string; newPassword: string; ip: string }): Promise<Result<NewSession, DomainError>> {
    const now = deps.clock.now().getTime();
    const user = await deps.store.users.get(input.userId);
    if (!user || user.disabledAt !== null) return err(unauthenticated);
    const key = `${user.email}|${input.ip}`;
    const until = throttle.blockedUntil(key, now);
    if (until !== null) return err({ code: 'too_many_attempts', message: `Too many wrong passwords; retry after ${new Date(until).toISOString()}.`, retryAfterMs: until - now });
    if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
      throttle.fail(key, now);
      return err({ code: 'wrong_password', message: 'The current password is wrong; the password was not changed.' });
    }
    const issues = checkUserInput({ password: input.newPassword }).map((i) => ({ ...i, path: ['newPassword'] }));
    if (issues.length > 0) return err({ code: 'weak_password', message: `newPassword: ${issues[0]!.message}.`, issues });
    if (!(await deps.store.users.setPasswordHash(user.id, await hashPassword(input.newPassword)))) return err(unauthenticated);
    return ok(await openSession(user, now));
  }

  /** The session behind a cookie token; `renewed` says its expiry moved, so the cookie should be sent again. */
  async function authenticate(token: string | undefined): Promise<Result<SignedIn & { renewed: boolean }, DomainError>> {
    if (!token) return err(unauthenticated);
    const found = await deps.store.users.findSession(sessionId(token));
    const now = deps.clock.now().getTime();
    if (!found || found.user.disabledAt !== null) return err(unauthenticated);
    if (found.session.expiresAt <= now) {
      await deps.store.users.deleteSession(found.session.id);
      return err({ ...unauthenticated, message: 'The session expired: sign in again.' });
    }
    if (now - found.session.lastSeenAt < TOUCH_EVERY_MS) return ok({ ...found, renewed: false });
    const session = { ...found.session, lastSeenAt: now, expiresAt: now + SESSION_IDLE_MS };
    await deps.store.users.touchSession(session.id, session.lastSeenAt, session.expiresAt);
    return ok({ user: found.user, session, renewed: true });
  }

  async function signOut(token: string | undefined): Promise<void> {
    if (token) await deps.store.users.deleteSession(sessionId(token));
  }

  return { signIn, authenticate, signOut, changePassword };
}
