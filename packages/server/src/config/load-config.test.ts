import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig, maskSecret } from './load-config.js';

const messagesOf = (env: Record<string, string>, flags: Record<string, string | boolean> = {}) => {
  const result = loadConfig(env, flags);
  return result.ok ? [] : result.error.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('loadConfig', () => {
  it('reads LEADPULSE_TRUST_PROXY as off, a hop count or a list of proxy addresses', () => {
    const trust = (value: string) => {
      const result = loadConfig({ LEADPULSE_TRUST_PROXY: value });
      return result.ok ? result.value.trustProxy : result.error.map((issue) => issue.message).join('; ');
    };
    expect(trust('0')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('true')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.5, 10.1.0.0/16,loopback, 2001:db8::/32')).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback', '2001:db8::/32']);
    for (const bad of ['everything', '10.0.0.0/33', '10.0.0.300', '*']) expect(trust(bad)).toMatch(/LEADPULSE_TRUST_PROXY/);
  });

  it('runs the embedded product on defaults', () => {
    const result = loadConfig({});
    expect(result).toEqual({
      ok: true,
      value: { port: 8080, host: '0.0.0.0', dataDir: './leadpulse-data', role: 'all', trustProxy: false, demo: false, demoSite: false, demoSitePort: 8081, logLevel: 'info', schedulerIntervalMs: 1000, modelRetrainDays: 7, ingestBatchMax: 2000, ingestFlushMs: 2, adminEmail: 'admin@localhost', emailFrom: 'LeadPulse <leadpulse@localhost>', timeZone: 'UTC', sendRate: 10, sendPipeline: 1, webhooksPrivate: false },
    });
  });

  it('reads every variable, and treats an empty one as unset', () => {
    const result = loadConfig({
      LEADPULSE_PORT: '9000',
      LEADPULSE_HOST: '127.0.0.1',
      LEADPULSE_DATA_DIR: '/var/lib/leadpulse',
      LEADPULSE_DATABASE_URL: 'postgresql://lp:pw@db:5432/leadpulse',
      LEADPULSE_ADMIN_TOKEN: 'a'.repeat(16),
      LEADPULSE_WRITE_KEY: 'w'.repeat(20),
      LEADPULSE_SMTP_URL: 'smtps://mail.example.fr:465',
      LEADPULSE_PUBLIC_URL: 'https://lp.example.fr',
      LEADPULSE_DEMO: '1',
      LEADPULSE_DEMO_SITE: 'yes',
      LEADPULSE_DEMO_SITE_PORT: '9081',
      LEADPULSE_ROLE: 'worker',
      LEADPULSE_LOG_LEVEL: 'silent',
      LEADPULSE_SCHEDULER_INTERVAL_MS: '250',
      LEADPULSE_MODEL_RETRAIN_DAYS: '14',
      LEADPULSE_INGEST_BATCH_MAX: '1000',
      LEADPULSE_INGEST_FLUSH_MS: '5',
      LEADPULSE_TRUST_PROXY: '',
      LEADPULSE_ADMIN_EMAIL: ' Ana@Example.fr ',
      LEADPULSE_EMAIL_FROM: 'Atelier Martin <news@atelier.example.fr>',
      LEADPULSE_SEND_RATE: '50',
      LEADPULSE_SEND_PIPELINE: '3',
      LEADPULSE_TIME_ZONE: 'Europe/Paris',
      LEADPULSE_SMS_URL: 'https://AC123:tok@api.twilio.com/?from=+33612345678',
      LEADPULSE_SECRET: 's'.repeat(32),
      LEADPULSE_WEBHOOKS_PRIVATE: '1',
    });
    expect(result.ok && result.value).toEqual({
      port: 9000,
      host: '127.0.0.1',
      dataDir: '/var/lib/leadpulse',
      databaseUrl: 'postgresql://lp:pw@db:5432/leadpulse',
      adminToken: 'a'.repeat(16),
      writeKey: 'w'.repeat(20),
      smtpUrl: 'smtps://mail.example.fr:465',
      publicUrl: 'https://lp.example.fr',
      demo: true,
      demoSite: true,
      demoSitePort: 9081,
      role: 'worker',
      logLevel: 'silent',
      schedulerIntervalMs: 250,
      modelRetrainDays: 14,
      ingestBatchMax: 1000,
      ingestFlushMs: 5,
      trustProxy: false,
      adminEmail: 'ana@example.fr',
      emailFrom: 'Atelier Martin <news@atelier.example.fr>',
      sendRate: 50,
      sendPipeline: 3,
      timeZone: 'Europe/Paris',
      smsUrl: 'https://AC123:tok@api.twilio.com/?from=+33612345678',
      secret: 's'.repeat(32),
      webhooksPrivate: true,
    });
  });

  it('refuses a sender, a rate or an SMS URL it could not use', () => {
    expect(messagesOf({ LEADPULSE_EMAIL_FROM: 'LeadPulse' })[0]).toMatch(/^LEADPULSE_EMAIL_FROM: LEADPULSE_EMAIL_FROM must be an address/);
    expect(messagesOf({ LEADPULSE_TIME_ZONE: 'Paris' })[0]).toMatch(/^LEADPULSE_TIME_ZONE: LEADPULSE_TIME_ZONE must be an IANA time zone such as Europe\/Paris or UTC, got "Paris"/);
    expect(messagesOf({ LEADPULSE_SEND_RATE: '0' })[0]).toMatch(/^LEADPULSE_SEND_RATE: .* got "0"; set LEADPULSE_SEND_RATE=10 or unset it\.$/);
    // Without the sender number (or the credentials) no message could leave; the token is never echoed.
    const sms = messagesOf({ LEADPULSE_SMS_URL: 'https://AC123:tok@api.twilio.com/' });
    expect(sms).toEqual(['LEADPULSE_SMS_URL: LEADPULSE_SMS_URL must be an http(s) URL with the account and token as user and password, and ?from= the sender number, got a "https://" URL; fix it (e.g. https://SID:TOKEN@api.twilio.com/?from=+33612345678), or unset it.']);
  });

  it('lets flags override the environment', () => {
    const result = loadConfig({ LEADPULSE_PORT: '9000', LEADPULSE_DATA_DIR: './a' }, { port: '9100', 'data-dir': './b', demo: true, mapping: 'ignored.json' });
    expect(result.ok && [result.value.port, result.value.dataDir, result.value.demo]).toEqual([9100, './b', true]);
  });

  it('names the variable, what it expects and the fix for every bad value, in documentation order', () => {
    expect(messagesOf({ LEADPULSE_ADMIN_EMAIL: 'admin' })).toEqual(['LEADPULSE_ADMIN_EMAIL: LEADPULSE_ADMIN_EMAIL must be an email address such as ana@example.fr, got "admin"; set LEADPULSE_ADMIN_EMAIL=admin@localhost or unset it.']);
    expect(messagesOf({ LEADPULSE_PORT: '80a' })).toEqual(['LEADPULSE_PORT: LEADPULSE_PORT must be a whole number from 0 to 65535, got "80a"; set LEADPULSE_PORT=8080 or unset it.']);
    expect(messagesOf({ LEADPULSE_PORT: '70000', LEADPULSE_ROLE: 'boss', LEADPULSE_LOG_LEVEL: 'loud', LEADPULSE_DEMO: 'maybe', LEADPULSE_PUBLIC_URL: 'lp.example.fr' })).toMatchInlineSnapshot(`
      [
        "LEADPULSE_PORT: LEADPULSE_PORT must be a whole number from 0 to 65535, got "70000"; set LEADPULSE_PORT=8080 or unset it.",
        "LEADPULSE_PUBLIC_URL: LEADPULSE_PUBLIC_URL must be a URL starting with http:// or https://, got "lp.example.fr"; fix it or unset LEADPULSE_PUBLIC_URL.",
        "LEADPULSE_ROLE: LEADPULSE_ROLE must be one of all, api, worker, got "boss"; set LEADPULSE_ROLE=all or unset it.",
        "LEADPULSE_DEMO: LEADPULSE_DEMO must be 1 or 0, got "maybe"; set LEADPULSE_DEMO=0 or unset it.",
        "LEADPULSE_LOG_LEVEL: LEADPULSE_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"; set LEADPULSE_LOG_LEVEL=info or unset it.",
      ]
    `);
  });

  it('never echoes a secret, and says how to fix it', () => {
    const messages = messagesOf({ LEADPULSE_DATABASE_URL: 'mysql://root:hunter2@db/x', LEADPULSE_WRITE_KEY: 'short-secret', LEADPULSE_SMTP_URL: 'mail.example.fr' });
    expect(messages).toMatchInlineSnapshot(`
      [
        "LEADPULSE_DATABASE_URL: LEADPULSE_DATABASE_URL must be a URL starting with postgres:// or postgresql://, got a "mysql://" URL; fix it, or unset it to use the embedded SQLite store.",
        "LEADPULSE_WRITE_KEY: LEADPULSE_WRITE_KEY must be at least 16 characters, got 12 characters; use a longer value (e.g. \`openssl rand -hex 24\`), or unset it to have one generated.",
        "LEADPULSE_SMTP_URL: LEADPULSE_SMTP_URL must be a URL starting with smtp:// or smtps://, got 15 characters; fix it (e.g. smtp://user:pass@host:587), or unset it.",
      ]
    `);
    expect(messages.join('\n')).not.toMatch(/hunter2|short-secret|mail\.example/);
  });

  it('names the flag when a flag carried the bad value', () => {
    expect(messagesOf({ LEADPULSE_PORT: '9000' }, { port: 'eighty' })).toEqual(['LEADPULSE_PORT: --port (LEADPULSE_PORT) must be a whole number from 0 to 65535, got "eighty"; pass --port 8080 or leave it out.']);
  });
});

