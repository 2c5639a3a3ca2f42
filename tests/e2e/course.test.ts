/**
 * Every lesson of the course in both languages, in Chromium against the built site (`astro
 * build` first), sharing one browser and one preview server: Solve runs the solution in the
 * terminal and every goal is met; the quiz fails with a wrong answer and passes with the right
 * ones (short answers read from what the page shows of the sandbox); progress survives a reload.
 * Then the course page: lesson states, export, start over, import; the language switch; a phone
 * screen; Solve from the keyboard alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, root, screenshot, stepTimeout, type Site } from './harness.ts';

interface Option {
  text: string;
  correct: boolean;
}

type Question =
  | { kind: 'single' | 'multiple'; options: Option[] }
  | { kind: 'answer'; fact: string; with?: Record<string, string | number> };

interface Lesson {
  slug: string;
  order: number;
  title: string;
  goals: unknown[];
  quiz: Question[];
}

function readLessons(lang: string): Lesson[] {
  const folder = join(root, 'lessons', lang);
  return readdirSync(folder)
    .filter((slug) => /^\d\d-/.test(slug))
    .map((slug) => {
      const { frontmatter } = parseFrontmatter(
        readFileSync(join(folder, slug, 'index.md'), 'utf8'),
      );
      return { slug, ...(frontmatter as Omit<Lesson, 'slug'>) };
    })
    .sort((a, b) => a.order - b.order);
}

const languages = ['en', 'zh'] as const;
let site: Site;
let page: Page;

/** One step; later steps build on the page that earlier ones left. */
function step(name: string, body: () => Promise<void>, timeout = stepTimeout * 3): void {
  it(
    name,
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshot(page, `course-failed-${name}`));
      await body();
    },
    timeout,
  );
}

async function openLesson(lang: string, order: number): Promise<void> {
  await page.goto(`${site.baseUrl}/${lang}/lessons/${order}/`);
  await page.waitForSelector('[data-testid="goals"][data-ready="true"]');
  await page.waitForSelector('[data-testid="quiz"][data-ready="true"]');
  await page.waitForSelector('[data-testid="terminal"][data-ready="true"]', {
    timeout: stepTimeout,
  });
}

/** The right answer to a short-answer question, read from the page's view of the sandbox. */
async function factFromPage(question: Extract<Question, { kind: 'answer' }>): Promise<string> {
  const args = question.with ?? {};
  const panel = page.locator('[data-testid="state-panel"]');
  switch (question.fact) {
    case 'published-url': {
      const bindings = await panel.locator('[data-testid="port-binding"]').allInnerTexts();
      const binding = bindings
        .map((text) => /(\d+) → \D*(\d+)/.exec(text))
        .find((match) => match?.[2] === String(args.containerPort));
      if (!binding) throw new Error(`no binding to ${args.containerPort}: ${bindings.join(', ')}`);
      return `localhost:${binding[1]}/`;
    }
    case 'layers-added': {
      const image = imageEntry(String(args.ref));
      return String(await image.locator('[data-testid="layer"][data-inherited="false"]').count());
    }
    case 'container-name': {
      const container = panel
        .locator('[data-testid="container"]')
        .filter({
          has: page.locator('dd code', { hasText: new RegExp(`^${String(args.image)}$`) }),
        })
        .first();
      return (await container.getAttribute('data-name')) ?? '';
    }
    case 'volume-mountpoint': {
      const name = await panel
        .locator('[data-testid="volume"][data-anonymous="true"] [data-testid="volume-name"]')
        .last()
        .getAttribute('title');
      return `/var/lib/docker/volumes/${name}/_data`;
    }
    case 'image-id-prefix': {
      const id = await imageEntry(String(args.ref)).locator('.entry-id').getAttribute('title');
      return (id ?? '').replace(/^sha256:/, '').slice(0, 12);
    }
    default:
      throw new Error(`the test does not know the fact ${question.fact}`);
  }
}

function imageEntry(ref: string): Locator {
  return page
    .locator('[data-testid="image"]')
    .filter({ has: page.locator('[data-testid="image-tags"]', { hasText: ref }) })
    .first();
}

