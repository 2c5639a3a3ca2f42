/**
 * The layer explorer: an image's layers from the base image up, each row linked to the
 * Dockerfile line that made it (both ways), marked with what the next build would do, its files
 * as a tree, and the image's wasted space explained with the fix.
 */
import type { BuildPlan, ImageView, RebuildReason } from '../../../sandbox/api.ts';
import { explorerRows, toTree, type ExplorerRow } from '../../../sandbox/views/layers.ts';
import { wasteIn, type WasteFinding } from '../../../sandbox/views/waste.ts';
import { formatSize } from '../../lib/format.ts';
import { h } from '../../lib/dom.ts';
import type { Workbench } from '../store.ts';
import { onCursorLine, revealLines } from './events.ts';
import { renderTree } from './tree.ts';

type Text = Workbench['ui']['views'];

export interface ExplorerOptions {
  /** The image to show, by ID; the last build's, else the newest, when unset. */
  imageId?: string;
}

export function reasonText(text: Text, reason: RebuildReason): string {
  switch (reason.kind) {
    case 'files-changed':
      return text.reasons['files-changed'](reason.files.join(', '));
    case 'parent-rebuilt':
      return text.reasons['parent-rebuilt'](reason.line);
    case 'config-above-changed':
      return text.reasons['config-above-changed'](reason.line);
    case 'no-cache':
    case 'first-build':
    case 'line-changed':
    case 'not-in-cache':
      return text.reasons[reason.kind];
  }
}

function wasteText(text: Text, finding: WasteFinding): [string, string] {
  switch (finding.kind) {
    case 'deleted-later':
      return [
        text.wasteDeleted(
          finding.path,
          formatSize(finding.size),
          text.atLine(finding.addedLine),
          text.atLine(finding.removedLine),
        ),
        text.wasteDeletedFix,
      ];
    case 'package-cache':
      return [
        text.wasteCache(finding.path, formatSize(finding.size), text.atLine(finding.line)),
        text.wasteCacheFix[finding.cache],
      ];
    case 'node-modules-copied':
      return [
        text.wasteNodeModules(formatSize(finding.size), text.atLine(finding.line)),
        text.wasteNodeModulesFix[finding.dockerignore],
      ];
  }
}

export class LayerExplorer {
  private imageId: string | undefined;
  private selected: number | undefined;
  private plan: BuildPlan | undefined;
  private planFor = '';
  private planning = 0;
  private cursorLine: number | undefined;
  private readonly stopCursor: () => void;

  constructor(
    private readonly root: HTMLElement,
    private readonly workbench: Workbench,
  ) {
    this.stopCursor = onCursorLine(({ path, line }) => {
      if (path !== this.dockerfileName()) return;
      this.cursorLine = line;
      this.markCursor(true);
    });
  }

  show(imageId?: string): void {
    if (imageId !== undefined) {
      this.imageId = imageId;
      this.selected = undefined;
    }
  }

  private dockerfileName(): string {
    return this.workbench.sandbox().lastBuild()?.dockerfileName ?? 'Dockerfile';
  }

  private currentImage(): ImageView | undefined {
    const state = this.workbench.state();
    const replay = this.workbench.sandbox().lastBuild();
    const chosen = state.images.find((image) => image.id === this.imageId);
    if (chosen) return chosen;
    const built = replay?.ok
      ? state.images.find((image) => replay.tags.some((tag) => image.tags.includes(tag)))
      : undefined;
    return built ?? state.images[0];
  }

  /** Asks for a new prediction when the files or the cache changed; renders when it arrives. */
  private refreshPlan(): void {
    const state = this.workbench.state();
    const key = JSON.stringify([state.files, state.images.map((image) => image.id)]);
    if (key === this.planFor) return;
    this.planFor = key;
    const ticket = ++this.planning;
    const sandbox = this.workbench.sandbox();
    setTimeout(() => {
      if (ticket !== this.planning) return;
      sandbox
        .planBuild()
        .then((plan) => {
          if (ticket !== this.planning) return;
          this.plan = plan;
          this.render();
        })
        .catch(() => {
          // A prediction that cannot run leaves the marks off; the build itself will say why.
          this.plan = undefined;
        });
    }, 250);
  }

