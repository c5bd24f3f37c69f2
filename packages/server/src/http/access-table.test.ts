import { describe, expect, it } from 'vitest';
import { requiredAccess } from './access-table.js';

describe('access table', () => {
  it.each([
    ['GET', '/api/v1/openapi.json', 'public'],
    ['POST', '/api/v1/session', 'public'],
    ['GET', '/api/v1/session', 'read'],
    ['DELETE', '/api/v1/session', 'read'],
    ['GET', '/api/v1/contacts', 'read'],
    ['GET', '/api/v1/contacts/ct_1/timeline', 'read'],
    ['GET', '/api/v1/contacts/ct_1/history', 'read'],
    ['DELETE', '/api/v1/contacts/ct_1', 'operate'],
    ['GET', '/api/v1/reports/tunnel', 'read'],
    ['GET', '/api/v1/events/stage-changes', 'read'],
    ['GET', '/api/v1/doctrine', 'operate'],
    ['PUT', '/api/v1/doctrine', 'operate'],
    ['POST', '/api/v1/costs', 'operate'],
    ['GET', '/api/v1/keys', 'administer'],
    ['DELETE', '/api/v1/keys/key_1', 'administer'],
    ['GET', '/api/v1/users', 'administer'],
    ['PATCH', '/api/v1/users/usr_1', 'administer'],
    // A prefix matches whole path segments only.
    ['GET', '/api/v1/contactsx', 'operate'],
    ['GET', '/api/v1/sessionx', 'operate'],
  ] as const)('%s %s needs %s', (method, path, access) => {
    expect(requiredAccess(method, path)).toBe(access);
  });
});
