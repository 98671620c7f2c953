import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The analyst UI, built into dist/ beside the compiled console, which serves it.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  // The one lib module the UI shares with the services: the catalogue format and its translate (imports nothing).
  resolve: { alias: { '@sentinel/contracts/i18n': resolve(import.meta.dirname, '../../../libs/contracts/src/i18n') } },
  build: {
    outDir: resolve(import.meta.dirname, '../../../dist/apps/console/ui'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3004', '/docs': 'http://127.0.0.1:3004' } },
});
