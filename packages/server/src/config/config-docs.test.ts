import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigDocs, renderConfigText } from './render-config-docs.js';
import { CONFIG_KEYS, configSchema } from './schema.js';

describe('configuration reference', () => {
  it('docs/configuration.md is generated from the schema', () => {
    const onDisk = readFileSync(new URL('../../../../docs/configuration.md', import.meta.url), 'utf8');
    expect(onDisk, 'docs/configuration.md is out of date: run `npx tsx scripts/generate-config-docs.ts`').toBe(renderConfigDocs());
  });

  it('has every pinned variable, each described, grouped and backed by the schema', () => {
    const names = CONFIG_KEYS.map((k) => k.env);
    for (const pinned of ['LEADPULSE_PORT', 'LEADPULSE_DATA_DIR', 'LEADPULSE_DATABASE_URL', 'LEADPULSE_ADMIN_TOKEN', 'LEADPULSE_WRITE_KEY', 'LEADPULSE_SMTP_URL', 'LEADPULSE_PUBLIC_URL', 'LEADPULSE_DEMO', 'LEADPULSE_EMAIL_FROM', 'LEADPULSE_SEND_RATE', 'LEADPULSE_SECRET']) expect(names).toContain(pinned);
    expect(new Set(names).size).toBe(names.length);
    expect(CONFIG_KEYS.map((k) => k.field).sort()).toEqual(Object.keys(configSchema.shape).sort());
    for (const key of CONFIG_KEYS) {
      expect(key.description.length, key.env).toBeGreaterThan(20);
      expect(key.env).toMatch(/^LEADPULSE_[A-Z_]+$/);
      if (key.flag) expect(key.flag).toMatch(/^--[a-z-]+$/);
    }
  });

  it('marks credentials as secrets and nothing else', () => {
    expect(CONFIG_KEYS.filter((k) => k.secret).map((k) => k.env)).toEqual(['LEADPULSE_DATABASE_URL', 'LEADPULSE_ADMIN_TOKEN', 'LEADPULSE_WRITE_KEY', 'LEADPULSE_SECRET', 'LEADPULSE_SMTP_URL', 'LEADPULSE_DKIM_PRIVATE_KEY', 'LEADPULSE_SMS_URL', 'LEADPULSE_META_ACCESS_TOKEN', 'LEADPULSE_GOOGLE_ADS_DEVELOPER_TOKEN', 'LEADPULSE_GOOGLE_ADS_CLIENT_SECRET', 'LEADPULSE_GOOGLE_ADS_REFRESH_TOKEN']);
  });

  it('renders the same reference as plain text for `leadpulse config --help`', () => {
    const text = renderConfigText();
    for (const key of CONFIG_KEYS) expect(text).toContain(key.env);
    expect(text).toContain('LEADPULSE_PORT (--port)');
    expect(text).toContain('[default: 8080]');
    expect(text).not.toContain('|');
  });
});
