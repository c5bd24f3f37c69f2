import { DOCTRINE_PRESETS } from './index.js';

/** The presets as Markdown sections with their JSON, for docs/doctrine.md. */
export function renderPresetDocs(): string {
  return Object.entries(DOCTRINE_PRESETS)
    .map(([name, doctrine]) => `### Preset \`${name}\`\n\n\`\`\`json\n${JSON.stringify(doctrine, null, 2)}\n\`\`\`\n`)
    .join('\n');
}
