import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The analyst UI, built into dist/ beside the compiled console, which serves it.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  build: {
    outDir: resolve(import.meta.dirname, '../../../dist/apps/console/ui'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3004', '/docs': 'http://127.0.0.1:3004' } },
});