async function answerQuiz(lesson: Lesson, right: boolean): Promise<void> {
  const fieldsets = page.locator('[data-testid="question"]');
  expect(await fieldsets.count()).toBe(lesson.quiz.length);
  for (const [index, question] of lesson.quiz.entries()) {
    const fieldset = fieldsets.nth(index);
    if (question.kind === 'answer') {
      const value = right ? await factFromPage(question) : 'not-the-answer';
      await fieldset.locator('[data-testid="answer-input"]').fill(value);
      continue;
    }
    const wrongOption = question.options.findIndex((option) => !option.correct);
    for (const [optionIndex, option] of question.options.entries()) {
      const input = fieldset.locator(`input[value="${optionIndex}"]`);
      const chosen = right
        ? option.correct
        : question.kind === 'single'
          ? optionIndex === Math.max(wrongOption, 0) && wrongOption >= 0
          : optionIndex === wrongOption;
      if (chosen) await input.check();
      else if (question.kind === 'multiple') await input.uncheck();
    }
  }
  const quiz = page.locator('[data-testid="quiz"]');
  const before = Number((await quiz.getAttribute('data-checked')) ?? '0');
  await page.locator('[data-testid="quiz-check"]').click();
  await page.waitForSelector(`[data-testid="quiz"][data-checked="${before + 1}"]`);
}

async function goalsAllMet(count: number): Promise<void> {
  await page.waitForSelector('[data-testid="goals"][data-all-met="true"]', {
    timeout: stepTimeout,
  });
  expect(await page.locator('[data-testid="goal"][data-met="true"]').count()).toBe(count);
}

async function courseStatuses(lang: string): Promise<string[]> {
  await page.goto(`${site.baseUrl}/${lang}/`);
  await page.waitForSelector('[data-testid="course"][data-ready="true"]');
  return page
    .locator('[data-testid="course-lesson"]')
    .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.status ?? ''));
}

async function startOver(lang: string): Promise<void> {
  await courseStatuses(lang);
  await page.locator('[data-testid="start-over"]').click();
  await page.waitForSelector('[data-testid="course-lesson"][data-status="not-started"]');
}

