// The runtime's share of `npm run bench`: container start-up and removal, published ports, and
// the saved state (its size, and how long save and restore take; both must stay well under
// 100 ms so the page can save after every command). Bundles the sandbox itself, since the
// benchmark library does not export restoreSandbox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';

const DOCKERFILE = `FROM alpine
WORKDIR /app
RUN echo ready > /app/state.txt
EXPOSE 80
CMD ["sleep", "3600"]
`;

/** A clock that moves only when the simulation waits, and long waits that last until killed. */
function environment() {
  let now = Date.parse('2026-12-04T10:00:00Z');
  let state = 7;
  return {
    now: () => now,
    random: () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    },
    delay: (ms, signal) => {
      if (ms >= 3_600_000) {
        return new Promise((resolve) => {
          if (signal?.aborted) resolve();
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
      }
      now += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function line(label, text) {
  console.log(`${label.padEnd(52)} ${text}`);
}

async function run(sandbox, command) {
  let output = '';
  const status = await sandbox.run(command, { tty: false, onOutput: (text) => (output += text) });
  if (status !== 0) throw new Error(`${command} failed (${status}): ${output}`);
  return output;
}

export async function benchRuntime() {
  const dir = mkdtempSync(join(tmpdir(), 'dockyard-bench-runtime-'));
  try {
    const bundle = join(dir, 'sandbox.mjs');
    await build({
      stdin: {
        contents: "export { createSandbox, restoreSandbox } from './sandbox/index.ts';\n",
        resolveDir: '.',
        loader: 'ts',
      },
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    });
    const { createSandbox, restoreSandbox } = await import(bundle);
    const sandbox = createSandbox({
      files: { Dockerfile: DOCKERFILE },
      environment: environment(),
    });
    await run(sandbox, 'docker build -q -t app .');

    const cycles = 1000;
    let start = performance.now();
    for (let i = 0; i < cycles; i++) {
      await run(sandbox, 'docker run -d --name cycle app');
      await run(sandbox, 'docker rm -f cycle');
    }
    const cycle = (performance.now() - start) / cycles;
    line(
      'docker run -d + docker rm -f, one cycle',
      `mean ${cycle.toFixed(3)} ms   (${cycles} cycles)`,
    );

    const count = 100;
    start = performance.now();
    for (let i = 0; i < count; i++) {
      await run(sandbox, `docker run -d --name web${i} -p ${20000 + i}:80 -p 80 app`);
    }
    const published = (performance.now() - start) / count;
    line(
      'docker run -d with two published ports',
      `mean ${published.toFixed(3)} ms   (${count} containers running at the end)`,
    );
    start = performance.now();
    await run(sandbox, 'docker ps');
    line('docker ps with 100 running containers', `${(performance.now() - start).toFixed(3)} ms`);

    const saves = [];
    let saved;
    let json = '';
    for (let i = 0; i < 11; i++) {
      const began = performance.now();
      saved = sandbox.save();
      json = JSON.stringify(saved);
      saves.push(performance.now() - began);
    }
    saves.sort((a, b) => a - b);
    line(
      'save() + JSON of 100 containers, 101 volumes',
      `median ${saves[5].toFixed(3)} ms   size ${(json.length / 1024).toFixed(1)} KiB`,
    );
    const restores = [];
    for (let i = 0; i < 11; i++) {
      const began = performance.now();
      const restored = restoreSandbox(JSON.parse(json), { environment: environment() });
      if (!restored) throw new Error('the saved sandbox did not restore');
      restores.push(performance.now() - began);
      restored.dispose();
    }
    restores.sort((a, b) => a - b);
    line('JSON.parse + restoreSandbox of the same', `median ${restores[5].toFixed(3)} ms`);
    sandbox.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
