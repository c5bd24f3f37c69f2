import type { EpochMs, UserRole } from '@leadpulse/core';

// Dashboard users and their sign-in sessions (docs/users.md).

/** A dashboard user. `email` is stored lowercased; `passwordHash` is `scrypt$N$r$p$salt$hash`. */
export interface UserRecord {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: UserRole;
  readonly passwordHash: string;
  readonly createdAt: EpochMs;
  readonly disabledAt: EpochMs | null;
}

/** A signed-in browser. `id` is the SHA-256 of the cookie's token; the token itself is never stored. */
export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: EpochMs;
  readonly expiresAt: EpochMs;
  readonly lastSeenAt: EpochMs;
}

/** What removing a user or changing a role did; `last_admin` leaves the store unchanged. */
export type UserChange = 'done' | 'not_found' | 'last_admin';

/** Dashboard users and their sign-in sessions. */
export interface UserRepository {
  /** Inserts a user; false when the email is taken (nothing is written then). */
  create(user: UserRecord): Promise<boolean>;
  findByEmail(email: string): Promise<UserRecord | null>;
  get(id: string): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
  /** Deletes the user and their sessions, unless it is the last active admin. */
  delete(id: string): Promise<UserChange>;
  /** Changes name and role; refuses to demote the last active admin. */
  update(id: string, patch: { role?: UserRole; name?: string | null }): Promise<UserChange>;
  /** Replaces the password hash and ends the user's sessions. */
  setPasswordHash(id: string, passwordHash: string): Promise<boolean>;
  /** Stores a session, and deletes sessions that expired before `createdAt` (sign-ins are rare enough to pay for it). */
  createSession(session: SessionRecord): Promise<void>;
  /** The session and its user, whatever their expiry; the caller decides. */
  findSession(id: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  touchSession(id: string, lastSeenAt: EpochMs, expiresAt: EpochMs): Promise<void>;
  deleteSession(id: string): Promise<void>;
}
