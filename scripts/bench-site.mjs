// `npm run bench:site`: builds the site, serves it with `astro preview` on 127.0.0.1 and loads a
// lesson page in Chromium (/usr/bin/chromium) to print what a learner waits for:
// - JavaScript (gzip) the page asks for before the terminal accepts input, and how much of it is
//   the engine, which loads beside the terminal (the editor loads after);
// - time from navigation until the terminal accepts input, and until the engine runs commands;
// - time from Enter on `docker build` of the lesson image until the layer explorer shows its
//   layers, and from the moment the image exists until then;
// - the same for the ports diagram after `docker run`.
// Figures, not pass/fail; budgets are printed beside them. `--no-build` reuses dist/; `--verbose`
// lists the scripts asked for before the terminal accepts input.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' };
const astro = join(root, 'node_modules/.bin/astro');

if (!process.argv.includes('--no-build')) {
  const built = spawnSync(astro, ['build'], { cwd: root, env, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
if (!existsSync(join(root, 'dist/en/lessons/1/index.html'))) {
  console.error('dist/ has no lesson pages: run without --no-build.');
  process.exit(1);
}

const port = await new Promise((done, fail) => {
  const probe = createServer();
  probe.once('error', fail);
  probe.listen(0, '127.0.0.1', () => {
    const address = probe.address();
    probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
  });
});
const baseUrl = `http://127.0.0.1:${port}`;
const server = spawn(astro, ['preview', '--host', '127.0.0.1', '--port', String(port)], {
  cwd: root,
  env,
  stdio: 'ignore',
});
const profile = await mkdtemp(join(tmpdir(), 'dockyard-bench-'));
let context;

try {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/en/`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error('astro preview did not answer');
    await new Promise((done) => setTimeout(done, 200));
  }

  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    return hostname === '127.0.0.1' || hostname === 'localhost'
      ? route.continue()
      : route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());

  // Times in the page's own clock: when the terminal says it is ready, when Enter is pressed, and
  // when the views show what the last command made.
  await page.addInitScript(() => {
    const marks = (window.__benchMarks = {});
    const seen = () => {
      const terminal = document.querySelector('[data-testid="terminal"][data-ready="true"]');
      if (terminal && marks.terminalReady === undefined) marks.terminalReady = performance.now();
      if (document.querySelector('[data-testid="terminal"][data-engine="ready"]'))
        marks.engineReady ??= performance.now();
      const views = document.querySelector('[data-testid="views"]');
      if (views?.querySelector('[data-testid="explorer-rows"] [data-line]'))
        marks.layers ??= performance.now();
      if (views?.querySelector('[data-testid="diagram-container"]'))
        marks.diagram ??= performance.now();
    };
    new MutationObserver(seen).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
    });
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.key === 'Enter') marks.enter = performance.now();
      },
      true,
    );
  });

  await page.goto(`${baseUrl}/en/lessons/1/`);
  await page.waitForSelector('[data-testid="terminal"][data-ready="true"]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid="editor"][data-ready="true"]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid="views"][data-ready="true"]', { timeout: 60_000 });
  const { terminalReady, engineReady } = await page.evaluate(() => window.__benchMarks);
  // Scripts whose request started before the terminal took keys, in the page's own clock.
  const scripts = await page.evaluate((before) => {
    return performance
      .getEntriesByType('resource')
      .filter((entry) => entry.initiatorType === 'script' || /\.js$/.test(entry.name))
      .filter((entry) => entry.startTime < before)
      .map((entry) => new URL(entry.name).pathname);
  }, terminalReady);
  const engineChunks = engineChunkPaths();

  let gzipBytes = 0;
  let engineBytes = 0;
  const breakdown = [];
  for (const path of new Set(scripts)) {
    const file = join(root, 'dist', decodeURIComponent(path));
    if (!existsSync(file) || !path.endsWith('.js')) continue;
    const size = gzipSync(readFileSync(file)).length;
    gzipBytes += size;
    const engine = engineChunks.has(path);
    if (engine) engineBytes += size;
    breakdown.push(
      `  ${path.padEnd(56)} ${(size / 1024).toFixed(1).padStart(7)} KB${engine ? '  (engine)' : ''}`,
    );
  }

  const run = async (line, selector, mark) => {
    const before = Number(
      await page.locator('[data-testid="terminal"]').getAttribute('data-completed'),
    );
    await page.locator('[data-testid="terminal"]').click();
    await page.keyboard.type(line);
    await page.evaluate((name) => delete window.__benchMarks[name], mark);
    await page.keyboard.press('Enter');
    await page.waitForSelector(selector, { timeout: 60_000 });
    // The next command is typed only once this one has given the prompt back.
    await page.waitForFunction(
      (count) =>
        Number(document.querySelector('[data-testid="terminal"]')?.getAttribute('data-completed')) >
        count,
      before,
      { timeout: 60_000 },
    );
    const marks = await page.evaluate(() => window.__benchMarks);
    return marks[mark] - marks.enter;
  };

  const layers = await run(
    'docker build -t aaa:ccc .',
    '[data-testid="explorer-rows"] [data-line]',
    'layers',
  );
  await page.locator('[data-testid="views-tab-diagram"]').click();
  const diagram = await run(
    'docker run -d -p 8888:8080 --name web aaa:ccc',
    '[data-testid="diagram-container"]',
    'diagram',
  );

  const row = (label, value, budget) =>
    console.log(`${label.padEnd(58)} ${value.padStart(10)}   budget ${budget}`);
  console.log(`Lesson page /en/lessons/1/ in Chromium, served by astro preview on 127.0.0.1\n`);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  row('JavaScript asked for before the terminal takes keys (gzip)', kb(gzipBytes), '150 KB');
  row('  of which the engine, loading beside the terminal', kb(engineBytes), '-');
  row('  without the engine', kb(gzipBytes - engineBytes), '150 KB');
  if (process.argv.includes('--verbose')) console.log(breakdown.join('\n'));
  row('Terminal accepts input, from navigation start', `${terminalReady.toFixed(0)} ms`, '1000 ms');
  row('Engine runs commands, from navigation start', `${engineReady.toFixed(0)} ms`, '-');
  row('docker build typed → explorer shows the layers', `${layers.toFixed(0)} ms`, '100 ms');
  row('docker run typed → diagram shows the container', `${diagram.toFixed(0)} ms`, '100 ms');
} finally {
  await context?.close();
  if (server.exitCode === null) server.kill('SIGTERM');
  await rm(profile, { recursive: true, force: true });
}

/** The engine's chunk and every chunk it imports, as the build wrote them. */
function engineChunkPaths() {
  const dir = join(root, 'dist/_astro');
  const entry = readdirSync(dir).find((name) => /^engine\.[^/]*\.js$/.test(name));
  const found = new Set();
  const visit = (name) => {
    if (found.has(`/_astro/${name}`) || !existsSync(join(dir, name))) return;
    found.add(`/_astro/${name}`);
    const text = readFileSync(join(dir, name), 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(match[1]);
  };
  if (entry) visit(entry);

  return found;
}
