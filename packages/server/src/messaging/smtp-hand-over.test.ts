import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.js';
import type { ClosableCourier, OutgoingMessage } from './courier.js';
import { createSmtpCourier } from './smtp-courier.js';

const message = (n: number): OutgoingMessage => ({ channel: 'email', messageId: `<hand-${n}@leadpulse.test>`, to: `c${n}@example.fr`, subject: `Bonjour ${n}`, html: `<p>Bonjour ${n}</p>`, text: `Bonjour ${n}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SMTP courier hand-over: the relay takes a message only once the outbox lets it go', () => {
  let smtp: SmtpTestServer;
  let courier: ClosableCourier;
  beforeEach(async () => {
    smtp = await startSmtpTestServer();
    courier = createSmtpCourier({ url: smtp.url, from: 'LeadPulse <news@leadpulse.test>', ratePerSecond: 100, timeoutMs: 5_000 });
  });
  afterEach(async () => {
    await courier.close();
    await smtp.close();
  });

  it('holds the end of the message until its hand-over, while another message goes through', async () => {
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let askedAt = 0;
    const first = courier.deliver(message(1), async () => {
      askedAt = Date.now();
      await held;
    });
    const second = await courier.deliver(message(2), async () => {});
    expect(second).toMatchObject({ kind: 'sent' });
    await sleep(200);
    // The first message was streamed up to its last byte, then waited: the relay has the second one only.
    expect(askedAt).toBeGreaterThan(0);
    expect(smtp.received.map((m) => m.messageId)).toEqual(['<hand-2@leadpulse.test>']);
    letGo();
    expect(await first).toMatchObject({ kind: 'sent' });
    expect(smtp.received.map((m) => m.messageId)).toEqual(['<hand-2@leadpulse.test>', '<hand-1@leadpulse.test>']);
    expect(smtp.received[1]!.parsed.text?.trim()).toBe('Bonjour 1');
  });

  it('sends nothing when the hand-over is refused, and says the delivery failed', async () => {
    const outcome = await courier.deliver(message(3), async () => {
      throw new Error('the delivery was given up before its hand-over');
    });
    expect(outcome.kind).not.toBe('sent');
    await sleep(100);
    expect(smtp.received).toEqual([]);
  });
});
