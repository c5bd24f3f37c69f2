import type { Permission } from '@leadpulse/core';
import type { FastifyInstance } from 'fastify';

/**
 * What a route needs, declared where the route is defined: nothing (`public`), a write key checked by the route
 * itself (`write_key`, ingestion), or a permission (sales hold `read`, marketers `operate`, admins `administer`).
 */
export type Access = 'public' | 'write_key' | Permission;

/** One registered route and what it needs; the route table that tests are generated from. */
export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route registered so far, with its declared access (requireDeclaredAccess). */
    readonly declaredRoutes: readonly DeclaredRoute[];
  }
}

/** Route options that declare access: `http.get(path, withAccess('read'), handler)`. */
export const withAccess = (access: Access) => ({ config: { access } });

/**
 * Deny by default: a route that does not declare its access cannot be registered, so the server cannot start with
 * one. Register before any route.
 */
export function requireDeclaredAccess(http: FastifyInstance) {
  const routes: DeclaredRoute[] = [];
  http.decorate('declaredRoutes', routes);
  http.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access: pass withAccess('public' | 'write_key' | 'read' | 'operate' | 'administer').`);
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
  });
}
