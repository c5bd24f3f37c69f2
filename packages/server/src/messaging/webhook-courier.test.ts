import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from './courier.js';
import { isPrivateAddress } from './private-address.js';
import { createWebhookCourier, webhookSigningSecret } from './webhook-courier.js';

const SECRET = 'leadpulse-test-secret-0123456789';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

describe('webhook courier', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  let answer: { status: number; body?: string; delayMs?: number };
  beforeEach(async () => {
    received = [];
    answer = { status: 204 };
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      response.writeHead(answer.status, answer.status >= 300 && answer.status < 400 ? { location: 'https://elsewhere.example/' } : {});
      response.end(answer.body ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/leadpulse`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const hook = (n: number, body: Record<string, unknown> = { type: 'contact.hot', contact: { id: 'c1', stage: 'hot' } }): OutgoingMessage => ({
    channel: 'webhook',
    messageId: `<send-${n}@leadpulse.test>`,
    to: url,
    subject: '',
    html: '',
    text: JSON.stringify(body),
    body,
  });

  it('posts JSON signed per Standard Webhooks, verifiable with the receiver secret', async () => {
    const courier = createWebhookCourier({ allowPrivate: true, secret: SECRET });
    expect(await courier.deliver(hook(1))).toEqual({ kind: 'sent', providerAnswer: 'HTTP 204' });
    const [request] = received;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['webhook-id']).toBe('<send-1@leadpulse.test>');
    const verified = new Webhook(webhookSigningSecret(SECRET)).verify(request!.body, request!.headers as Record<string, string>);
    expect(verified).toEqual({ type: 'contact.hot', contact: { id: 'c1', stage: 'hot' } });
    // Another secret, or a body changed on the way, does not verify.
    expect(() => new Webhook(webhookSigningSecret('another-secret-0123456789')).verify(request!.body, request!.headers as Record<string, string>)).toThrow();
    expect(() => new Webhook(webhookSigningSecret(SECRET)).verify(request!.body.replace('hot', 'cold'), request!.headers as Record<string, string>)).toThrow();
    expect(webhookSigningSecret(SECRET)).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  });

  it('keeps the webhook-id across retries and signs each attempt with its own timestamp', async () => {
    let now = Date.UTC(2026, 10, 2, 9, 0, 0);
    const courier = createWebhookCourier({ allowPrivate: true, secret: SECRET, now: () => new Date(now) });
    answer = { status: 503, body: 'maintenance' };
    expect(await courier.deliver(hook(2))).toEqual({ kind: 'transient', error: 'the webhook answered HTTP 503 Service Unavailable: maintenance' });
    now += 60_000;
    answer = { status: 200 };
    expect(await courier.deliver(hook(2))).toMatchObject({ kind: 'sent' });
    expect(received.map((r) => r.headers['webhook-id'])).toEqual(['<send-2@leadpulse.test>', '<send-2@leadpulse.test>']);
    expect(received.map((r) => Number(r.headers['webhook-timestamp']))).toEqual([now / 1000 - 60, now / 1000]);
  });

  it.each([
    [400, 'permanent'],
    [404, 'permanent'],
    [410, 'permanent'],
    [408, 'transient'],
    [429, 'transient'],
    [500, 'transient'],
    [302, 'permanent'],
  ] as const)('treats HTTP %i as %s', async (status, kind) => {
    answer = { status };
    expect(await createWebhookCourier({ allowPrivate: true, secret: SECRET }).deliver(hook(3))).toMatchObject({ kind });
  });

  it('gives up on a slow receiver after the timeout, and on an unreachable one, as transient', async () => {
    answer = { status: 200, delayMs: 1_000 };
    expect(await createWebhookCourier({ allowPrivate: true, secret: SECRET, timeoutMs: 100 }).deliver(hook(4))).toEqual({ kind: 'transient', error: 'the webhook did not answer within 100 ms' });
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const closed = `http://127.0.0.1:${(spare.address() as AddressInfo).port}/hooks`;
    await new Promise((resolve) => spare.close(resolve));
    expect(await createWebhookCourier({ allowPrivate: true, secret: SECRET }).deliver({ ...hook(5), to: closed })).toMatchObject({ kind: 'transient', error: expect.stringMatching(/could not be reached.*ECONNREFUSED/) });
    expect(await createWebhookCourier({ allowPrivate: true, secret: SECRET }).deliver({ ...hook(6), to: 'ftp://example.fr/x' })).toMatchObject({ kind: 'permanent' });
  });

  it('refuses private, loopback and link-local receivers unless allowed, before any request leaves', async () => {
    const courier = createWebhookCourier({ secret: SECRET });
    const requestsBefore = received.length;
    for (const to of [url, 'http://localhost:9/hooks', 'http://169.254.169.254/latest/meta-data/', 'http://10.1.2.3/x', 'http://[::1]:8080/x', 'http://[::ffff:192.168.1.1]/x']) {
      const outcome = await courier.deliver({ ...hook(7), to });
      expect(outcome, to).toMatchObject({ kind: 'permanent', error: expect.stringContaining('LEADPULSE_WEBHOOKS_PRIVATE=1') });
    }
    expect(received.length).toBe(requestsBefore);
  });
});

describe('isPrivateAddress', () => {
  it('tells this host, private networks, link-local and CGNAT from public addresses, IPv4 mapped in IPv6 included', () => {
    for (const ip of ['127.0.0.1', '10.0.0.8', '172.20.1.1', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', 'not an address']) expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isPrivateAddress(ip), ip).toBe(false);
  });
});
