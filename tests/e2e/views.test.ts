/**
 * The Docker views of a lesson page, in Chromium against the built site (`astro build` first):
 * the layer explorer and its links to the editor, the next build's cache marks against the
 * CACHED lines the build then prints, build replay, the ports and volumes diagram with its
 * failures and text, the container and volume pages, and the Run dialog. Screenshots of each
 * view are kept under test-results/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  openSite,
  resultsDir,
  terminalText,
  runInTerminal,
  screenshot,
  type Site,
  stepTimeout,
} from './harness.ts';

let site: Site;
let page: Page;

async function openTab(tab: string): Promise<void> {
  await page.locator(`[data-testid="views-tab-${tab}"]`).click();
  await page.waitForSelector(`[data-testid="views"][data-active="${tab}"]`);
}

/** The lesson Dockerfile's marks when nothing changed since the last build: line → mark. */
const ALL_CACHED = {
  '1': 'base',
  '2': 'cached',
  '3': 'cached',
  '4': 'cached',
  '5': 'cached',
  '6': 'config',
  '7': 'config',
};

/** The explorer's rows with a Dockerfile line: line → mark. */
async function marks(): Promise<Record<string, string>> {
  return page.$$eval('[data-testid="explorer-rows"] [data-testid="explorer-row"]', (rows) =>
    Object.fromEntries(
      rows
        .filter((row) => (row as HTMLElement).dataset.line)
        .map((row) => [
          (row as HTMLElement).dataset.line!,
          (row as HTMLElement).dataset.mark ?? '',
        ]),
    ),
  );
}

/** The page, and the views pane alone at its own size, for looking at the drawing. */
async function shoot(name: string): Promise<void> {
  await screenshot(page, name);
  await page
    .locator('[data-testid="views"]')
    .screenshot({ path: join(resultsDir, `${name}-pane.png`) })
    .catch(() => undefined);
}

function step(name: string, body: () => Promise<void>): void {
  it(
    name,
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshot(page, `views-failed-${name}`));
      await body();
    },
    stepTimeout * 3,
  );
}

