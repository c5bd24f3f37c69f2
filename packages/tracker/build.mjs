// Bundles the tracker into one self-contained, minified script: dist/lp.js (served by the server at /lp.js).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const ENTRY = fileURLToPath(new URL('./src/index.ts', import.meta.url));
export const OUTFILE = fileURLToPath(new URL('./dist/lp.js', import.meta.url));

/** Builds the tracker; `write: false` returns the code without touching dist (the size test uses it). */
export async function buildTracker({ write = true } = {}) {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    minify: true,
    // Browsers of the last few years; sendBeacon, fetch keepalive and URL are all older than this.
    target: ['es2019'],
    legalComments: 'none',
    write,
    outfile: OUTFILE,
    logLevel: 'silent',
  });
  return write ? OUTFILE : result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildTracker();
}
