import { CONFIG_KEYS, type ConfigGroup } from './schema.js';

const GROUP_TITLES: Record<ConfigGroup, string> = {
  server: 'Server',
  storage: 'Storage',
  security: 'Security',
  email: 'Email',
  ingestion: 'Ingestion and scheduling',
  demo: 'Demo',
  logging: 'Logging',
};

/** docs/configuration.md, generated from the config schema (`npm run docs:config`). */
export function renderConfigDocs(): string {
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from packages/server/src/config/schema.ts by `npm run docs:config`. Do not edit by hand. -->',
    '',
    'LeadPulse reads environment variables. Where a flag is listed, `leadpulse serve` accepts it too, and the flag wins.',
    'A bad value stops start-up with exit code 2 and a message that names the variable and the fix.',
    '`leadpulse config` prints the effective values and where each one comes from, with secrets masked.',
    '',
  ];
  for (const group of Object.keys(GROUP_TITLES) as ConfigGroup[]) {
    const keys = CONFIG_KEYS.filter((k) => k.group === group);
    if (keys.length === 0) continue;
    lines.push(`## ${GROUP_TITLES[group]}`, '', '| Variable | Flag | Default | Description |', '| --- | --- | --- | --- |');
    for (const key of keys) {
      lines.push(`| \`${key.env}\`${key.secret ? ' (secret)' : ''} | ${key.flag ? `\`${key.flag}\`` : ''} | ${key.default === null ? '(unset)' : `\`${key.default}\``} | ${key.description} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
