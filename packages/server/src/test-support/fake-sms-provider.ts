import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSms {
  readonly sid: string;
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly idempotencyKey: string | null;
}

export interface FakeSmsProvider {
  /** LEADPULSE_SMS_URL pointing at this fake: `http://SID:TOKEN@127.0.0.1:port/?from=…`. */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Messages accepted, once each (a repeated Idempotency-Key is answered with the first message). */
  readonly messages: FakeSms[];
  /** Every request that reached the Messages endpoint. */
  readonly requests: number;
  /** Answers the next `count` requests with this status and a Twilio-shaped error body. */
  failNext(status: number, count?: number, code?: number): void;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A local stand-in for an SMS gateway, shaped like Twilio's Messages API: form-encoded POST to
 * `/2010-04-01/Accounts/{sid}/Messages.json`, Basic auth, 201 with a `sid`, Twilio's error body on 4xx.
 */
export async function startFakeSmsProvider(options: { from?: string } = {}): Promise<FakeSmsProvider> {
  const accountSid = 'AC0123456789abcdef0123456789abcdef';
  const authToken = 'fake-auth-token';
  const messages: FakeSms[] = [];
  const byKey = new Map<string, FakeSms>();
  let requests = 0;
  let failures: { status: number; count: number; code: number } | null = null;

  const answer = (response: ServerResponse, status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const error = (response: ServerResponse, status: number, code: number, message: string) => answer(response, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    if (request.method !== 'POST' || request.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) return error(response, 404, 20404, 'The requested resource was not found');
    requests++;
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) return error(response, 401, 20003, 'Authenticate');
    if (failures && failures.count > 0) {
      failures.count--;
      return error(response, failures.status, failures.code, `Simulated failure ${failures.status}`);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return error(response, 400, 20001, 'Expected a form-encoded body');
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const [to, from, body] = [form.get('To') ?? '', form.get('From') ?? '', form.get('Body') ?? ''];
    if (!E164.test(to)) return error(response, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!E164.test(from)) return error(response, 400, 21212, `The 'From' number ${from} is not a valid phone number.`);
    if (body === '') return error(response, 400, 21602, 'Message body is required.');
    const key = typeof request.headers['idempotency-key'] === 'string' ? request.headers['idempotency-key'] : null;
    const repeated = key ? byKey.get(key) : undefined;
    const sms = repeated ?? { sid: `SM${String(messages.length + 1).padStart(32, '0')}`, to, from, body, idempotencyKey: key };
    if (!repeated) {
      messages.push(sms);
      if (key) byKey.set(key, sms);
    }
    answer(response, 201, { sid: sms.sid, account_sid: accountSid, to, from, body, status: 'queued', num_segments: '1' });
  }

  const server = createServer((request, response) => void handle(request, response).catch(() => error(response, 500, 20500, 'Internal Server Error')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${accountSid}:${authToken}@127.0.0.1:${port}/?from=${options.from ?? '+33612345678'}`,
    accountSid,
    authToken,
    messages,
    get requests() {
      return requests;
    },
    failNext(status, count = 1, code = status === 429 ? 20429 : status >= 500 ? 20500 : 21211) {
      failures = { status, count, code };
    },
    close() {
      // fetch keeps connections alive; without this, close would wait for them to time out.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
