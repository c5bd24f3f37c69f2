import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.js';
import { dkimDnsRecord, loadDkimSigning } from './dkim-key.js';
import { createMailSink } from './mail-sink.js';
import { createSmtpCourier } from './smtp-courier.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const DOMAIN = 'leadpulse.example.fr';
const SELECTOR = 'lp2026';

/** DNS is an outside service: this stub publishes the key's record where a verifier looks for it, and nothing else. */
const resolverWith = (record: string) => async (name: string, type: string) => {
  if (type === 'TXT' && name === `${SELECTOR}._domainkey.${DOMAIN}`) return [[record]];
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

const message = {
  channel: 'email' as const,
  messageId: '<dkim-1@leadpulse.example.fr>',
  sendId: 'dkim-1',
  to: 'ana@example.fr',
  subject: 'Bonjour Ana, votre devis',
  html: '<p>Bonjour <b>Ana</b>, voici votre devis.</p>',
  text: 'Bonjour Ana, voici votre devis.',
  unsubscribeUrl: 'https://lp.example.fr/e/u/tok',
};

describe('DKIM signing', () => {
  let smtp: SmtpTestServer;
  let dir: string;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    dir = mkdtempSync(join(tmpdir(), 'leadpulse-dkim-'));
  });
  afterAll(async () => {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs what the SMTP courier sends, and a real SMTP server receives a signature that verifies', async () => {
    const dkim = await loadDkimSigning({ dkimDomain: DOMAIN, dkimSelector: SELECTOR, dkimPrivateKey: PEM });
    const courier = createSmtpCourier({ url: smtp.url, from: `LeadPulse <news@${DOMAIN}>`, ratePerSecond: 100, timeoutMs: 5_000, dkim });
    try {
      expect(await courier.deliver(message)).toMatchObject({ kind: 'sent' });
    } finally {
      await courier.close();
    }
    const [mail] = await smtp.waitFor(1);
    expect(mail!.raw).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256;[^]*\bd=leadpulse\.example\.fr;[^]*\bs=lp2026;/m);
    const verified = await dkimVerify(Buffer.from(mail!.raw), { resolver: resolverWith(dkimDnsRecord(PEM)) });
    expect(verified.results.map((r) => [r.signingDomain, r.selector, r.status.result])).toEqual([[DOMAIN, SELECTOR, 'pass']]);

    // The same message against another key's record: the signature is really checked.
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const forged = await dkimVerify(Buffer.from(mail!.raw), { resolver: resolverWith(dkimDnsRecord(other)) });
    expect(forged.results[0]!.status.result).toBe('fail');
  });

  it('signs what the local mail sink keeps, so the test inbox shows the signature', async () => {
    const keyFile = join(dir, 'dkim.pem');
    writeFileSync(keyFile, PEM);
    const sink = createMailSink({ dir: join(dir, 'sink'), from: `news@${DOMAIN}`, dkim: await loadDkimSigning({ dkimDomain: DOMAIN, dkimSelector: SELECTOR, dkimPrivateKey: keyFile }) });
    expect(await sink.deliver(message)).toMatchObject({ kind: 'sent' });
    await sink.close();
    const eml = readdirSync(join(dir, 'sink')).find((f) => f.endsWith('.eml'))!;
    const verified = await dkimVerify(readFileSync(join(dir, 'sink', eml)), { resolver: resolverWith(dkimDnsRecord(PEM)) });
    expect(verified.results[0]!.status.result).toBe('pass');
  });

  it('refuses incomplete settings and a key that is not one, naming what to fix', async () => {
    expect(await loadDkimSigning({})).toBeNull();
    await expect(loadDkimSigning({ dkimDomain: DOMAIN })).rejects.toThrow(/LEADPULSE_DKIM_SELECTOR and LEADPULSE_DKIM_PRIVATE_KEY together/);
    await expect(loadDkimSigning({ dkimDomain: DOMAIN, dkimSelector: SELECTOR, dkimPrivateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' })).rejects.toThrow(/not a PEM private key/);
    await expect(loadDkimSigning({ dkimDomain: DOMAIN, dkimSelector: SELECTOR, dkimPrivateKey: join(dir, 'missing.pem') })).rejects.toThrow(/cannot be read/);
  });
});
