// `npm run bench:site`: builds the site, serves it with `astro preview` on 127.0.0.1 and loads a
// lesson page in Chromium (/usr/bin/chromium) to print what a learner waits for:
// - JavaScript (gzip) the page asks for before the editor (Monaco) starts loading;
// - time from navigation until the terminal takes keys, until the engine runs commands and until
//   the editor is ready (medians of several loads with an empty cache);
// - time from Enter on `docker build` of the lesson image until the layer explorer shows its
//   layers, and from Enter on `docker run` until the ports diagram shows the container.
// Figures, not pass/fail; budgets are printed beside them, with OVER when a figure exceeds one. `--no-build` reuses dist/; `--verbose`
// lists the scripts asked for before the editor; `--loads N` sets the number of cold loads (5).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
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
const loadsArg = process.argv.indexOf('--loads');
const loads = loadsArg > 0 ? Math.max(1, Number(process.argv[loadsArg + 1]) || 5) : 5;
let browser;

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

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
  const engineChunks = engineChunkPaths();
  const samples = [];
  let last;
  for (let i = 0; i < loads; i++) {
    // A new context per load: an empty cache, as on a learner's first visit.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await openLesson(context);
    const load = await startupFigures(page);
    samples.push(load);
    if (i < loads - 1) await context.close();
    else last = { context, page, load };
  }

  const { page, load } = last;
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

  const gzip = (paths) => {
    const files = paths
      .filter(
        (path) => path.endsWith('.js') && existsSync(join(root, 'dist', decodeURIComponent(path))),
      )
      .map((path) => ({
        path,
        size: gzipSync(readFileSync(join(root, 'dist', decodeURIComponent(path)))).length,
        engine: engineChunks.has(path),
      }));
    const width = Math.max(0, ...files.map((file) => file.path.length));
    return {
      total: files.reduce((sum, file) => sum + file.size, 0),
      rows: files.map(
        (file) =>
          `  ${file.path.padEnd(width)} ${kb(file.size).padStart(9)}${file.engine ? '  (engine)' : ''}`,
      ),
    };
  };
  const median = (key) => {
    const values = samples.map((sample) => sample[key]).sort((a, b) => a - b);
    const middle = values.length / 2;
    return Number.isInteger(middle)
      ? (values[middle - 1] + values[middle]) / 2
      : values[Math.floor(middle)];
  };
  const range = (key) => {
    const values = samples.map((sample) => sample[key]);
    return `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
  };
  const beforeEditor = gzip(load.beforeEditor);

  /** One figure; with a budget, the budget beside it and OVER when the figure exceeds it. */
  const row = (label, value, unit, budget) => {
    const shown = `${unit === 'KB' ? (value / 1024).toFixed(1) : value.toFixed(0)} ${unit}`;
    const limit =
      budget === undefined
        ? ''
        : `   budget ${budget} ${unit}${value > (unit === 'KB' ? budget * 1024 : budget) ? '  OVER' : ''}`;
    console.log(`${label.padEnd(56)} ${shown.padStart(10)}${limit}`);
  };
  console.log(`Lesson page /en/lessons/1/ in Chromium, served by astro preview on 127.0.0.1`);
  console.log(`Times are medians of ${loads} loads with an empty cache (range in brackets).\n`);
  row('JavaScript before the editor starts loading (gzip)', beforeEditor.total, 'KB', 150);
  if (process.argv.includes('--verbose')) console.log(beforeEditor.rows.join('\n'));
  row(`Terminal takes keys (${range('terminalReady')})`, median('terminalReady'), 'ms', 1000);
  row(`Engine runs commands (${range('engineReady')})`, median('engineReady'), 'ms');
  row(`Editor ready (${range('editorReady')})`, median('editorReady'), 'ms');
  row('docker build typed → explorer shows the layers', layers, 'ms', 100);
  row('docker run typed → diagram shows the container', diagram, 'ms', 100);
} finally {
  await browser?.close();
  if (server.exitCode === null) server.kill('SIGTERM');
}

/** `12.3 KB` */
function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Opens the lesson page in `context`, with every request not to this machine refused. */
async function openLesson(context) {
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    return hostname === '127.0.0.1' || hostname === 'localhost'
      ? route.continue()
      : route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  // Times in the page's own clock: when the terminal says it is ready, when the engine runs
  // commands, when the editor is ready, when Enter is pressed, and when the views show what the
  // last command made.
  await page.addInitScript(() => {
    const marks = (window.__benchMarks = {});
    const seen = () => {
      const terminal = document.querySelector('[data-testid="terminal"]');
      if (terminal?.dataset.ready === 'true') marks.terminalReady ??= performance.now();
      if (terminal?.dataset.engine === 'ready') marks.engineReady ??= performance.now();
      if (document.querySelector('[data-testid="editor"][data-ready="true"]'))
        marks.editorReady ??= performance.now();
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
  return page;
}

/** Waits for the page to settle and reads its start-up marks and the scripts it asked for. */
async function startupFigures(page) {
  for (const selector of [
    '[data-testid="terminal"][data-engine="ready"]',
    '[data-testid="editor"][data-ready="true"]',
    '[data-testid="views"][data-ready="true"]',
  ]) {
    await page.waitForSelector(selector, { timeout: 60_000 });
  }
  return page.evaluate(() => {
    const marks = window.__benchMarks;
    const scripts = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.initiatorType === 'script' || /\.js$/.test(entry.name))
      .map((entry) => ({ path: new URL(entry.name).pathname, start: entry.startTime }));
    // Monaco's chunk: `editor.<hash>.js`, which the editor pane imports when it loads.
    const editor = scripts.find((script) => /^\/_astro\/editor\.[^./]+\.js$/.test(script.path));
    const before = (time) => [
      ...new Set(scripts.filter((script) => script.start < time).map((script) => script.path)),
    ];
    return {
      terminalReady: marks.terminalReady,
      engineReady: marks.engineReady,
      editorReady: marks.editorReady,
      beforeEditor: before(editor ? editor.start : Infinity),
    };
  });
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