  render(): void {
    const text = this.workbench.ui.views;
    const state = this.workbench.state();
    const image = this.currentImage();
    this.refreshPlan();
    if (!image) {
      this.root.replaceChildren(h('p', { class: 'muted empty' }, text.noImages));
      return;
    }
    const replay = this.workbench.sandbox().lastBuild();
    const rows = explorerRows(image, replay, this.plan);
    const picker = h(
      'select',
      { 'data-testid': 'explorer-image', 'aria-label': text.image },
      state.images.map((candidate) =>
        h(
          'option',
          { value: candidate.id, selected: candidate.id === image.id },
          candidate.tags[0] ?? candidate.id.slice(7, 19),
        ),
      ),
    );
    picker.addEventListener('change', () => {
      this.show(picker.value);
      this.render();
    });

    // The base image's layers and its config changes fold away under one summary line.
    const base = rows.filter((row) => row.kind === 'base' || row.inherited);
    const own = rows.filter((row) => row.kind !== 'base' && !row.inherited);
    const baseLayers = base.filter((row) => row.kind === 'base');
    const baseSize = baseLayers.reduce((total, row) => total + row.size, 0);
    const inherited = h(
      'details',
      { class: 'explorer-base', 'data-testid': 'explorer-base' },
      h(
        'summary',
        {},
        text.inheritedFrom(baseLayers.length, baseLayers[0]?.inheritedFrom ?? text.baseImage),
        ' · ',
        formatSize(baseSize),
      ),
      h(
        'ol',
        { class: 'explorer-rows' },
        base.map((row) => this.rowElement(row)),
      ),
    );
    const list = h(
      'ol',
      { class: 'explorer-rows', 'data-testid': 'explorer-rows' },
      own.map((row) => this.rowElement(row)),
    );
    const legend = own.some((row) => row.mark === 'cached' || row.mark === 'rebuild')
      ? h(
          'p',
          { class: 'explorer-legend', 'data-testid': 'explorer-legend' },
          h('strong', {}, `${text.nextBuild}: `),
          text.nextBuildLegend,
          ' ',
          h('span', { class: 'explorer-mark mark-cached' }, text.marks.cached),
          ' ',
          h('span', { class: 'explorer-mark mark-rebuild' }, text.marks.rebuild),
        )
      : null;
    const planError = this.plan?.error
      ? h(
          'p',
          { class: 'explorer-plan-error', role: 'status' },
          text.planError(this.plan.error.message),
        )
      : null;

    this.root.replaceChildren(
      h(
        'div',
        { class: 'explorer' },
        h(
          'div',
          { class: 'explorer-head' },
          picker,
          h('span', { class: 'muted' }, formatSize(image.size)),
        ),
        base.length > 0 ? inherited : null,
        legend,
        list,
        planError,
        this.filesPanel(image, rows),
        this.wastePanel(image),
      ),
    );
    this.root.dataset.image = image.tags[0] ?? image.id;
    this.root.dataset.layers = String(image.layers.length);
    this.markCursor(false);
  }

