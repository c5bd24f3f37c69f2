import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/create-logger.js';
import { startFakeSmsProvider } from '../test-support/fake-sms-provider.js';
import { startSmtpTestServer } from '../test-support/smtp-test-server.js';
import type { OutgoingMessage } from './courier.js';
import { createCouriers } from './create-couriers.js';

const logger = createLogger('silent');
const SECRET = 'leadpulse-test-secret-0123456789';
const mail: OutgoingMessage = { channel: 'email', messageId: '<send-1@leadpulse.test>', sendId: 'send-1', to: 'ana@example.fr', subject: 'Bonjour', html: '<p>Bonjour</p>', text: 'Bonjour' };

describe('createCouriers', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-couriers-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps email on the machine without LEADPULSE_SMTP_URL, readable in the test inbox, and has no SMS courier', async () => {
    const couriers = await createCouriers({ secret: SECRET, dataDir, logger });
    try {
      expect(await couriers.email.deliver(mail)).toMatchObject({ kind: 'sent' });
      expect((await couriers.inbox!(10)).map((m) => [m.sendId, m.from, m.subject])).toEqual([['send-1', 'LeadPulse <leadpulse@localhost>', 'Bonjour']]);
      expect(couriers.sms).toBeNull();
    } finally {
      await couriers.close();
    }
  });

  it('sends through the relay with LEADPULSE_SMTP_URL and SMS through the provider with LEADPULSE_SMS_URL', async () => {
    const smtp = await startSmtpTestServer();
    const provider = await startFakeSmsProvider();
    const couriers = await createCouriers({ smtpUrl: smtp.url, emailFrom: 'Atelier <news@atelier.example.fr>', sendRate: 50, smsUrl: `${provider.url}&country=FR`, secret: SECRET, dataDir, logger });
    try {
      expect(couriers.inbox).toBeNull();
      expect(await couriers.email.deliver(mail)).toMatchObject({ kind: 'sent' });
      expect((await smtp.waitFor(1))[0]!.parsed.from?.value).toEqual([{ name: 'Atelier', address: 'news@atelier.example.fr' }]);
      expect(await couriers.sms!.deliver({ ...mail, channel: 'sms', to: '06 12 34 56 78' })).toMatchObject({ kind: 'sent' });
      expect(provider.messages.map((m) => m.to)).toEqual(['+33612345678']);
    } finally {
      await couriers.close();
      await smtp.close();
      await provider.close();
    }
  });
});
