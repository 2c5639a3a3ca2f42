/**
 * Gives each command line in the lesson's shell examples a button that types it at the
 * terminal's prompt; the learner still presses Enter. Without scripts the examples stay plain.
 */
import { h } from '../lib/dom.ts';
import type { Page } from './store.ts';

export function mountLessonCommands(lesson: HTMLElement, page: Page): () => void {
  const restore: Array<() => void> = [];
  for (const code of lesson.querySelectorAll<HTMLElement>('pre[data-language="sh"] > code')) {
    const original = [...code.childNodes];
    const rows = [...code.querySelectorAll<HTMLElement>(':scope > .line')].map((line) => {
      const command = (line.textContent ?? '').trim();
      const row = h('span', { class: 'command-row' }, line);
      if (command !== '' && !command.startsWith('#')) {
        const button = h(
          'button',
          {
            type: 'button',
            class: 'type-command',
            title: page.ui.typeItTitle,
            'data-testid': 'type-command',
          },
          page.ui.typeIt,
        );
        button.addEventListener('click', () => page.typeCommand(command));
        row.append(button);
      }
      return row;
    });
    code.replaceChildren(...rows);
    code.classList.add('command-rows');
    restore.push(() => {
      code.classList.remove('command-rows');
      code.replaceChildren(...original);
    });
  }

  return () => {
    for (const undo of restore) undo();
  };
}
