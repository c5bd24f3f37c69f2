import { CONFIG_KEYS, type ConfigGroup, type ConfigKey } from './schema.js';

const GROUP_TITLES: Record<ConfigGroup, string> = {
  server: 'Server',
  storage: 'Storage',
  security: 'Security',
  email: 'Email',
  ads: 'Ad platforms',
  ingestion: 'Ingestion and scheduling',
  demo: 'Demo',
  logging: 'Logging',
};

function byGroup(): [string, ConfigKey[]][] {
  return (Object.keys(GROUP_TITLES) as ConfigGroup[]).map((group): [string, ConfigKey[]] => [GROUP_TITLES[group], CONFIG_KEYS.filter((k) => k.group === group)]).filter(([, keys]) => keys.length > 0);
}

/** docs/configuration.md, generated from the config schema by `npx tsx scripts/generate-config-docs.ts` (`npm run docs:config`). */
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
  for (const [title, keys] of byGroup()) {
    lines.push(`## ${title}`, '', '| Variable | Flag | Default | Description |', '| --- | --- | --- | --- |');
    for (const key of keys) {
      lines.push(`| \`${key.env}\`${key.secret ? ' (secret)' : ''} | ${key.flag ? `\`${key.flag}\`` : ''} | ${key.default === null ? '(unset)' : `\`${key.default}\``} | ${key.description} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** The same reference as plain text for a terminal (`leadpulse config --help`). */
export function renderConfigText(): string {
  const width = Math.max(...CONFIG_KEYS.map((k) => k.env.length + (k.flag ? k.flag.length + 3 : 0)));
  const lines: string[] = [];
  for (const [title, keys] of byGroup()) {
    lines.push(`${title}:`);
    for (const key of keys) {
      const name = `${key.env}${key.flag ? ` (${key.flag})` : ''}`.padEnd(width);
      const fallback = key.default === null ? 'unset' : key.default;
      lines.push(`  ${name}  ${key.description} [default: ${fallback}]${key.secret ? ' (secret)' : ''}`);
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}
