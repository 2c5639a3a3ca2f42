/**
 * Running a container for real (`--runtime=webcontainer`), in Chromium against the built site
 * (`astro build` first), served by `node site/isolation.mjs` with every request off this machine
 * refused: only the run-for-real pages are cross-origin isolated; there, with no network, the
 * WebContainer cannot start, so the container falls back to the simulation within the boot time
 * limit, says why beside the preview, and the preview shows the simulated page. On a lesson page
 * it falls back at once, saying the page is not isolated and where the run-for-real page is. The
 * Run dialog's toggle types the option. `@webcontainer/api` is never asked for on a lesson page.
 * Last, a stand-in for that package (served in place of its chunk, since the real one cannot
 * boot offline) shows the page's side of a real run: the preview opens the server's own address,
 * marked "real", curl gets the real answer, docker logs the real output, docker stop kills it,
 * and leaving the page tears the WebContainer down.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openSite,
  root,
  runInTerminal,
  screenshot,
  type Site,
  stepTimeout,
  terminalText,
} from './harness.ts';

/** `bootTimeoutMs` in site/islands/webcontainer.ts. */
const bootTimeoutMs = 10_000;

/**
 * A stand-in for `@webcontainer/api`, served in place of its chunk in the last step: it boots at
 * once, answers npm with success, and runs the container's command as a server on port 8080
 * whose address is `LIVE` (another origin than the page's). What it was asked is kept on
 * `globalThis.standIn`.
 */
const standInModule = (live: string) => `
const asked = (globalThis.standIn = { boots: [], mounts: [], spawns: [], kills: 0 });
const listeners = { 'server-ready': new Set(), port: new Set(), error: new Set() };
class Process {
  constructor(lines, persistent) {
    let exit;
    this.exit = new Promise((resolve) => (exit = resolve));
    this.output = new ReadableStream({
      start: (controller) => {
        for (const line of lines) controller.enqueue(line);
        if (!persistent) {
          controller.close();
          exit(0);
        } else {
          this.stop = () => {
            controller.close();
            exit(143);
          };
        }
      },
    });
  }
  kill() {
    asked.kills += 1;
    this.stop?.();
  }
}
export class WebContainer {
  workdir = '/home/dockyard';
  path = '/usr/local/bin:/usr/bin:/bin';
  fs = { mkdir: async () => undefined };
  static async boot(options) {
    asked.boots.push(options);
    return new WebContainer();
  }
  async mount(tree, options) {
    asked.mounts.push({ mountPoint: options?.mountPoint, names: Object.keys(tree).sort() });
  }
  async spawn(command, args, options) {
    asked.spawns.push({ command, args, cwd: options?.cwd });
    if (command === 'npm') return new Process(['added 48 packages in 1s\\r\\n'], false);
    if (command === 'node' && args[0] === '-e') {
      const answer = { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/html']], body: '<h1>Answered for real</h1>' };
      return new Process(['\\nDOCKYARD-ANSWER ' + JSON.stringify(answer) + '\\n'], false);
    }
    setTimeout(() => {
      for (const listener of listeners['server-ready']) listener(8080, ${JSON.stringify(live)});
    }, 50);
    return new Process(['stand-in server listening on 8080\\r\\n'], true);
  }
  on(event, listener) {
    listeners[event].add(listener);
    return () => listeners[event].delete(listener);
  }
  teardown() {
    sessionStorage.setItem('standIn:teardown', 'yes');
  }
}
`;

let site: Site;
let page: Page;
const requested: string[] = [];

/** The chunk of `@webcontainer/api`: what the runtime's island imports when it boots. */
function webContainerApiChunk(): string {
  const dir = join(root, 'dist/_astro');
  const island = readdirSync(dir).find((name) => /^webcontainer\.[\w-]+\.js$/.test(name));
  if (!island) throw new Error('dist/_astro has no webcontainer chunk: run astro build.');
  const imported = /import\("\.\/([^"]+\.js)"\)/.exec(readFileSync(join(dir, island), 'utf8'));
  if (!imported) throw new Error(`${island} imports no chunk of its own.`);
  const chunk = imported[1]!;
  // The chunk is the package's: its WebContainer class boots from StackBlitz's servers.
  expect(readFileSync(join(dir, chunk), 'utf8')).toContain('stackblitz');
  return `/_astro/${chunk}`;
}

