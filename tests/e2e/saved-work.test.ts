/**
 * Saved work in the browser, where it can go wrong: saved data the engine cannot read back is
 * set aside and said so, never dropped; a progress file too large for the browser's storage is
 * refused and leaves what was saved as it was. Chromium against the built site.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, runInTerminal, screenshot, stepTimeout, type Site } from './harness.ts';

let site: Site;
let page: Page;

const lessonKey = 'dockyard:v1:lesson:01-first-image';

async function storage(): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((key) => key.startsWith('dockyard:'))
        .map((key) => [key, localStorage.getItem(key)!]),
    ),
  );
}

describe('saved work', () => {
  beforeAll(async () => {
    site = await openSite();
    page = site.page;
    page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await site?.close();
  });

  it(
    'sets damaged saved work aside, keeps saying so, and starts the lesson over',
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshot(page, 'saved-work-failed-damaged'));
      // Written from the course page, where no lesson's sandbox runs to save over it.
      await page.goto(`${site.baseUrl}/en/`);
      await page.evaluate((key) => localStorage.setItem(key, '{"version":1,"home":'), lessonKey);
      await page.goto(`${site.baseUrl}/en/lessons/1/`);
      await page.waitForSelector('[data-testid="terminal"][data-engine="ready"]', {
        timeout: stepTimeout,
      });
      // A change is saved; the notice stays.
      await runInTerminal(page, 'touch notes.txt');
      await expect
        .poll(async () => (await storage())[lessonKey] ?? '', { timeout: stepTimeout })
        .toContain('notes.txt');
      expect(await page.locator('[data-testid="save-status"]').innerText()).toBe(
        'Your saved work could not be restored, so the lesson starts over. A copy is kept in this browser and goes into an exported progress file.',
      );
      expect((await storage())['dockyard:v1:unreadable:01-first-image']).toBe(
        '{"version":1,"home":',
      );
      await screenshot(page, 'saved-work-damaged');
    },
    stepTimeout * 3,
  );

  it(
    'refuses a progress file too large for the browser and keeps what was there',
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshot(page, 'saved-work-failed-import'));
      await page.goto(`${site.baseUrl}/en/`);
      await page.waitForSelector('[data-testid="import"]:not([disabled])', {
        timeout: stepTimeout,
      });
      const before = await storage();
      expect(before[lessonKey]).toContain('notes.txt');
      // Chromium keeps at most about 10 MB per site.
      const file = {
        format: 'dockyard-progress',
        version: 1,
        exported: '2026-01-01T00:00:00.000Z',
        entries: { 'dockyard:v1:lesson:02-from': 'x'.repeat(12_000_000) },
      };
      await page.locator('[data-testid="import"]').setInputFiles({
        name: 'progress.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(file)),
      });
      await expect
        .poll(() => page.locator('[data-testid="course-message"]').innerText(), {
          timeout: stepTimeout,
        })
        .toBe(
          'The file does not fit in this browser’s storage for this site, so nothing was imported; your progress here is as it was.',
        );
      expect(await storage()).toEqual(before);
    },
    stepTimeout * 3,
  );
});
