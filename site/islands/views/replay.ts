/**
 * Build replay: the last build one instruction at a time, with the working directory, user,
 * environment and files after each step and the output the step printed.
 */
import { toTree } from '../../../sandbox/views/layers.ts';
import { h } from '../../lib/dom.ts';
import type { Workbench } from '../store.ts';
import { revealLines } from './events.ts';
import { renderTree } from './tree.ts';

export class BuildReplay {
  private index = 0;
  private shownBuild: unknown;

  constructor(
    private readonly root: HTMLElement,
    private readonly workbench: Workbench,
  ) {}

  render(): void {
    const text = this.workbench.ui.views;
    const replay = this.workbench.sandbox().lastBuild();
    if (!replay || replay.steps.length === 0) {
      this.root.replaceChildren(
        h(
          'p',
          { class: 'muted empty' },
          replay?.error ? text.buildFailed(replay.error.message) : text.replayEmpty,
        ),
      );
      return;
    }
    if (
      replay.steps !== this.shownBuild &&
      JSON.stringify(replay.steps.map((s) => s.label)) !== this.shownBuild
    ) {
      this.index = 0;
    }
    this.shownBuild = JSON.stringify(replay.steps.map((s) => s.label));
    const count = replay.steps.length;
    this.index = Math.min(this.index, count - 1);
    const step = replay.steps[this.index]!;

    const go = (index: number) => {
      this.index = Math.max(0, Math.min(count - 1, index));
      const shown = replay.steps[this.index]!;
      revealLines({ path: replay.dockerfileName, start: shown.line, end: shown.endLine });
      this.render();
    };
    const previous = h(
      'button',
      {
        type: 'button',
        class: 'button',
        'data-testid': 'replay-previous',
        disabled: this.index === 0,
      },
      '← ',
      text.previousStep,
    );
    const next = h(
      'button',
      {
        type: 'button',
        class: 'button',
        'data-testid': 'replay-next',
        disabled: this.index === count - 1,
      },
      text.nextStep,
      ' →',
    );
    const slider = h('input', {
      type: 'range',
      min: 0,
      max: count - 1,
      value: this.index,
      'aria-label': text.replayStep(this.index + 1, count),
      'data-testid': 'replay-slider',
    });
    previous.addEventListener('click', () => go(this.index - 1));
    next.addEventListener('click', () => go(this.index + 1));
    slider.addEventListener('input', () => go(Number(slider.value)));

    const files = h(
      'details',
      { class: 'replay-files', 'data-testid': 'replay-files' },
      h('summary', {}, text.filesAfter),
    );
    files.addEventListener('toggle', () => {
      if (!files.open || files.childElementCount > 1) return;
      files.append(
        renderTree(toTree(this.workbench.sandbox().replayFiles(this.index)), text, true),
      );
    });
    const facts = h(
      'dl',
      { class: 'facts' },
      h('dt', {}, text.workdir),
      h('dd', { 'data-testid': 'replay-workdir' }, h('code', {}, step.workingDir || '/')),
      h('dt', {}, text.user),
      h('dd', { 'data-testid': 'replay-user' }, h('code', {}, step.user || 'root')),
      h('dt', {}, text.env),
      h(
        'dd',
        { 'data-testid': 'replay-env' },
        step.env.length === 0
          ? '—'
          : h(
              'ul',
              { class: 'plain' },
              step.env.map((entry) => h('li', {}, h('code', {}, entry))),
            ),
      ),
    );
    const output =
      step.output.length > 0
        ? h(
            'pre',
            { class: 'replay-output', 'data-testid': 'replay-output' },
            step.output.join('\n'),
          )
        : h('p', { class: 'muted', 'data-testid': 'replay-output' }, text.noOutput);
    const changes = step.changes.length > 0 ? renderTree(toTree(step.changes), text, false) : null;

    this.root.replaceChildren(
      h(
        'div',
        { class: 'replay' },
        h(
          'div',
          { class: 'replay-controls' },
          previous,
          slider,
          next,
          h(
            'span',
            { class: 'muted', 'data-testid': 'replay-position' },
            text.replayStep(this.index + 1, count),
          ),
        ),
        h(
          'div',
          { class: 'replay-step', 'data-testid': 'replay-step', 'data-line': step.line },
          h(
            'p',
            {},
            h('span', { class: 'explorer-line' }, text.line(step.line)),
            ' ',
            h('code', {}, step.instruction),
            step.label
              ? h('span', { class: 'muted' }, ` · ${step.cached ? text.fromCache : text.ran}`)
              : null,
          ),
          facts,
          h('h4', {}, text.output),
          output,
          changes,
          files,
        ),
        replay.error && this.index === count - 1
          ? h('p', { class: 'explorer-plan-error' }, text.buildFailed(replay.error.message))
          : null,
      ),
    );
    this.root.dataset.step = String(this.index);
  }
}