async function openWorkbench(path: string): Promise<void> {
  await page.goto(`${site.baseUrl}${path}`);
  await page.waitForSelector('[data-testid="terminal"][data-ready="true"]', {
    timeout: stepTimeout,
  });
  await page.waitForSelector('[data-testid="preview"][data-ready="true"]', {
    timeout: stepTimeout,
  });
}

async function isolated(): Promise<{ crossOriginIsolated: boolean; sharedArrayBuffer: string }> {
  return page.evaluate(() => ({
    crossOriginIsolated: globalThis.crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer,
  }));
}

/** The preview pane's fallback sentence, once it shows. */
async function fallbackSentence(timeout: number): Promise<string> {
  const note = page.locator('[data-testid="preview-fallback"]');
  await note.waitFor({ state: 'visible', timeout });
  return (await note.textContent()) ?? '';
}

/** The simulated page in the preview's frame: what http-server serves from /app. */
async function previewShowsSimulatedPage(): Promise<void> {
  await page.waitForSelector('[data-testid="preview"][data-outcome="ok"][data-live="false"]', {
    timeout: stepTimeout,
  });
  const frame = page.locator('[data-testid="preview-frame"]');
  expect(await frame.getAttribute('sandbox')).toBe('');
  expect(await frame.getAttribute('srcdoc')).toContain('<h1>Hello from Dockyard</h1>');
  expect(await page.locator('[data-testid="preview-live"]').count()).toBe(0);
}

function step(name: string, body: () => Promise<void>): void {
  it(
    name,
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshot(page, `real-failed-${name}`));
      await body();
    },
    stepTimeout * 3,
  );
}