describe('the course', () => {
  beforeAll(async () => {
    site = await openSite();
    page = site.page;
    // Reset, Solve, Start over and Import ask first; the tests say yes.
    page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await site?.close();
  });

  for (const lang of languages) {
    const lessons = readLessons(lang);

    step(`${lang}: the course page lists ${lessons.length} lessons, none started`, async () => {
      expect(lessons.length).toBe(13);
      await startOver(lang);
      expect(await courseStatuses(lang)).toEqual(lessons.map(() => 'not-started'));
      const titles = await page
        .locator('[data-testid="course-lesson"] .course-title')
        .allInnerTexts();
      expect(titles).toEqual(lessons.map((lesson) => lesson.title));
    });

    for (const lesson of lessons) {
      step(`${lang} lesson ${lesson.order} (${lesson.slug}): solve, quiz, reload`, async () => {
        await openLesson(lang, lesson.order);
        expect(await page.locator('[data-testid="lesson"] h1').innerText()).toBe(lesson.title);
        expect(await page.locator('[data-testid="goal"]').count()).toBe(lesson.goals.length);

        await page.locator('[data-testid="solve"]').click();
        await page.waitForSelector('[data-testid="solve"][data-running="false"]', {
          timeout: stepTimeout * 2,
        });
        await goalsAllMet(lesson.goals.length);
        // A lesson whose goal is to see the page: the preview opens at its port and shows it.
        if (lesson.goals.some((goal) => (goal as { check?: string }).check === 'page-contains')) {
          await page.waitForSelector('[data-testid="preview"][data-outcome="ok"]', {
            timeout: stepTimeout,
          });
        }

        await answerQuiz(lesson, false);
        expect(await page.locator('[data-testid="quiz"]').getAttribute('data-passed')).toBe(
          'false',
        );
        expect(await page.locator('[data-testid="question"][data-result="wrong"]').count()).toBe(
          lesson.quiz.length,
        );
        // Every option now says why it is right or wrong.
        expect(await page.locator('[data-testid="option-why"]:visible').count()).toBe(
          await page.locator('[data-testid="option"]').count(),
        );

        await answerQuiz(lesson, true);
        expect(await page.locator('[data-testid="question"][data-result="right"]').count()).toBe(
          lesson.quiz.length,
        );
        expect(await page.locator('[data-testid="quiz"]').getAttribute('data-passed')).toBe('true');
        if (lesson.order === 9) await screenshot(page, `course-${lang}-quiz`);

        // Saving is debounced; give it time to land before leaving the page.
        await page.waitForTimeout(700);
        await page.reload();
        await page.waitForSelector('[data-testid="quiz"][data-passed="true"]');
        await goalsAllMet(lesson.goals.length);
        if (lesson.order === 1 || lesson.order === 11) {
          await screenshot(page, `course-${lang}-lesson-${lesson.order}-goals-met`, false);
        }
      });
    }

    step(`${lang}: the course page shows every quiz passed`, async () => {
      expect(await courseStatuses(lang)).toEqual(lessons.map(() => 'quiz-passed'));
      await screenshot(page, `course-${lang}-course-page`);
    });
  }

  step('exports progress, starts over and imports it back', async () => {
    await courseStatuses('en');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export"]').click(),
    ]);
    const file = join(root, 'test-results', 'course-progress-export.json');
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as {
      format: string;
      entries: Record<string, string>;
    };
    expect(exported.format).toBe('dockyard-progress');
    expect(Object.keys(exported.entries)).toEqual(
      expect.arrayContaining(['dockyard:v1:progress', 'dockyard:v1:lesson:01-first-image']),
    );

    await startOver('en');
    expect(new Set(await courseStatuses('en'))).toEqual(new Set(['not-started']));

    await page.locator('[data-testid="import"]').setInputFiles(file);
    await page.waitForSelector('[data-testid="course-message"]:not(:empty)');
    expect(new Set(await courseStatuses('en'))).toEqual(new Set(['quiz-passed']));
    // The lesson's own work came back too.
    await openLesson('en', 1);
    await goalsAllMet(readLessons('en')[0]?.goals.length ?? 0);
  });

  step('the language switch keeps the lesson, and `/` leads to the course', async () => {
    await openLesson('en', 3);
    await page.locator('[data-testid="language-zh"]').click();
    await page.waitForURL(/\/zh\/lessons\/3\/$/);
    await page.waitForSelector('[data-testid="goals"][data-ready="true"]');
    expect(await page.locator('[data-testid="solve"]').innerText()).toBe('查看解答');
    await screenshot(page, 'course-zh-lesson-3', false);
    await page.locator('[data-testid="language-en"]').click();
    await page.waitForURL(/\/en\/lessons\/3\/$/);

    await page.goto(`${site.baseUrl}/`);
    await page.waitForURL(/\/en\/$/);
    await page.locator('[data-testid="language-zh"]').click();
    await page.waitForURL(/\/zh\/$/);
  });

  step('on a phone the sandbox sits under the lesson text', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await openLesson('en', 2);
      const lesson = await page.locator('[data-testid="lesson"]').boundingBox();
      const terminal = await page.locator('[data-testid="terminal"]').boundingBox();
      expect(lesson && terminal && terminal.y >= lesson.y + lesson.height - 1).toBe(true);
      expect(lesson?.width).toBeLessThanOrEqual(390);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(390);
      await screenshot(page, 'course-phone-lesson-2', false);
      await courseStatuses('zh');
      await screenshot(page, 'course-phone-course-zh', false);
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  step('Reset, Undo and Solve work from the keyboard alone', async () => {
    await startOver('en');
    await openLesson('en', 1);
    await page.locator('body').focus();
    let focused = '';
    for (let i = 0; i < 12 && focused !== 'solve'; i += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(
        () => (document.activeElement as HTMLElement | null)?.dataset.testid ?? '',
      );
    }
    expect(focused).toBe('solve');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="solve"][data-running="false"]', {
      timeout: stepTimeout * 2,
    });
    await goalsAllMet(readLessons('en')[0]?.goals.length ?? 0);

    await page.locator('[data-testid="reset"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="goals"][data-all-met="false"]');
    await page.locator('[data-testid="undo"]').focus();
    await page.keyboard.press('Enter');
    await goalsAllMet(readLessons('en')[0]?.goals.length ?? 0);
    expect(await page.locator('[data-testid="undo"]').isHidden()).toBe(true);

    // Tab leaves the terminal instead of being typed into it.
    await page.locator('[data-testid="terminal"]').click();
    const inTerminal = () =>
      page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="terminal"]')));
    expect(await inTerminal()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await inTerminal()).toBe(false);
  });

  step('loads nothing from outside and raises no page errors', async () => {
    expect(site.outsideRequests).toEqual([]);
    expect(site.pageErrors).toEqual([]);
  });
});
