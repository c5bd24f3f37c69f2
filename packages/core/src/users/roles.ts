/** Who may do what in the admin API: each role includes the permissions of the roles below it. */
export const USER_ROLES = ['admin', 'marketer', 'sales'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/**
 * The permission a request needs. `read` covers contacts and reports (sales), `operate` everything that runs
 * the engine (marketer), `administer` users and keys (admin).
 */
export type Permission = 'read' | 'operate' | 'administer';

const RANK: Record<Permission, number> = { read: 1, operate: 2, administer: 3 };
const GRANTED: Record<UserRole, Permission> = { sales: 'read', marketer: 'operate', admin: 'administer' };

export const isUserRole = (value: unknown): value is UserRole => typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);

/** Whether a role holds a permission. Example: `roleAllows('marketer', 'read')` is true. */
export const roleAllows = (role: UserRole, needed: Permission): boolean => RANK[GRANTED[role]] >= RANK[needed];
