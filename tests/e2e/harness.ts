/**
 * What the browser tests share: the built site served by `astro preview` on 127.0.0.1, and
 * Debian's Chromium driven by playwright-core with every request off this machine refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const root = resolve(import.meta.dirname, '../..');
export const resultsDir = join(root, 'test-results');
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
export const stepTimeout = 60_000;

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

function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;

  return hostname === '127.0.0.1' || hostname === 'localhost';
}

export interface Site {
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  /** Requests that tried to leave this machine. */
  outsideRequests: string[];
  /** Uncaught errors in the page. */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface SiteOptions {
  /**
   * Serve with `node site/isolation.mjs` (astro preview's server plus the cross-origin isolation
   * headers of the run-for-real pages) instead of `astro preview`, which sends none.
   */
  isolationHeaders?: boolean;
}

/** Serves `dist/` and opens one Chromium page on it; `close` stops both. */
export async function openSite(options: SiteOptions = {}): Promise<Site> {
  if (!existsSync(join(root, 'dist/en/index.html'))) {
    throw new Error('dist/ has no built course: run `astro build` before the browser tests.');
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const [command, args] = options.isolationHeaders
    ? [process.execPath, [join(root, 'site/isolation.mjs'), '--host', '127.0.0.1', '--port']]
    : [join(root, 'node_modules/.bin/astro'), ['preview', '--host', '127.0.0.1', '--port']];
  const server: ChildProcess = spawn(command, [...args, String(port)], {
    cwd: root,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`astro preview exited early:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/en/`)).ok) break;
    } catch {
      // Not listening yet: try again shortly.
    }
    if (Date.now() > deadline) throw new Error(`astro preview did not answer:\n${output}`);
    await new Promise((done) => setTimeout(done, 200));
  }

  const profileDir = await mkdtemp(join(tmpdir(), 'dockyard-e2e-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: launchFlags,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  const outsideRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    outsideRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));

  return {
    baseUrl,
    context,
    page,
    outsideRequests,
    pageErrors,
    async close() {
      await context.close();
      if (server.pid !== undefined && server.exitCode === null) server.kill('SIGTERM');
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage }).catch(() => undefined);
}

/** Types one command line into the page's terminal and waits until its prompt comes back. */
export async function runInTerminal(page: Page, commandLine: string): Promise<void> {
  const terminal = page.locator('[data-testid="terminal"]');
  const before = Number((await terminal.getAttribute('data-completed')) ?? '0');
  await terminal.click();
  await page.keyboard.type(commandLine);
  await page.keyboard.press('Enter');
  await page.waitForSelector(
    `[data-testid="terminal"][data-busy="false"][data-completed="${before + 1}"]`,
    { timeout: stepTimeout },
  );
}

/** The terminal's visible rows as text. */
export async function terminalText(page: Page): Promise<string> {
  return page.locator('[data-testid="terminal"] .xterm-rows').innerText();
}
