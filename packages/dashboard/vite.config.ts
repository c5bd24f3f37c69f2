import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const contract = (file: string) => fileURLToPath(new URL(`../contract/src/${file}`, import.meta.url));

// The dashboard imports core (pure, no dependency) and only the contract's client, error codes and snippet, from
// source: no build order, and no zod or server code in the bundle.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@leadpulse/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
      '@leadpulse/contract/client': contract('client.ts'),
      '@leadpulse/contract/error-codes': contract('error-codes.ts'),
      '@leadpulse/contract/tracker-snippet': contract('tracker-snippet.ts'),
    },
  },
  // The manifest lets the size test follow what the first screen loads.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800, manifest: true },
});
