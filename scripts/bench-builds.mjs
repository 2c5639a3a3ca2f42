// Simulated `docker build` timings for `npm run bench`: the first lesson's image and each
// official-image Dockerfile in tests/corpus/official-images (its COPY sources present), built
// cold (a new sandbox) and again with everything cached. Prints medians; figures, not pass/fail.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const CORPUS = 'tests/corpus/official-images';
const SCRIPT = '#!/bin/sh\nset -e\nexec "$@"\n';

const LESSON = `FROM node:latest
WORKDIR /app
COPY . .
RUN npm config set registry https://registry.npmmirror.com/
RUN npm install -g http-server
EXPOSE 8080
CMD ["http-server", "-p", "8080"]
`;

/** The build contexts: the lesson, then every official image with files for its COPY sources. */
function targets() {
  const list = [
    { name: 'lesson image', files: { Dockerfile: LESSON, 'index.html': '<h1>Hi</h1>\n' } },
  ];
  for (const file of readdirSync(CORPUS)
    .filter((name) => name.endsWith('.Dockerfile'))
    .sort()) {
    const dockerfile = readFileSync(join(CORPUS, file), 'utf8');
    const files = { Dockerfile: dockerfile };
    for (const match of dockerfile.matchAll(/^COPY\s+(?!--from)([^\n]+)$/gm)) {
      const words = match[1]
        .trim()
        .split(/\s+/)
        .filter((word) => !word.startsWith('--'));
      for (const source of words.slice(0, -1)) files[source] = SCRIPT;
    }
    list.push({ name: file.replace(/\.Dockerfile$/, ''), files });
  }
  return list;
}

function median(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs the build benchmarks with the engine's `createSandbox` and prints one row per image. */
export async function benchBuilds(createSandbox, { runs = 9 } = {}) {
  const quiet = { tty: false, onOutput: () => {} };
  console.log('\nSimulated docker build: median ms, cold (new sandbox) and all steps cached');
  console.log(`${'image'.padEnd(40)} ${'cold'.padStart(9)} ${'cached'.padStart(9)}  result`);
  for (const { name, files } of targets()) {
    const cold = [];
    const cached = [];
    let status = 0;
    for (let i = 0; i < runs; i++) {
      const sandbox = createSandbox({ files });
      let start = performance.now();
      status = await sandbox.run('docker build -t bench .', quiet);
      cold.push(performance.now() - start);
      start = performance.now();
      await sandbox.run('docker build -t bench .', quiet);
      cached.push(performance.now() - start);
      sandbox.dispose();
    }
    console.log(
      `${name.padEnd(40)} ${median(cold).toFixed(2).padStart(9)} ${median(cached).toFixed(2).padStart(9)}  ${status === 0 ? 'built' : `fails (exit ${status})`}`,
    );
  }
}
