/**
 * The first lesson, end to end, in Chromium against the built site (`astro build` must have run):
 * build and run the lesson's image from the terminal, see the page in the preview, the layers,
 * the port binding and an anonymous volume in the state panel, keep it all across a reload, and
 * see an unknown instruction marked in the editor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInTerminal, terminalText } from './harness.ts';

const root = resolve(import.meta.dirname, '../..');
const resultsDir = join(root, 'test-results');
const chromiumPath = '/usr/bin/chromium';
const launchFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Below the page's own request blocking: no host but this machine even resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];
const stepTimeout = 60_000;

let server: ChildProcess | undefined;
let serverOutput = '';
let baseUrl = '';
let profileDir = '';
let context: BrowserContext | undefined;
let page: Page;
const outsideRequests: string[] = [];
const pageErrors: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server?.exitCode !== null && server?.exitCode !== undefined) {
      throw new Error(`astro preview exited early:\n${serverOutput}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet: try again shortly.
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`astro preview did not answer at ${url}:\n${serverOutput}`);
}

function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;

  return hostname === '127.0.0.1' || hostname === 'localhost';
}

async function waitForText(selector: string, text: string): Promise<void> {
  await page
    .locator(selector, { hasText: text })
    .first()
    .waitFor({ state: 'attached', timeout: stepTimeout });
}

async function openWorkbench(): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/en\/?$/);
  await page.locator('[data-testid="course-lesson"] a').first().click();
  await page.waitForURL(/\/en\/lessons\/1\/?$/);
  await page.waitForSelector('[data-testid="state-panel"][data-ready="true"]');
  await page.waitForSelector('[data-testid="terminal"][data-ready="true"]', {
    timeout: stepTimeout,
  });
}

async function screenshotOnFailure(name: string): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `first-lesson-${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
}

/** One step of the lesson; later steps build on the page that earlier ones left. */
function step(name: string, body: () => Promise<void>): void {
  it(
    name,
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure(name));
      await body();
    },
    stepTimeout * 3,
  );
}

