import { writeFileSync } from 'node:fs';
import { renderConfigDocs } from '../packages/server/src/config/render-config-docs.js';

// Run with `npx tsx scripts/generate-config-docs.ts` (or `npm run docs:config`) after changing config/schema.ts.
writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderConfigDocs());
console.log('docs/configuration.md written');