describe('describeConfig', () => {
  it('lists every value with its source, secrets masked', () => {
    const env = { LEADPULSE_DATA_DIR: '/data', LEADPULSE_ADMIN_TOKEN: 'lpa_0123456789abcdef', LEADPULSE_DATABASE_URL: 'postgres://lp:s3cret@db:5432/lp' };
    const flags = { port: '9000' };
    const loaded = loadConfig(env, flags);
    if (!loaded.ok) throw new Error('expected a valid configuration');
    const rows = Object.fromEntries(describeConfig(loaded.value, { env, flags }).map((row) => [row.env, `${row.value} (${row.source})`]));
    expect(rows).toMatchObject({
      LEADPULSE_PORT: '9000 (flag)',
      LEADPULSE_DATA_DIR: '/data (env)',
      LEADPULSE_HOST: '0.0.0.0 (default)',
      LEADPULSE_WRITE_KEY: '(unset) (default)',
      LEADPULSE_ADMIN_TOKEN: 'lpa_…(20 chars) (env)',
      LEADPULSE_DATABASE_URL: 'postgres://****:****@db:5432/lp (env)',
      LEADPULSE_DEMO: '0 (default)',
    });
    expect(JSON.stringify(rows)).not.toMatch(/s3cret|0123456789abcdef/);
  });

  it('masks secrets whatever their shape', () => {
    expect(maskSecret('smtp://user:pass@mail.example.fr:587')).toBe('smtp://****:****@mail.example.fr:587');
    expect(maskSecret('smtp://mail.example.fr:587')).toBe('smtp://mail.example.fr:587');
    expect(maskSecret('0123456789abcdef0123')).toBe('0123…(20 chars)');
  });
});
