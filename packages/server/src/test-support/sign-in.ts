import type { FastifyInstance } from 'fastify';

export interface TestSession {
  /** The `Cookie` header value to send back. */
  readonly cookie: string;
  readonly csrfToken: string;
  /** The raw Set-Cookie header of the sign-in answer. */
  readonly setCookie: string;
}

/** Signs in through POST /api/v1/session, as the dashboard does, and returns what a browser would keep. */
export async function signIn(server: FastifyInstance, email: string, password: string, headers: Record<string, string> = {}): Promise<TestSession> {
  const response = await server.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify({ email, password }) });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const setCookie = String(response.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0]!, csrfToken: response.json().csrfToken, setCookie };
}