  private rowElement(row: ExplorerRow): HTMLElement {
    const text = this.workbench.ui.views;
    const added = row.changes.filter((change) => change.change === 'added').length;
    const changed = row.changes.filter((change) => change.change === 'changed').length;
    const removed = row.changes.filter((change) => change.change === 'removed').length;
    const selected = row.layerIndex !== undefined && row.layerIndex === this.selected;
    const button = h(
      'button',
      {
        type: 'button',
        class: `explorer-row kind-${row.kind}${row.mark ? ` mark-${row.mark}` : ''}${selected ? ' is-selected' : ''}`,
        'data-testid': 'explorer-row',
        'data-kind': row.kind,
        'data-line': row.line,
        'data-mark': row.mark,
        'aria-pressed': selected ? 'true' : 'false',
      },
      h('span', { class: 'explorer-line' }, row.line !== undefined ? text.line(row.line) : ''),
      h('code', { class: 'explorer-instruction' }, row.instruction),
      h(
        'span',
        { class: 'explorer-meta' },
        row.kind === 'config'
          ? text.configChange
          : [
              formatSize(row.size),
              row.kind === 'layer' ? ` · ${text.changes(added, changed, removed)}` : '',
            ],
      ),
      row.mark === 'cached' || row.mark === 'rebuild'
        ? h(
            'span',
            {
              class: `explorer-mark mark-${row.mark}`,
              'data-testid': 'explorer-mark',
              title: `${text.nextBuild}: ${text.marks[row.mark]}`,
            },
            text.marks[row.mark],
          )
        : null,
      row.reason
        ? h(
            'span',
            { class: 'explorer-reason', 'data-testid': 'explorer-reason' },
            reasonText(text, row.reason),
          )
        : null,
    );
    button.addEventListener('click', () => {
      if (row.layerIndex !== undefined) this.selected = row.layerIndex;
      if (row.line !== undefined) {
        revealLines({
          path: this.dockerfileName(),
          start: row.line,
          end: row.endLine ?? row.line,
        });
      }
      this.render();
    });
    return h('li', {}, button);
  }

  private filesPanel(image: ImageView, rows: ExplorerRow[]): HTMLElement {
    const text = this.workbench.ui.views;
    const row =
      this.selected === undefined
        ? undefined
        : rows.find((candidate) => candidate.layerIndex === this.selected);
    const whole = h(
      'details',
      { class: 'explorer-files', 'data-testid': 'explorer-whole' },
      h('summary', {}, text.showWholeImage),
    );
    whole.addEventListener('toggle', () => {
      if (!whole.open || whole.childElementCount > 1) return;
      const ref = image.tags[0] ?? image.id;
      whole.append(renderTree(toTree(this.workbench.sandbox().imageFiles(ref)), text, true));
    });
    if (!row) return whole;
    const layerFiles =
      row.kind === 'base'
        ? toTree(
            this.workbench
              .sandbox()
              .imageFiles(image.tags[0] ?? image.id, row.layerIndex! + 1)
              .filter((entry) => entry.layer === row.layerIndex),
          )
        : toTree(row.changes);
    return h(
      'div',
      { class: 'explorer-files', 'data-testid': 'explorer-layer-files' },
      h('h4', {}, text.layerFiles, ' · ', h('code', {}, row.instruction)),
      row.kind === 'config'
        ? h('p', { class: 'muted' }, text.noChanges)
        : renderTree(layerFiles, text, false),
      whole,
    );
  }

  private wastePanel(image: ImageView): HTMLElement {
    const text = this.workbench.ui.views;
    const findings = wasteIn(image, this.workbench.state().files);
    return h(
      'section',
      { class: 'explorer-waste', 'data-testid': 'explorer-waste', 'data-count': findings.length },
      h('h4', {}, text.waste),
      findings.length === 0
        ? h('p', { class: 'muted' }, text.noWaste)
        : h(
            'ul',
            {},
            findings.map((finding) => {
              const [what, fix] = wasteText(text, finding);
              return h(
                'li',
                { 'data-testid': 'waste', 'data-kind': finding.kind },
                h('span', {}, what),
                h('span', { class: 'explorer-fix' }, fix),
              );
            }),
          ),
    );
  }

  private markCursor(scroll: boolean): void {
    for (const element of this.root.querySelectorAll<HTMLElement>('.explorer-row')) {
      const on = this.cursorLine !== undefined && element.dataset.line === String(this.cursorLine);
      element.classList.toggle('is-cursor', on);
      if (on && scroll) element.scrollIntoView({ block: 'nearest' });
    }
  }

  dispose(): void {
    this.stopCursor();
    this.planning++;
  }
}
