// Bundles the `dockyard` command into JavaScript, so it starts without a TypeScript loader; the
// engine is a separate chunk that only `dockyard shell` loads. Runs on `npm install` (the
// `prepare` script) and before the tests.
import { build } from 'esbuild';

await build({
  entryPoints: { dockyard: 'bin/dockyard.ts' },
  outdir: 'build',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});

// The same engine as a library, for the benchmarks.
await build({
  stdin: {
    contents:
      "export { parseDockerfile, lintDockerfile } from './sandbox/dockerfile/index.ts';\n" +
      "export { createSandbox } from './sandbox/index.ts';\n",
    resolveDir: '.',
    loader: 'ts',
  },
  outfile: 'build/dockyard-lib.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
