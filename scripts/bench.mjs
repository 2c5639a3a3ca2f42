// `npm run bench`: prints how long the engine's main jobs take on this machine. Figures, not
// pass/fail: compare them across changes. Builds the command-line bundle first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchBuilds } from './bench-builds.mjs';
import { benchRuntime } from './bench-runtime.mjs';

spawnSync('node', ['scripts/build-cli.mjs'], { stdio: 'inherit' });
const { parseDockerfile, lintDockerfile, createSandbox } =
  await import('../build/dockyard-lib.mjs');

function measure(label, runs, fn) {
  for (let i = 0; i < Math.min(runs, 20); i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p95 = times[Math.floor(times.length * 0.95)];
  console.log(
    `${label.padEnd(52)} median ${median.toFixed(3)} ms   p95 ${p95.toFixed(3)} ms   (${runs} runs)`,
  );
}

async function measureAsync(label, runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${label.padEnd(52)} median ${median.toFixed(3)} ms   max ${times.at(-1).toFixed(3)} ms   (${runs} runs)`,
  );
}

const corpus = 'tests/conformance/real-world';
const longest = readdirSync(corpus)
  .filter((name) => /^\d{3}-/.test(name))
  .map((name) => readFileSync(join(corpus, name, 'Dockerfile'), 'utf8'))
  .sort((a, b) => b.length - a.length)[0];

const lesson = `FROM node:latest
WORKDIR /app
COPY . .
RUN npm config set registry https://registry.npmmirror.com/
RUN npm install -g http-server
EXPOSE 8080
CMD ["http-server", "-p", "8080"]
`;
const files = { Dockerfile: lesson, 'index.html': '<h1>Hello</h1>\n' };

console.log(`Dockyard benchmarks on Node ${process.version}\n`);
measure('parse the lesson Dockerfile', 2000, () => parseDockerfile(lesson));
measure(`parse the longest corpus Dockerfile (${longest.split('\n').length} lines)`, 500, () =>
  parseDockerfile(longest),
);
measure('lint the lesson Dockerfile (editor diagnostics)', 2000, () => lintDockerfile(lesson));
measure('lint the longest corpus Dockerfile', 200, () => lintDockerfile(longest));

const quiet = { tty: false, onOutput: () => {} };
await measureAsync('create a sandbox', 50, async () => createSandbox({ files }));
await measureAsync('docker build of the lesson image (cold cache)', 50, async () => {
  const sandbox = createSandbox({ files });
  await sandbox.run('docker build -t aaa:ccc .', quiet);
});
{
  const sandbox = createSandbox({ files });
  await sandbox.run('docker build -t aaa:ccc .', quiet);
  await measureAsync('docker build of the lesson image (all cached)', 50, () =>
    sandbox.run('docker build -t aaa:ccc .', quiet),
  );
  await sandbox.run('docker run -d -p 8888:8080 --name web aaa:ccc', quiet);
  measure('fetch localhost:8888 through the published port', 2000, () =>
    sandbox.fetch('http://localhost:8888/'),
  );
  measure('save the sandbox (JSON.stringify of save())', 200, () => JSON.stringify(sandbox.save()));
  sandbox.dispose();
}

const dir = mkdtempSync(join(tmpdir(), 'dockyard-bench-'));
writeFileSync(join(dir, 'Dockerfile'), lesson);
function processMedian(args) {
  const times = [];
  for (let i = 0; i < 11; i++) {
    const start = performance.now();
    spawnSync('node', args);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[5];
}
const bare = processMedian(['-e', '0']);
const parse = processMedian([
  'build/dockyard.mjs',
  'parse',
  '--format',
  'buildkit',
  join(dir, 'Dockerfile'),
]);
rmSync(dir, { recursive: true });
console.log(
  `${'Node itself starting and exiting (node -e 0)'.padEnd(52)} median ${bare.toFixed(1)} ms   (11 runs)`,
);
console.log(
  `${'`dockyard parse` of the lesson file, whole process'.padEnd(52)} median ${parse.toFixed(1)} ms   (+${(parse - bare).toFixed(1)} ms over Node)`,
);

await benchBuilds(createSandbox);

await benchRuntime();
