import { readFileSync, writeFileSync } from 'node:fs';
import { renderPresetDocs } from '../packages/core/src/doctrine/presets/render-preset-docs.js';

// docs/doctrine.md = the hand-written guide up to "## The presets in full", then the presets generated from code.
const path = new URL('../docs/doctrine.md', import.meta.url);
const current = readFileSync(path, 'utf8');
const marker = '## The presets in full';
const head = current.slice(0, current.indexOf(marker));
const intro = current.slice(current.indexOf(marker)).split('\n### ')[0]!;
writeFileSync(path, `${head}${intro.trimEnd()}\n\n${renderPresetDocs()}`);
console.log('docs/doctrine.md presets regenerated');
