// @ts-check
import { defineConfig } from 'astro/config';
import { isolationPlugin } from './site/isolation.mjs';

export default defineConfig({
  srcDir: './site',
  output: 'static',
  trailingSlash: 'ignore',
  // `/` leads to the English course page; a static build writes it as a small page that forwards.
  redirects: {
    '/': '/en/',
  },
  markdown: {
    shikiConfig: { theme: 'github-light' },
  },
  devToolbar: { enabled: false },
  server: { host: '127.0.0.1' },
  vite: {
    // Cross-origin isolation for the run-for-real pages only (site/isolation.mjs).
    plugins: [isolationPlugin()],
    // Monaco's editor worker is an ES module worker.
    worker: { format: 'es' },
    build: {
      // Monaco is one large lazily loaded chunk by design.
      chunkSizeWarningLimit: 5000,
    },
  },
});