describe('the first lesson', () => {
  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/en/lessons/1/index.html'))) {
      throw new Error('dist/ has no built lesson: run `astro build` before the browser tests.');
    }
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(
      join(root, 'node_modules/.bin/astro'),
      ['preview', '--host', '127.0.0.1', '--port', String(port)],
      {
        cwd: root,
        env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    server.stdout?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    await waitForServer(`${baseUrl}/en/lessons/1/`, 30_000);

    profileDir = await mkdtemp(join(tmpdir(), 'dockyard-e2e-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: launchFlags,
      viewport: { width: 1440, height: 900 },
    });
    // Every request that is not to this machine is refused and recorded, so a stray CDN
    // reference fails the last step instead of hanging.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      outsideRequests.push(url);
      return route.abort('blockedbyclient');
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openWorkbench();
  });

  afterAll(async () => {
    await context?.close();
    if (server?.pid !== undefined && server.exitCode === null) server.kill('SIGTERM');
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  step('opens with the lesson text and the starter files', async () => {
    const heading = await page.locator('[data-testid="lesson"] h1').innerText();
    expect(heading).toMatch(/image/i);
    await page.waitForSelector('[data-testid="editor"][data-ready="true"]', {
      timeout: stepTimeout,
    });
    const tabs = await page.locator('[data-testid="editor-tab"]').allInnerTexts();
    expect(tabs).toEqual(['Dockerfile', 'index.html']);
  });

  step('builds aaa:ccc and lists it with its layers', async () => {
    await runInTerminal(page, 'docker build -t aaa:ccc .');
    expect(await terminalText(page)).toContain('naming to docker.io/library/aaa:ccc');
    await waitForText('[data-testid="image-tags"]', 'aaa:ccc');

    const image = page.locator('[data-testid="image"]', { hasText: 'aaa:ccc' });
    await image.locator(':scope > summary').click();
    const inherited = image.locator('[data-testid="layer"][data-inherited="true"]');
    const own = image.locator('[data-testid="layer"][data-inherited="false"]');
    expect(await inherited.count()).toBeGreaterThan(0);
    expect(await own.count()).toBeGreaterThanOrEqual(3);
    expect(await own.allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('npm install -g http-server')]),
    );
  });

  step('runs it on port 8888 and shows the page in the preview', async () => {
    await runInTerminal(page, 'docker run -d -p 8888:8080 --name web aaa:ccc');
    expect(await terminalText(page)).toMatch(/[0-9a-f]{64}/);

    const container = page.locator('[data-testid="container"][data-name="web"]');
    await container.waitFor({ timeout: stepTimeout });
    expect(await container.getAttribute('data-state')).toBe('running');
    expect(await container.locator('[data-testid="port-binding"]').innerText()).toBe(
      'host 8888 → container 8080',
    );

    expect(await page.locator('[data-testid="preview-address"]').inputValue()).toBe(
      'http://localhost:8888',
    );
    await page
      .frameLocator('[data-testid="preview-frame"]')
      .locator('h1', { hasText: 'Hello from Dockyard' })
      .waitFor({ timeout: stepTimeout });

    // The preview's visit went through the simulated host: http-server logged it.
    await runInTerminal(page, 'docker logs web');
    // One visit is one request: the lesson's own checks look at the page without logging.
    expect(
      (await terminalText(page)).match(/"GET \/" "Mozilla\/5\.0 \(Dockyard preview\)"/g),
    ).toHaveLength(1);
  });

  step('builds 2.Dockerfile and runs it with an anonymous volume', async () => {
    await runInTerminal(
      page,
      `printf 'FROM node:latest\\nWORKDIR /app\\nVOLUME /app\\nCOPY . .\\nRUN npm install -g http-server\\nEXPOSE 8080\\nCMD ["http-server", "-p", "8080"]\\n' > 2.Dockerfile`,
    );
    await waitForText('[data-testid="editor-tab"]', '2.Dockerfile');
    await runInTerminal(page, 'docker build -t aaa:ddd -f 2.Dockerfile .');
    await waitForText('[data-testid="image-tags"]', 'aaa:ddd');
    await runInTerminal(page, 'docker run -d aaa:ddd');

    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="container"]').length === 2,
      undefined,
      { timeout: stepTimeout },
    );
    const volume = page.locator('[data-testid="volume"][data-anonymous="true"]');
    await volume.first().waitFor({ timeout: stepTimeout });
    expect(await volume.count()).toBe(1);
    const fullName = await volume.locator('[data-testid="volume-name"]').getAttribute('title');
    expect(fullName).toMatch(/^[0-9a-f]{64}$/);
  });

  step('keeps images, containers and the volume across a reload', async () => {
    // Saving is debounced; give it time to land before leaving the page.
    await page.waitForTimeout(800);
    await page.reload();
    await page.waitForSelector('[data-testid="state-panel"][data-ready="true"]');

    const tags = await page.locator('[data-testid="image-tags"]').allInnerTexts();
    expect(tags).toEqual(expect.arrayContaining(['aaa:ccc', 'aaa:ddd']));
    expect(await page.locator('[data-testid="container"]').count()).toBe(2);
    expect(await page.locator('[data-testid="container"][data-name="web"]').count()).toBe(1);
    expect(await page.locator('[data-testid="volume"][data-anonymous="true"]').count()).toBe(1);
    expect(await page.locator('[data-testid="port-binding"]').first().innerText()).toBe(
      'host 8888 → container 8080',
    );
    await page
      .frameLocator('[data-testid="preview-frame"]')
      .locator('h1', { hasText: 'Hello from Dockyard' })
      .waitFor({ timeout: stepTimeout });
  });

  step('stops an endless loop with Ctrl+C and stays responsive meanwhile', async () => {
    const terminal = page.locator('[data-testid="terminal"]');
    const before = Number((await terminal.getAttribute('data-completed')) ?? '0');
    await terminal.click();
    await page.keyboard.type('while true; do :; done');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="terminal"][data-busy="true"]');
    await page.waitForTimeout(300);
    // The page still answers while the loop runs: the engine yields to it.
    expect(await page.evaluate(() => document.title.length > 0)).toBe(true);
    await page.keyboard.press('Control+C');
    await page.waitForSelector(
      `[data-testid="terminal"][data-busy="false"][data-completed="${before + 1}"]`,
      { timeout: stepTimeout },
    );
    expect(await terminalText(page)).toContain('^C');
    // The shell was interrupted, as bash is by SIGINT: status 130, and no fault reported.
    await runInTerminal(page, 'echo "status $?"');
    const text = await terminalText(page);
    expect(text).toContain('status 130');
    expect(text).not.toContain('the simulation could not run');
  });

  step('marks an unknown instruction in the Dockerfile', async () => {
    await page.waitForSelector('[data-testid="editor"][data-ready="true"]', {
      timeout: stepTimeout,
    });
    await page.locator('[data-testid="editor-tab"]', { hasText: /^Dockerfile$/ }).click();
    await page.locator('[data-testid="editor-host"] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('FORM node');

    await waitForText('[data-testid="problem"]', 'unknown instruction: FORM');
    await page.waitForSelector('[data-testid="editor-host"] .squiggly-error', {
      timeout: stepTimeout,
    });
  });

  step('loads nothing from outside and raises no page errors', async () => {
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
