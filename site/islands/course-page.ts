/**
 * The course page: each lesson's state from the saved progress, the count of lessons done, and
 * the tools for the learner's data: export to a file, import from one, start over.
 */
import { uiFor } from '../i18n/index.ts';
import {
  clearProgress,
  exportProgress,
  importProgress,
  lessonsIn,
  readProgress,
  readProgressFile,
  statusOf,
} from './progress.ts';

export function mountCoursePage(root: HTMLElement, language: string): void {
  const ui = uiFor(language);
  const message = root.querySelector<HTMLElement>('[data-testid="course-message"]');
  const summary = root.querySelector<HTMLElement>('[data-testid="course-summary"]');
  const say = (text: string): void => {
    if (message) message.textContent = text;
  };

  const showStatuses = (): void => {
    const progress = readProgress();
    const items = [...root.querySelectorAll<HTMLElement>('[data-testid="course-lesson"]')];
    let done = 0;
    for (const item of items) {
      const status = statusOf(progress[item.dataset.key ?? '']);
      if (status === 'quiz-passed') done += 1;
      item.dataset.status = status;
      const label = item.querySelector<HTMLElement>('[data-testid="lesson-status"]');
      if (label) label.textContent = ui.status[status];
    }
    if (summary) summary.textContent = ui.progressSummary(done, items.length);
  };

  const exportButton = root.querySelector<HTMLButtonElement>('[data-testid="export"]');
  exportButton?.addEventListener('click', () => {
    const now = new Date();
    const blob = new Blob([JSON.stringify(exportProgress(now), null, 1)], {
      type: 'application/json',
    });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `dockyard-progress-${now.toISOString().slice(0, 10)}.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });

  const importInput = root.querySelector<HTMLInputElement>('[data-testid="import"]');
  importInput?.addEventListener('change', () => {
    const file = importInput.files?.[0];
    importInput.value = '';
    if (!file) return;
    file
      .text()
      .then((text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const progress = readProgressFile(parsed);
        if (!progress) return say(ui.importNotAFile);
        const lessons = lessonsIn(progress);
        if (!window.confirm(ui.importConfirm(lessons))) return;
        const refused = importProgress(progress);
        if (refused) return say(refused === 'full' ? ui.importTooLarge : ui.storageBlocked);
        showStatuses();
        say(ui.importDone(lessons));
      })
      .catch((error: unknown) =>
        say(ui.importUnreadable(error instanceof Error ? error.message : String(error))),
      );
  });

  const startOver = root.querySelector<HTMLButtonElement>('[data-testid="start-over"]');
  startOver?.addEventListener('click', () => {
    if (!window.confirm(ui.startOverConfirm)) return;
    clearProgress();
    showStatuses();
    say(ui.startOverDone);
  });

  for (const control of [exportButton, importInput, startOver]) {
    if (control) control.disabled = false;
  }
  // Another tab may have moved on; a page restored from the back/forward cache shows it too.
  window.addEventListener('pageshow', showStatuses);
  window.addEventListener('storage', showStatuses);
  showStatuses();
  root.dataset.ready = 'true';
}
