// Bundles the `dockyard` command into one JavaScript file, so it starts without a TypeScript
// loader. Runs on `npm install` (the `prepare` script) and before the tests.
import { build } from 'esbuild';

await build({
  entryPoints: ['bin/dockyard.ts'],
  outfile: 'build/dockyard.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
