// vite.config.ts - builds the console into static files for nginx. The output
// directory comes from OA_WEB_OUT (the build tree's web/dist) so that out-of-tree
// builds leave the source tree alone. No inline scripts or styles: nginx's CSP
// forbids them. In development, `npx vite` proxies /api to OA_URL.
// Two pages: the console (index.html) and the API reference (api-reference.html,
// Swagger UI); they share only small modules (api/curl.ts), Swagger UI loads on its
// page only.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import preact from '@preact/preset-vite';

const CONSOLE_CHUNK_KB = 400;

// Vite's own chunk size warning (chunkSizeWarningLimit) cannot tell the pages apart:
// this one warns of the console's chunks only, by name; the reference page's Swagger
// UI is big and is allowed to be.
function consoleChunkLimit(): Plugin {
  return {
    name: 'oa-console-chunk-limit',
    apply: 'build',
    generateBundle(_, bundle) {
      for (const c of Object.values(bundle)) {
        if (c.type !== 'chunk' || c.moduleIds.some((id) => id.includes('/swagger-ui-dist/'))) continue;
        const kb = c.code.length / 1000;
        if (kb > CONSOLE_CHUNK_KB) this.warn(`the console's chunk ${c.fileName} is ${kb.toFixed(0)} kB minified, over ${CONSOLE_CHUNK_KB} kB`);
      }
    },
  };
}

export default defineConfig({
  plugins: [preact(), consoleChunkLimit()],
  publicDir: false,
  build: {
    outDir: process.env.OA_WEB_OUT || 'dist',
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        'api-reference': fileURLToPath(new URL('api-reference.html', import.meta.url)),
      },
    },
  },
  server: {
    // '/api/', not '/api': that prefix would also send /api-reference.html to OA_URL.
    proxy: { '/api/': process.env.OA_URL || 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
