// vite.config.ts - builds the console into static files for nginx. The output
// directory comes from OA_WEB_OUT (the build tree's web/dist) so that out-of-tree
// builds leave the source tree alone. No inline scripts or styles: nginx's CSP
// forbids them. In development, `npx vite` proxies /api to OA_URL.
import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact()],
  publicDir: false,
  build: {
    outDir: process.env.OA_WEB_OUT || 'dist',
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/api': process.env.OA_URL || 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
