import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

// The test run builds the dashboard first (scripts/vitest-global-setup.ts).
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
type Chunk = { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] };
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8')) as Record<string, Chunk>;

/** The files a chunk needs before it runs: itself and its static imports, transitively. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dependency of manifest[key]!.imports ?? []) closure(dependency, seen);
  return seen;
}
const gzipped = (keys: Iterable<string>) => [...keys].reduce((sum, key) => sum + gzipSync(readFileSync(`${dist}${manifest[key]!.file}`), { level: 9 }).length, 0);

it('keeps the first load, sign-in and the overview with its charts, under 300 KB of gzipped JavaScript', () => {
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry)!;
  const overview = manifest[entry]!.dynamicImports!.find((key) => key.includes('overview'))!;
  const signIn = gzipped(closure(entry));
  const firstScreen = gzipped(closure(overview, closure(entry)));
  expect(signIn).toBeLessThan(300 * 1024);
  expect(firstScreen).toBeLessThan(300 * 1024);
  // The charts library loads with the screens that draw, not with sign-in.
  expect(firstScreen - signIn).toBeGreaterThan(100 * 1024);
});