describe('running a container for real', () => {
  beforeAll(async () => {
    site = await openSite({ isolationHeaders: true });
    page = site.page;
    page.on('request', (request) => requested.push(request.url()));
  }, stepTimeout);

  afterAll(async () => {
    await site?.close();
  });

  step('the server isolates the run-for-real pages and the editor worker only', async () => {
    const headers = async (path: string) => {
      const response = await fetch(`${site.baseUrl}${path}`, { method: 'HEAD' });
      expect(response.status).toBe(200);
      return [
        response.headers.get('cross-origin-opener-policy'),
        response.headers.get('cross-origin-embedder-policy'),
      ];
    };
    for (const path of ['/en/real/', '/en/real/1/', '/zh/real/13/', '/en/real']) {
      expect(await headers(path)).toEqual(['same-origin', 'require-corp']);
    }
    for (const path of ['/', '/en/', '/en/lessons/1/', '/zh/lessons/1/', '/en/simulates/']) {
      expect(await headers(path)).toEqual([null, null]);
    }
    const worker = readdirSync(join(root, 'dist/_astro')).find((name) =>
      /^editor\.worker-[\w-]+\.js$/.test(name),
    );
    expect(worker).toBeDefined();
    expect(await headers(`/_astro/${worker}`)).toEqual([null, 'require-corp']);
  });

  step('a lesson page is not isolated and never loads @webcontainer/api', async () => {
    const chunk = webContainerApiChunk();
    await openWorkbench('/en/lessons/1/');
    expect(await isolated()).toEqual({
      crossOriginIsolated: false,
      sharedArrayBuffer: 'undefined',
    });

    await runInTerminal(page, 'docker build -t aaa:ccc .');
    const started = Date.now();
    await runInTerminal(
      page,
      'docker run -d --runtime=webcontainer -p 8888:8080 --name web aaa:ccc',
    );
    // At once: the page cannot run a WebContainer, so nothing waits for a boot.
    const sentence = await fallbackSentence(bootTimeoutMs / 2);
    expect(Date.now() - started).toBeLessThan(bootTimeoutMs);
    expect(sentence).toContain('Container web: ');
    expect(sentence).toContain('This page is not cross-origin isolated');
    expect(sentence).toContain('/en/real/1/');
    await previewShowsSimulatedPage();
    await runInTerminal(page, "docker inspect -f '{{.HostConfig.Runtime}}' web");
    expect(await terminalText(page)).toMatch(/\nwebcontainer\s*\n/);
    await screenshot(page, 'real-lesson-page-fallback');

    expect(requested.filter((url) => new URL(url).pathname === chunk)).toEqual([]);
    expect(site.outsideRequests).toEqual([]);
  });

  step(
    'the Run dialog types --runtime=webcontainer and points to the run-for-real page',
    async () => {
      await page.locator('[data-testid="views"]').scrollIntoViewIfNeeded();
      await page.waitForSelector('[data-testid="views"][data-ready="true"]', {
        timeout: stepTimeout,
      });
      await page.locator('[data-testid="views-tab-containers"]').click();
      await page.locator('[data-testid="desk-open-container"]', { hasText: 'web' }).click();
      await expect
        .poll(() => page.locator('[data-testid="desk-container-runtime"]').textContent())
        .toBe('webcontainer');
      await screenshot(page, 'real-container-runtime', false);

      await page.locator('[data-testid="views-tab-images"]').click();
      expect(await page.locator('[data-testid="desk-real-link"]').getAttribute('href')).toBe(
        '/en/real/1/',
      );
      await page
        .locator('[data-testid="desk-image"][data-name="aaa:ccc"] [data-testid="desk-run"]')
        .click();
      const dialog = page.locator('[data-testid="run-dialog"]');
      await dialog.waitFor({ state: 'visible' });
      await page.locator('[data-testid="run-port"]').fill('8890');
      await page.locator('[data-testid="run-real"]').check();
      expect(await page.locator('[data-testid="run-command"]').textContent()).toBe(
        'docker run -d --runtime=webcontainer -p 8890:8080 aaa:ccc',
      );
      const note = page.locator('[data-testid="run-real-note"]');
      expect(await note.getAttribute('data-problem')).toBe('notIsolated');
      expect(await page.locator('[data-testid="run-real-link"]').getAttribute('href')).toBe(
        '/en/real/1/',
      );
      await screenshot(page, 'real-run-dialog-lesson-page', false);
      await page.locator('[data-testid="run-real"]').uncheck();
      expect(await page.locator('[data-testid="run-command"]').textContent()).toBe(
        'docker run -d -p 8890:8080 aaa:ccc',
      );
      await page.locator('[data-testid="run-real"]').check();
      await page.locator('[data-testid="run-type"]').click();
      await dialog.waitFor({ state: 'detached' });
      await expect
        // At the prompt, wrapped at the terminal's width.
        .poll(async () => (await terminalText(page)).replace(/\n/g, ''))
        .toContain('docker run -d --runtime=webcontainer -p 8890:8080 aaa:ccc');
      // Not run: the line is dropped, and the container goes, so that the run-for-real page
      // restores no container that would start a WebContainer as the page loads.
      await page.locator('[data-testid="terminal"]').click();
      await page.keyboard.press('Control+C');
      await runInTerminal(page, 'docker rm -f web');
    },
  );

  step('the run-for-real page is isolated and keeps the lesson sandbox', async () => {
    await openWorkbench('/en/real/1/');
    expect(await isolated()).toEqual({ crossOriginIsolated: true, sharedArrayBuffer: 'function' });
    await page.waitForSelector('[data-testid="real-status"][data-state="ready"]');
    expect(site.outsideRequests).toEqual([]);
    // Nothing has asked for a WebContainer yet, so its package has not loaded.
    const chunk = webContainerApiChunk();
    expect(requested.filter((url) => new URL(url).pathname === chunk)).toEqual([]);
    // The lesson's image came along: the same saved sandbox.
    await runInTerminal(page, 'docker image ls --format "{{.Repository}}:{{.Tag}}"');
    expect(await terminalText(page)).toMatch(/\naaa:ccc\s*\n/);
    const terms = page.locator('[data-testid="real-terms"] a');
    expect(await terms.getAttribute('href')).toBe('https://stackblitz.com/terms-of-service');
    await screenshot(page, 'real-page');
  });

  step('on the isolated page the Run dialog explains the toggle and links nowhere', async () => {
    await page.locator('[data-testid="views"]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="views"][data-ready="true"]', {
      timeout: stepTimeout,
    });
    await page.locator('[data-testid="views-tab-images"]').click();
    expect(await page.locator('[data-testid="desk-real-link"]').count()).toBe(0);
    await page
      .locator('[data-testid="desk-image"][data-name="aaa:ccc"] [data-testid="desk-run"]')
      .click();
    const dialog = page.locator('[data-testid="run-dialog"]');
    await dialog.waitFor({ state: 'visible' });
    const note = page.locator('[data-testid="run-real-note"]');
    expect(await note.getAttribute('data-problem')).toBeNull();
    expect(await note.textContent()).toContain('--runtime=webcontainer');
    expect(await page.locator('[data-testid="run-real-link"]').count()).toBe(0);
    await page.locator('[data-testid="run-real"]').check();
    expect(await page.locator('[data-testid="run-command"]').textContent()).toBe(
      'docker run -d --runtime=webcontainer aaa:ccc',
    );
    await screenshot(page, 'real-run-dialog', false);
    await dialog.locator('button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  step('offline, the container falls back within the boot time limit', async () => {
    const started = Date.now();
    await runInTerminal(
      page,
      'docker run -d --runtime=webcontainer -p 8888:8080 --name web aaa:ccc',
    );
    const sentence = await fallbackSentence(bootTimeoutMs + 10_000);
    const waited = Date.now() - started;
    expect(waited).toBeLessThan(bootTimeoutMs + 10_000);
    expect(sentence).toContain('Container web: ');
    expect(sentence).toContain('The WebContainer did not start within 10 s');
    await previewShowsSimulatedPage();
    await page.keyboard.press('Control+L');
    await runInTerminal(page, 'docker logs web 2>&1 | grep dockyard:');
    expect((await terminalText(page)).replace(/\n/g, '')).toContain(
      'dockyard: The WebContainer did not start within 10 s',
    );
    await screenshot(page, 'real-page-fallback');

    // A second container does not wait again.
    const again = Date.now();
    await runInTerminal(
      page,
      'docker run -d --runtime=webcontainer -p 8889:8080 --name web2 aaa:ccc',
    );
    await page.keyboard.press('Control+L');
    await runInTerminal(page, 'docker logs web2 2>&1 | grep dockyard:');
    expect(Date.now() - again).toBeLessThan(bootTimeoutMs);
    expect((await terminalText(page)).replace(/\n/g, '')).toContain(
      'dockyard: The WebContainer did not start earlier on this page',
    );
    const chunk = webContainerApiChunk();
    expect(requested.filter((url) => new URL(url).pathname === chunk)).toHaveLength(1);
    // Booting asked StackBlitz's servers, and nothing else; every such request was refused.
    for (const url of site.outsideRequests) {
      expect(new URL(url).hostname).toMatch(/(^|\.)(stackblitz\.com|webcontainer\.io)$/);
    }
    expect(site.pageErrors).toEqual([]);
    await runInTerminal(page, 'docker rm -f web web2');
  });

  step('the Chinese run-for-real index lists every lesson', async () => {
    await page.goto(`${site.baseUrl}/zh/real/`);
    expect(await isolated()).toEqual({ crossOriginIsolated: true, sharedArrayBuffer: 'function' });
    await page.waitForSelector('[data-testid="real-status"][data-state="ready"]');
    const links = await page
      .locator('[data-testid="real-lesson"]')
      .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links).toEqual(Array.from({ length: 13 }, (_, index) => `/zh/real/${index + 1}/`));
    expect(await page.locator('[data-testid="real-status"]').textContent()).toContain('跨源隔离');
    await screenshot(page, 'real-index-zh');
  });

  step('with a stand-in WebContainer, the preview opens the real server, marked real', async () => {
    const chunk = webContainerApiChunk();
    const port = new URL(site.baseUrl).port;
    // Another origin than the page's, on this machine: what a WebContainer's server URL is.
    const live = `http://localhost:${port}/live`;
    await page.route(
      (url) => url.pathname === chunk,
      (route) => route.fulfill({ contentType: 'text/javascript', body: standInModule(live) }),
    );
    await page.route(`${live}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: {
          'Cross-Origin-Embedder-Policy': 'require-corp',
          'Cross-Origin-Resource-Policy': 'cross-origin',
        },
        body: '<!doctype html><title>real</title><h1>Served by the real program</h1>',
      }),
    );
    await openWorkbench('/en/real/1/');
    await runInTerminal(
      page,
      'docker run -d --runtime=webcontainer -p 8888:8080 --name web aaa:ccc',
    );
    await page.waitForSelector('[data-testid="preview"][data-live="true"]', {
      timeout: stepTimeout,
    });
    const frame = page.locator('[data-testid="preview-frame"]');
    expect(await frame.getAttribute('src')).toBe(`${live}/`);
    expect(await frame.getAttribute('sandbox')).toBe(
      'allow-scripts allow-same-origin allow-forms allow-popups allow-modals',
    );
    expect(await page.locator('[data-testid="preview-live"]').textContent()).toBe('real');
    await expect
      .poll(() => page.frameLocator('[data-testid="preview-frame"]').locator('h1').textContent())
      .toBe('Served by the real program');
    expect(await page.locator('[data-testid="preview-fallback"]').isHidden()).toBe(true);

    const asked = await page.evaluate(
      () =>
        (
          globalThis as unknown as {
            standIn: {
              boots: unknown[];
              mounts: Array<{ mountPoint: string; names: string[] }>;
              spawns: Array<{ command: string; args: string[]; cwd?: string }>;
            };
          }
        ).standIn,
    );
    expect(asked.boots).toEqual([{ coep: 'require-corp', workdirName: 'dockyard' }]);
    const id = asked.mounts[0]?.mountPoint.replace('containers/', '') ?? '';
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(asked.mounts).toEqual([
      { mountPoint: `containers/${id}`, names: ['Dockerfile', 'index.html'] },
    ]);
    expect(asked.spawns[0]?.command).toBe('npm');
    expect(asked.spawns[0]?.args).toContain(`globals/${id}`);
    expect(asked.spawns[0]?.args.some((arg) => /^http-server@\d/.test(arg))).toBe(true);
    expect(asked.spawns[1]).toEqual({
      command: 'http-server',
      args: ['-p', '8080'],
      cwd: `containers/${id}`,
    });
    await screenshot(page, 'real-page-live');

    // curl asks the real server; its output reached docker logs.
    await runInTerminal(page, 'curl -s localhost:8888');
    expect(await terminalText(page)).toContain('<h1>Answered for real</h1>');
    await page.keyboard.press('Control+L');
    await runInTerminal(page, 'docker logs web');
    expect(await terminalText(page)).toContain('stand-in server listening on 8080');
    await runInTerminal(page, 'docker stop web');
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { standIn: { kills: number } }).standIn.kills,
      ),
    ).toBeGreaterThanOrEqual(1);
    await page.waitForSelector('[data-testid="preview"][data-live="false"]', {
      timeout: stepTimeout,
    });
    // Leaving the page tears the WebContainer down.
    expect(await page.evaluate(() => sessionStorage.getItem('standIn:teardown'))).toBeNull();
    await page.goto(`${site.baseUrl}/en/real/`);
    expect(await page.evaluate(() => sessionStorage.getItem('standIn:teardown'))).toBe('yes');
    expect(site.pageErrors).toEqual([]);
  });
});
