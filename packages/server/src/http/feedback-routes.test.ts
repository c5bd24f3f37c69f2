import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { dkimDnsRecord } from '../messaging/dkim-key.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const DKIM = { emailFrom: 'LeadPulse <news@example.fr>', dkimDomain: 'example.fr', dkimSelector: 'lp', dkimPrivateKey: PEM };

describe('GET /api/v1/settings/email-domain', () => {
  let t: TestServer;
  afterEach(async () => t?.close());
  const get = (headers: Record<string, string> = { authorization: `Bearer ${t.adminToken}` }) => t.server.inject({ method: 'GET', url: '/api/v1/settings/email-domain', headers });

  it('shows each record with what to publish, the DKIM key derived from the configured private key', async () => {
    const zone: Record<string, string[][]> = { 'example.fr': [['v=spf1 mx ~all']], '_dmarc.example.fr': [['v=DMARC1; p=none']] };
    const resolveTxt = async (name: string) => zone[name] ?? Promise.reject(Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' }));
    t = await createTestServer({ config: DKIM, txtResolver: { resolveTxt } });
    const response = await get();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      domain: 'example.fr',
      reachable: true,
      checkedAt: '2026-11-02T09:00:00.000Z',
      records: [
        { kind: 'spf', state: 'found', found: ['v=spf1 mx ~all'] },
        { kind: 'dkim', name: 'lp._domainkey.example.fr', state: 'missing', suggested: dkimDnsRecord(PEM) },
        { kind: 'dmarc', state: 'found' },
      ],
    });
  });

  it('says "could not check" when DNS is out of reach, and is for admins only', async () => {
    t = await createTestServer({ config: DKIM });
    const response = await get();
    expect(response.json()).toMatchObject({ reachable: false, records: [{ state: 'unreachable' }, { state: 'unreachable' }, { state: 'unreachable' }] });
    expect(response.json().records[0].detail).toMatch(/^Could not check/);
    expect((await get({})).statusCode).toBe(401);
  });
});
