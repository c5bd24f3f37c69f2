import type { UserRole } from '@leadpulse/core';
import type { Kysely, Transaction } from 'kysely';
import type { SessionRecord, UserChange, UserRecord, UserRepository } from '../app/user-ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import type { Database, SessionsTable, UsersTable } from './schema.js';
import { lockRows } from './row-locks.js';


const userFromRow = (row: UsersTable): UserRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as UserRole,
  passwordHash: row.password_hash,
  createdAt: Number(row.created_at),
  disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
});

const sessionFromRow = (row: SessionsTable): SessionRecord => ({
  id: row.id,
  userId: row.user_id,
  csrfToken: row.csrf_token,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  lastSeenAt: Number(row.last_seen_at),
});

/** Users and sessions on the shared Kysely instance. */
export function createUserRepository(db: Kysely<Database>, dialect: SqlDialect): UserRepository {
  /**
   * Runs a change that could leave no admin. The active admins are read with row locks (PostgreSQL), so two
   * concurrent demotions of the last two admins cannot both see "another admin remains".
   */
  const guardLastAdmin = (id: string, change: (tx: Transaction<Database>, user: UsersTable) => Promise<void>, losesAdmin: (user: UsersTable) => boolean) =>
    db.transaction().execute(async (tx): Promise<UserChange> => {
      const admins = await lockRows(dialect.capabilities, tx.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null)).execute();
      const user = await tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!user) return 'not_found';
      if (losesAdmin(user) && admins.length === 1 && admins[0]!.id === id) return 'last_admin';
      await change(tx, user);
      return 'done';
    });

  return {
    async create(user) {
      const result = await db
        .insertInto('users')
        .values({ id: user.id, email: user.email, name: user.name, role: user.role, password_hash: user.passwordHash, created_at: user.createdAt, disabled_at: user.disabledAt })
        .onConflict((oc) => oc.column('email').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async findByEmail(email) {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      return row ? userFromRow(row) : null;
    },
    async get(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? userFromRow(row) : null;
    },
    async list() {
      return (await db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute()).map(userFromRow);
    },
    delete: (id) =>
      guardLastAdmin(
        id,
        async (tx) => {
          await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
          await tx.deleteFrom('users').where('id', '=', id).execute();
        },
        (user) => user.role === 'admin',
      ),
    update: (id, patch) =>
      guardLastAdmin(
        id,
        async (tx) => {
          await tx
            .updateTable('users')
            .set({ ...(patch.role !== undefined ? { role: patch.role } : {}), ...(patch.name !== undefined ? { name: patch.name } : {}) })
            .where('id', '=', id)
            .execute();
        },
        (user) => user.role === 'admin' && patch.role !== undefined && patch.role !== 'admin',
      ),
    setPasswordHash: (id, passwordHash) =>
      db.transaction().execute(async (tx) => {
        const result = await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
        return true;
      }),

    async createSession(session) {
      await db.deleteFrom('sessions').where('expires_at', '<', session.createdAt).execute();
      await db
        .insertInto('sessions')
        .values({ id: session.id, user_id: session.userId, csrf_token: session.csrfToken, created_at: session.createdAt, expires_at: session.expiresAt, last_seen_at: session.lastSeenAt })
        .execute();
    },
    async findSession(id) {
      const session = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!session) return null;
      const user = await db.selectFrom('users').selectAll().where('id', '=', session.user_id).executeTakeFirst();
      return user ? { session: sessionFromRow(session), user: userFromRow(user) } : null;
    },
    async touchSession(id, lastSeenAt, expiresAt) {
      await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
    },
    async deleteSession(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
  };
}
