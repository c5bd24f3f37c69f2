import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../test-support/manual-clock.js';
import { dkimDnsRecord } from '../messaging/dkim-key.js';
import { createEmailDomainCheck, domainOfAddress, type TxtResolver } from './email-domain-check.js';

const pem = () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const KEY = pem();
const DKIM = { domainName: 'example.fr', keySelector: 'lp', privateKey: KEY };
const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);

const dnsError = (code: string, name: string) => Object.assign(new Error(`queryTxt ${code} ${name}`), { code });
/** DNS is an outside service: a zone as a map, NXDOMAIN for names it lacks (ENODATA for the apex with no TXT). */
const zone = (records: Record<string, string[][]>): TxtResolver => ({
  async resolveTxt(name) {
    if (records[name]) return records[name]!;
    throw dnsError(name === 'example.fr' ? 'ENODATA' : 'ENOTFOUND', name);
  },
});
const check = (resolver: TxtResolver, dkim: typeof DKIM | null = DKIM) => createEmailDomainCheck({ resolver, clock: manualClock(NOW), emailFrom: 'LeadPulse <news@Example.fr>', dkim })();

describe('email domain check', () => {
  it('finds SPF, the DKIM key of the configured private key (split in 255-byte strings) and DMARC', async () => {
    const record = dkimDnsRecord(KEY);
    const report = await check(zone({ 'example.fr': [['v=spf1 include:_spf.relay.example ~all'], ['google-site-verification=abc']], 'lp._domainkey.example.fr': [[record.slice(0, 255), record.slice(255)]], '_dmarc.example.fr': [['v=DMARC1; p=quarantine; rua=mailto:d@example.fr']] }));
    expect(report).toMatchObject({ domain: 'example.fr', checkedAt: NOW, reachable: true });
    expect(report.records.map((r) => [r.kind, r.name, r.state, r.suggested])).toEqual([
      ['spf', 'example.fr', 'found', null],
      ['dkim', 'lp._domainkey.example.fr', 'found', null],
      ['dmarc', '_dmarc.example.fr', 'found', null],
    ]);
  });

  it('says what to publish when records are missing, with the DKIM public key derived from the private key', async () => {
    const report = await check(zone({}));
    expect(report.reachable).toBe(true);
    expect(report.records.map((r) => [r.kind, r.state])).toEqual([['spf', 'missing'], ['dkim', 'missing'], ['dmarc', 'missing']]);
    const dkim = report.records[1]!;
    expect(dkim.suggested).toMatch(/^v=DKIM1; k=rsa; p=MI[A-Za-z0-9+/=]+$/);
    expect(dkim.suggested).toBe(dkimDnsRecord(KEY));
    expect(report.records[2]!.suggested).toBe('v=DMARC1; p=none; rua=mailto:dmarc-reports@example.fr');
  });

  it('calls a second SPF record, a key of another private key and a DMARC record without a policy invalid', async () => {
    const report = await check(zone({ 'example.fr': [['v=spf1 mx -all'], ['v=spf1 include:other ~all']], 'lp._domainkey.example.fr': [[dkimDnsRecord(pem())]], '_dmarc.example.fr': [['v=DMARC1; rua=mailto:d@example.fr']] }));
    expect(report.records.map((r) => [r.kind, r.state])).toEqual([['spf', 'invalid'], ['dkim', 'invalid'], ['dmarc', 'invalid']]);
    expect(report.records[1]!.suggested).toBe(dkimDnsRecord(KEY));
  });

  it('says "could not check" for every record when DNS cannot be reached, and does not fail', async () => {
    for (const code of ['ECONNREFUSED', 'ETIMEOUT', 'ENOTFOUND']) {
      const offline: TxtResolver = { resolveTxt: async (name) => Promise.reject(dnsError(code, name)) };
      const report = await check(offline);
      expect(report.reachable).toBe(false);
      expect(report.records.map((r) => r.state)).toEqual(['unreachable', 'unreachable', 'unreachable']);
      expect(report.records[0]!.detail).toMatch(/^Could not check: DNS gave no answer for example\.fr/);
    }
  });

  it('says DKIM is not configured when no key is set', async () => {
    const report = await check(zone({ 'example.fr': [['v=spf1 mx ~all']] }), null);
    expect(report.records[1]).toMatchObject({ kind: 'dkim', state: 'not_configured', detail: expect.stringMatching(/LEADPULSE_DKIM_PRIVATE_KEY/) });
  });

  it('reads the domain of a From header', () => {
    expect(domainOfAddress('LeadPulse <news@Mail.Example.fr>')).toBe('mail.example.fr');
    expect(domainOfAddress('news@example.fr')).toBe('example.fr');
  });
});
