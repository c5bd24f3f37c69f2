import type { FastifyInstance } from 'fastify';
import type { TestSession } from './sign-in.js';

/** A valid email template: Liquid over MJML. */
export const thanksTemplate = (overrides: Record<string, unknown> = {}) => ({
  key: 'demo-thanks',
  locale: 'en',
  channel: 'email',
  name: 'Thanks for the demo request',
  subject: 'Thanks, {{ contact.firstName }}',
  body: '<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{ contact.firstName }}, we will call you.</mj-text></mj-column></mj-section></mj-body></mjml>',
  ...overrides,
});

/** Someone who asks for a demo gets a thank-you email at once and a sales task for `assignee`. */
export const demoScenario = (overrides: Record<string, unknown> = {}, assignee = 'sales@example.fr') => ({
  key: 'demo-follow-up',
  name: 'Demo follow-up',
  trigger: { type: 'event', event: 'Demo Requested' },
  steps: [
    { id: 'thanks', type: 'send_email', template: 'demo-thanks' },
    { id: 'call', type: 'task', title: 'Call back about the demo', assignee: { email: assignee }, due: '2d' },
  ],
  exit: [{ type: 'event', event: 'Order Completed' }],
  reentry: { policy: 'never' },
  ...overrides,
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Calls the admin API as a signed-in user (with the CSRF token) or with the admin token. */
export function caller(server: () => FastifyInstance, who: () => TestSession | { adminToken: string }) {
  return (method: Method, url: string, payload?: unknown) => {
    const as = who();
    const auth = 'adminToken' in as ? { authorization: `Bearer ${as.adminToken}` } : { cookie: as.cookie, 'x-csrf-token': as.csrfToken };
    return server().inject({
      method,
      url,
      headers: { ...auth, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
  };
}