describe('the Docker views', () => {
  beforeAll(async () => {
    site = await openSite();
    page = site.page;
    await page.goto(`${site.baseUrl}/en/lessons/1/`);
    await page.waitForSelector('[data-testid="terminal"][data-ready="true"]', {
      timeout: stepTimeout,
    });
    await page.locator('[data-testid="views"]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="views"][data-ready="true"]', {
      timeout: stepTimeout,
    });
    await page.waitForSelector('[data-testid="editor"][data-ready="true"]', {
      timeout: stepTimeout,
    });
  });

  afterAll(async () => {
    await site?.close();
  });

  step('shows the built image’s layers, node’s inherited ones first', async () => {
    await runInTerminal(page, 'docker build -t aaa:ccc .');
    await page.waitForSelector('[data-testid="explorer-rows"] [data-line="5"]');
    const rows = page.locator('[data-testid="explorer-rows"] [data-testid="explorer-row"]');
    expect(
      await rows.evaluateAll((all) => all.map((row) => (row as HTMLElement).dataset.kind)),
    ).toEqual(['config', 'layer', 'layer', 'layer', 'layer', 'config', 'config']);
    await expect
      .poll(() => page.locator('[data-testid="explorer-base"] summary').innerText())
      .toMatch(/layers inherited from node:latest/);
    expect(
      await page.locator('[data-testid="explorer-rows"] [data-line="6"]').innerText(),
    ).toContain('config');
    await shoot('views-layers');
  });

  step('links a layer to its Dockerfile line and the cursor back to the layer', async () => {
    await page.locator('[data-testid="explorer-rows"] [data-line="3"]').click();
    await page.waitForSelector('[data-testid="editor"] .line-from-view');
    await expect
      .poll(() => page.locator('[data-testid="explorer-layer-files"]').innerText())
      .toContain('index.html');
    // Clicking line 5 of the editor puts the cursor there: the RUN npm install row lights up.
    const line = page.locator('[data-testid="editor"] .view-line').nth(4);
    await line.click();
    await page.waitForSelector('[data-testid="explorer-rows"] [data-line="5"].is-cursor');
  });

  step(
    'marks what the next build rebuilds after an edit, matching the CACHED lines it prints',
    async () => {
      await expect.poll(marks).toEqual(ALL_CACHED);
      await page.locator('[data-testid="editor-tab"]', { hasText: 'index.html' }).click();
      await page.locator('[data-testid="editor"] .view-line').nth(7).click();
      await page.keyboard.press('End');
      await page.keyboard.type(' <p>edited</p>');
      await expect.poll(marks, { timeout: stepTimeout }).toEqual({
        '1': 'base',
        '2': 'cached',
        '3': 'rebuild',
        '4': 'rebuild',
        '5': 'rebuild',
        '6': 'config',
        '7': 'config',
      });
      const reason = await page
        .locator('[data-testid="explorer-rows"] [data-line="3"] [data-testid="explorer-reason"]')
        .innerText();
      expect(reason).toBe('a file it copies changed: index.html');
      await shoot('views-cache-marks');

      await runInTerminal(page, 'clear');
      await runInTerminal(page, 'docker build -t aaa:ccc .');
      const output = await terminalText(page);
      expect(output).toMatch(/CACHED \[2\/5\] WORKDIR \/app/);
      expect(output).not.toMatch(/CACHED \[3\/5\] COPY/);
      expect(output).not.toMatch(/CACHED \[4\/5\] RUN/);
      expect(output).not.toMatch(/CACHED \[5\/5\] RUN/);
      await expect.poll(marks).toEqual(ALL_CACHED);
    },
  );

  step('replays the build one step at a time', async () => {
    await openTab('replay');
    expect(await page.locator('[data-testid="replay-position"]').innerText()).toBe('Step 1 of 7');
    await page.locator('[data-testid="replay-next"]').click();
    expect(await page.locator('[data-testid="replay-workdir"]').innerText()).toBe('/app');
    expect(await page.locator('[data-testid="replay-env"]').innerText()).toContain('NODE_VERSION=');
    await page.locator('[data-testid="replay-next"]').click();
    await page.locator('[data-testid="replay-next"]').click();
    expect(await page.locator('[data-testid="replay-step"]').innerText()).toContain(
      'RUN npm config set registry',
    );
    await page.waitForSelector('[data-testid="editor"] .line-from-view');
    await shoot('views-replay');
  });

  step('keeps the replay and the next build’s marks across a reload', async () => {
    await page.reload();
    await page.waitForSelector('[data-testid="terminal"][data-engine="ready"]', {
      timeout: stepTimeout,
    });
    await page.locator('[data-testid="views"]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="views"][data-ready="true"]', {
      timeout: stepTimeout,
    });
    await expect.poll(marks, { timeout: stepTimeout }).toEqual(ALL_CACHED);
    await page.waitForSelector('[data-testid="editor"][data-ready="true"]', {
      timeout: stepTimeout,
    });
    // An edit after the reload is compared with what the last build copied, restored with it.
    await page.locator('[data-testid="editor-tab"]', { hasText: 'index.html' }).click();
    await page.locator('[data-testid="editor"] .view-line').nth(7).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' again');
    await expect
      .poll(
        () =>
          page
            .locator(
              '[data-testid="explorer-rows"] [data-line="3"] [data-testid="explorer-reason"]',
            )
            .innerText()
            .catch(() => ''),
        { timeout: stepTimeout },
      )
      .toBe('a file it copies changed: index.html');
    await openTab('replay');
    expect(await page.locator('[data-testid="replay-position"]').innerText()).toBe('Step 1 of 7');
    await page.locator('[data-testid="replay-next"]').click();
    expect(await page.locator('[data-testid="replay-workdir"]').innerText()).toBe('/app');
    await runInTerminal(page, 'docker build -t aaa:ccc .');
  });

  step('draws the working path and a wrong container port where it fails', async () => {
    await runInTerminal(page, 'docker run -d -p 8888:8080 --name web aaa:ccc');
    await runInTerminal(page, 'docker run -d -p 8889:80 --name wrong aaa:ccc');
    await openTab('diagram');
    const web = page.locator(
      '[data-testid="diagram-container"][data-name="web"] [data-testid="diagram-port"]',
    );
    expect(await web.getAttribute('data-status')).toBe('ok');
    const wrong = page.locator(
      '[data-testid="diagram-container"][data-name="wrong"] [data-testid="diagram-port"]',
    );
    expect(
      await wrong.evaluateAll((ports) => ports.map((p) => p.getAttribute('data-status'))),
    ).toEqual(['wrong-port', 'not-published']);
    const description = await page.locator('[data-testid="diagram-description"]').innerText();
    expect(description).toContain(
      'Host port 8888 forwards to container port 8080, where http-server -p 8080 listens',
    );
    expect(description).toContain(
      'Host port 8889 forwards to container port 80, but nothing listens there; the process listens on 8080.',
    );
    expect(await page.locator('[data-testid="diagram-svg"]').getAttribute('aria-labelledby')).toBe(
      'diagram-description',
    );
    await shoot('views-diagram');
  });

  step('keeps a removed container’s volume on the diagram as dangling', async () => {
    await runInTerminal(page, 'docker run -d -v data:/data --name keeper aaa:ccc');
    await runInTerminal(page, 'docker rm -f keeper');
    await page.waitForSelector('[data-testid="diagram-dangling"][data-name="data"]');
    expect(await page.locator('[data-testid="diagram-description"]').innerText()).toContain(
      'Volume data is used by no container',
    );
    await openTab('volumes');
    await page
      .locator('[data-testid="desk-volume"][data-name="data"] [data-testid="desk-open-volume"]')
      .click();
    expect(await page.locator('[data-testid="desk-volume-users"]').innerText()).toBe('dangling');
  });

  step(
    'opens a container’s logs, inspect output and files, and its port in the preview',
    async () => {
      await openTab('containers');
      await page
        .locator(
          '[data-testid="desk-container"][data-name="web"] [data-testid="desk-open-container"]',
        )
        .click();
      await expect
        .poll(() => page.locator('[data-testid="desk-logs"]').innerText())
        .toContain('Available on');
      await page.locator('[data-testid="desk-log-search"]').fill('no such words');
      expect(await page.locator('[data-testid="desk-logs"]').getAttribute('data-count')).toBe('0');
      await page.locator('[data-testid="desk-tab-inspect"]').click();
      expect(await page.locator('[data-testid="desk-inspect"]').innerText()).toContain(
        '"Name": "/web"',
      );
      await page.locator('[data-testid="desk-tab-files"]').click();
      await page.locator('[data-testid="desk-file-entry"][data-path="/app"]').click();
      await page.locator('[data-testid="desk-file-entry"][data-path="/app/index.html"]').click();
      expect(await page.locator('[data-testid="desk-file"]').innerText()).toContain(
        '<p>edited</p>',
      );
      await shoot('views-container-files');
      await page.locator('[data-testid="desk-open-preview"][data-port="8888"]').first().click();
      await page.waitForSelector('[data-testid="preview"][data-outcome="ok"]', {
        timeout: stepTimeout,
      });
      expect(await page.locator('[data-testid="preview-address"]').inputValue()).toBe(
        'http://localhost:8888',
      );
    },
  );

  step('types the Run dialog’s docker run into the terminal', async () => {
    await openTab('images');
    await page
      .locator('[data-testid="desk-image"][data-name="aaa:ccc"] [data-testid="desk-run"]')
      .click();
    await page.locator('[data-testid="run-name"]').fill('dialog');
    await page.locator('[data-testid="run-port"][data-port="8080/tcp"]').fill('8890');
    await page.locator('[data-testid="run-env"]').fill('GREETING=hello world');
    expect(await page.locator('[data-testid="run-command"]').innerText()).toBe(
      "docker run -d --name dialog -p 8890:8080 -e 'GREETING=hello world' aaa:ccc",
    );
    await screenshot(page, 'views-run-dialog', false);
    await page.locator('[data-testid="run-type"]').click();
    const terminal = page.locator('[data-testid="terminal"]');
    const before = Number((await terminal.getAttribute('data-completed')) ?? '0');
    await terminal.click();
    await page.keyboard.press('Enter');
    await page.waitForSelector(
      `[data-testid="terminal"][data-busy="false"][data-completed="${before + 1}"]`,
    );
    await openTab('containers');
    await page.waitForSelector(
      '[data-testid="desk-container"][data-name="dialog"][data-state="running"]',
    );
    expect(site.pageErrors).toEqual([]);
    expect(site.outsideRequests).toEqual([]);
  });

  step('draws the container that could not start because its host port is taken', async () => {
    await runInTerminal(page, 'docker run -d -p 8888:8080 --name clash aaa:ccc');
    expect(await terminalText(page)).toContain('port is already allocated');
    await openTab('diagram');
    const clash = page.locator(
      '[data-testid="diagram-container"][data-name="clash"] [data-testid="diagram-port"]',
    );
    expect(await clash.getAttribute('data-status')).toBe('port-taken');
    expect(await page.locator('[data-testid="diagram-description"]').innerText()).toContain(
      'Host port 8888 is already held by container web, so this container could not start.',
    );
    await runInTerminal(page, 'docker rm clash');
  });

  step('explains space wasted by a file a later layer deletes, with the fix', async () => {
    await runInTerminal(page, "echo 'some notes' > notes.txt");
    await runInTerminal(page, "echo 'FROM alpine' > waste.Dockerfile");
    await runInTerminal(page, "echo 'COPY notes.txt /notes.txt' >> waste.Dockerfile");
    await runInTerminal(page, "echo 'RUN rm /notes.txt' >> waste.Dockerfile");
    await runInTerminal(page, 'docker build -t waste -f waste.Dockerfile .');
    await openTab('layers');
    await page.waitForSelector('[data-testid="views-body"][data-image="waste:latest"]');
    const finding = page.locator('[data-testid="waste"][data-kind="deleted-later"]');
    expect(await finding.innerText()).toContain(
      '/notes.txt (11B) is added at line 2 and deleted at line 3, but the bytes stay in the earlier layer.',
    );
    expect(await finding.innerText()).toContain('Fix: create and delete it in the same RUN');
    await shoot('views-waste');
  });

  step('speaks Chinese on the Chinese page, with the same sandbox', async () => {
    await page.goto(`${site.baseUrl}/zh/lessons/1/`);
    await page.locator('[data-testid="views"]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="views"][data-ready="true"]', {
      timeout: stepTimeout,
    });
    expect(await page.locator('[data-testid="views-tab-layers"]').innerText()).toBe('镜像层');
    await openTab('diagram');
    await expect
      .poll(() => page.locator('[data-testid="diagram-description"]').innerText(), {
        timeout: stepTimeout,
      })
      .toContain('主机端口 8888 转发到容器端口 8080');
    await shoot('views-diagram-zh');
  });
});
