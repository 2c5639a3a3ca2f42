// @ts-check
import { defineConfig } from 'astro/config';
import { isolationPlugin } from './site/isolation.mjs';
import { monacoStylesWithEditor } from './site/monaco-styles.mjs';

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
  // The pages' own style sheets are small (26 KB before gzip in all): inline, they cost no
  // request, so the terminal's script is among the browser's first six on a lesson page.
  build: { inlineStylesheets: 'always' },
  server: { host: '127.0.0.1' },
  vite: {
    // Cross-origin isolation for the run-for-real pages only (site/isolation.mjs); Monaco's
    // style sheets load with the editor, not in every page's head (site/monaco-styles.mjs).
    plugins: [isolationPlugin(), monacoStylesWithEditor()],
    // Monaco's editor worker is an ES module worker.
    worker: { format: 'es' },
    build: {
      // Monaco is one large lazily loaded chunk by design.
      chunkSizeWarningLimit: 5000,
    },
  },
});
