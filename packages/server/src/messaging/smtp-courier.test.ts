import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.js';
import type { ClosableCourier, OutgoingMessage } from './courier.js';
import { createSmtpCourier } from './smtp-courier.js';

const message = (n: number, extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  channel: 'email',
  messageId: `<send-${n}@leadpulse.test>`,
  sendId: `send-${n}`,
  to: 'ana@example.fr',
  subject: `Bonjour Ana (${n})`,
  html: `<p>Bonjour <b>Ana</b> ${n}</p>`,
  text: `Bonjour Ana ${n}`,
  ...extra,
});

describe('SMTP courier against a real SMTP server', () => {
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

  it('delivers the stored Message-ID with HTML and text parts and one-click List-Unsubscribe', async () => {
    const outcome = await courier.deliver(message(1, { unsubscribeUrl: 'https://lp.example.fr/u/tok-1', headers: { 'X-LeadPulse-Send': 'send-1' } }));
    expect(outcome).toMatchObject({ kind: 'sent', providerAnswer: expect.stringMatching(/^250 .*queued/) });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.messageId).toBe('<send-1@leadpulse.test>');
    expect(mail!.envelope).toEqual({ from: 'news@leadpulse.test', to: ['ana@example.fr'] });
    expect(mail!.parsed.subject).toBe('Bonjour Ana (1)');
    expect(mail!.parsed.html).toContain('Bonjour <b>Ana</b> 1');
    expect(mail!.parsed.text?.trim()).toBe('Bonjour Ana 1');
    expect(mail!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(mail!.raw).toMatch(/^List-Unsubscribe: <https:\/\/lp\.example\.fr\/u\/tok-1>/m);
    expect(mail!.parsed.headers.get('x-leadpulse-send')).toBe('send-1');
  });

  it('treats 4xx as transient, and the retry goes out with the same Message-ID', async () => {
    smtp.setMode({ kind: 'tempfail', count: 1 });
    expect(await courier.deliver(message(2))).toMatchObject({ kind: 'transient', error: expect.stringMatching(/451 Try again later/), refusal: { code: 451 } });
    expect(await courier.deliver(message(2))).toMatchObject({ kind: 'sent' });
    const mails = await smtp.waitFor(1);
    expect(mails.map((m) => m.messageId)).toEqual(['<send-2@leadpulse.test>']);
    expect(smtp.attempts).toBe(2);
  });

  it('treats a connection dropped after DATA as transient, and retries with the same Message-ID', async () => {
    smtp.setMode({ kind: 'drop_after_data', count: 1 });
    expect(await courier.deliver(message(3))).toMatchObject({ kind: 'transient' });
    expect(smtp.received).toHaveLength(0);
    expect(await courier.deliver(message(3))).toMatchObject({ kind: 'sent' });
    expect((await smtp.waitFor(1))[0]!.messageId).toBe('<send-3@leadpulse.test>');
  });

  it('treats 5xx as permanent, with the relay answer as the reason', async () => {
    smtp.setMode({ kind: 'reject' });
    expect(await courier.deliver(message(4))).toMatchObject({ kind: 'permanent', error: expect.stringMatching(/550 No such user here/), refusal: { code: 550, diagnostic: expect.stringMatching(/No such user here/) } });
  });

  it('treats a relay that cannot be reached as transient', async () => {
    const port = smtp.port;
    await smtp.close();
    const unreachable = createSmtpCourier({ url: `smtp://127.0.0.1:${port}`, from: 'news@leadpulse.test', ratePerSecond: 10, timeoutMs: 2_000 });
    try {
      expect(await unreachable.deliver(message(5))).toMatchObject({ kind: 'transient', error: expect.stringMatching(/ECONNREFUSED|connect/i) });
    } finally {
      await unreachable.close();
      smtp = await startSmtpTestServer();
    }
  });

  it('paces the relay at the send rate', async () => {
    const paced = createSmtpCourier({ url: smtp.url, from: 'news@leadpulse.test', ratePerSecond: 5, timeoutMs: 5_000 });
    try {
      const started = Date.now();
      const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => paced.deliver(message(100 + i))));
      expect(outcomes.every((o) => o.kind === 'sent')).toBe(true);
      const mails = await smtp.waitFor(12);
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(12);
      // 12 messages at 5 a second: three one-second windows, so at least two seconds from the first to the last.
      expect(Math.max(...mails.map((m) => m.at)) - started).toBeGreaterThanOrEqual(1_900);
      // Nodemailer counts per fixed one-second window, so two windows' worth may meet across a boundary.
      for (const mail of mails) expect(mails.filter((m) => m.at > mail.at - 1_000 && m.at <= mail.at).length).toBeLessThanOrEqual(2 * 5);
    } finally {
      await paced.close();
    }
  });
});
