import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigDocs } from './render-config-docs.js';
import { CONFIG_KEYS } from './schema.js';
import { loadConfig } from './load-config.js';

describe('configuration', () => {
  it('docs/configuration.md is generated from the schema (run `npm run docs:config` after changing it)', () => {
    expect(readFileSync(new URL('../../../../docs/configuration.md', import.meta.url), 'utf8')).toBe(renderConfigDocs());
  });

  it('every pinned variable exists with a description', () => {
    const names = CONFIG_KEYS.map((k) => k.env);
    for (const pinned of ['LEADPULSE_PORT', 'LEADPULSE_DATA_DIR', 'LEADPULSE_DATABASE_URL', 'LEADPULSE_ADMIN_TOKEN', 'LEADPULSE_WRITE_KEY', 'LEADPULSE_SMTP_URL', 'LEADPULSE_PUBLIC_URL', 'LEADPULSE_DEMO']) expect(names).toContain(pinned);
    for (const key of CONFIG_KEYS) expect(key.description.length).toBeGreaterThan(20);
  });

  it('defaults run the embedded product; flags beat env; every bad value is reported', () => {
    const defaults = loadConfig({});
    expect(defaults.ok && defaults.value.config).toMatchObject({ port: 8080, dataDir: './leadpulse-data', role: 'all', demo: false });
    expect(defaults.ok && defaults.value.config.databaseUrl).toBeUndefined();
    const flagged = loadConfig({ LEADPULSE_PORT: '9000' }, { port: '9100' });
    expect(flagged.ok && flagged.value.config.port).toBe(9100);
    const bad = loadConfig({ LEADPULSE_DATABASE_URL: 'mysql://x', LEADPULSE_WRITE_KEY: 'short', LEADPULSE_ROLE: 'boss' });
    expect(bad.ok ? [] : bad.error.map((i) => i.path[0])).toEqual(['LEADPULSE_ROLE', 'LEADPULSE_DATABASE_URL', 'LEADPULSE_WRITE_KEY']);
    expect(bad.ok ? '' : bad.error[2]!.message).not.toContain('short');
  });
});
