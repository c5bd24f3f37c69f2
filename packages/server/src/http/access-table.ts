import type { Permission } from '@leadpulse/core';

/** What a request needs: nothing, or a permission (sales hold `read`, marketers `operate`, admins `administer`). */
export type Access = 'public' | Permission;

interface AccessRule {
  /** `*` for every method. */
  readonly methods: '*' | readonly string[];
  /** Matches the path itself and everything below it (`/api/v1/contacts` covers `/api/v1/contacts/{id}/timeline`). */
  readonly prefix: string;
  readonly access: Access;
}

const READS = ['GET', 'HEAD'];

/** Who may call what under /api. The first matching rule wins; anything unlisted needs `operate`. */
export const ACCESS_TABLE: readonly AccessRule[] = [
  { methods: READS, prefix: '/api/v1/openapi.json', access: 'public' },
  // Changing one's own password needs a session (and its CSRF token); signing in does not.
  { methods: ['POST'], prefix: '/api/v1/session/password', access: 'read' },
  { methods: ['POST'], prefix: '/api/v1/session', access: 'public' },
  // Reading or ending one's own session is open to every signed-in role.
  { methods: '*', prefix: '/api/v1/session', access: 'read' },
  { methods: '*', prefix: '/api/v1/users', access: 'administer' },
  { methods: '*', prefix: '/api/v1/keys', access: 'administer' },
  { methods: READS, prefix: '/api/v1/contacts', access: 'read' },
  { methods: READS, prefix: '/api/v1/reports', access: 'read' },
  // Sales follow who just turned hot.
  { methods: READS, prefix: '/api/v1/events/stage-changes', access: 'read' },
];

const DEFAULT_ACCESS: Access = 'operate';

const covers = (prefix: string, path: string) => path === prefix || path.startsWith(`${prefix}/`);

/** The access a request needs, from its method and its path without the query string. */
export function requiredAccess(method: string, path: string): Access {
  const rule = ACCESS_TABLE.find((r) => (r.methods === '*' || r.methods.includes(method)) && covers(r.prefix, path));
  return rule?.access ?? DEFAULT_ACCESS;
}
