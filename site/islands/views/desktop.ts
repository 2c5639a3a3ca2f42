/**
 * Desktop-style views: images, containers and volumes as lists; a container's page with its
 * logs (searchable), inspect output, files, mounts and ports; a volume's page with its files and
 * the containers that use it; and the Run dialog, which types its `docker run` in the terminal.
 */
import type { ContainerView, ImageView, VolumeView } from '../../../sandbox/api.ts';
import { formatSize, shortId, shortVolumeName } from '../../lib/format.ts';
import { h } from '../../lib/dom.ts';
import type { Workbench } from '../store.ts';
import { describeProblem, isolationProblem } from '../webcontainer.ts';

type Text = Workbench['ui']['views'];

/** Quotes a word for the terminal's shell when it holds anything but plain characters. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./~-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface RunSettings {
  image: string;
  name: string;
  /** Container port (`8080/tcp`) → host port as typed; empty leaves it unpublished. */
  ports: Record<string, string>;
  source: string;
  target: string;
  env: string;
  detach: boolean;
  /** `--runtime=webcontainer`: the container's Node program runs for real in the page. */
  runForReal: boolean;
}

/** The `docker run` line for the dialog's settings, options before the image as Docker wants. */
export function runCommand(settings: RunSettings): string {
  const words = ['docker', 'run'];
  if (settings.detach) words.push('-d');
  if (settings.runForReal) words.push('--runtime=webcontainer');
  if (settings.name.trim() !== '') words.push('--name', shellWord(settings.name.trim()));
  for (const [port, host] of Object.entries(settings.ports)) {
    if (host.trim() === '') continue;
    const [number, protocol] = port.split('/');
    words.push(
      '-p',
      `${host.trim()}:${number}${protocol && protocol !== 'tcp' ? `/${protocol}` : ''}`,
    );
  }
  if (settings.target.trim() !== '') {
    const mount =
      settings.source.trim() === ''
        ? settings.target.trim()
        : `${settings.source.trim()}:${settings.target.trim()}`;
    words.push('-v', shellWord(mount));
  }
  for (const line of settings.env.split('\n')) {
    if (line.trim() !== '') words.push('-e', shellWord(line.trim()));
  }
  words.push(shellWord(settings.image));
  return words.join(' ');
}

export type Page =
  | { kind: 'list' }
  | {
      kind: 'container';
      id: string;
      tab: 'logs' | 'inspect' | 'files' | 'mounts';
      dir: string;
      file?: string;
      search: string;
    }
  | { kind: 'volume'; name: string };

export class DesktopViews {
  page: Page = { kind: 'list' };

  constructor(
    private readonly root: HTMLElement,
    private readonly workbench: Workbench,
    private readonly showLayers: (imageId: string) => void,
  ) {}

  render(section: 'images' | 'containers' | 'volumes'): void {
    const state = this.workbench.state();
    if (section === 'containers' && this.page.kind === 'container') {
      const id = this.page.id;
      const container = state.containers.find((c) => c.id === id);
      if (container) return this.containerPage(container);
      this.page = { kind: 'list' };
    }
    if (section === 'volumes' && this.page.kind === 'volume') {
      const name = this.page.name;
      const volume = state.volumes.find((v) => v.name === name);
      if (volume) return this.volumePage(volume);
      this.page = { kind: 'list' };
    }
    if (section === 'images') this.imagesList(state.images);
    else if (section === 'containers') this.containersList(state.containers);
    else this.volumesList(state.volumes);
  }

  private text(): Text {
    return this.workbench.ui.views;
  }

  private imagesList(images: ImageView[]): void {
    const text = this.text();
    if (images.length === 0) {
      this.root.replaceChildren(h('p', { class: 'muted empty' }, text.noImages));
      return;
    }
    this.root.replaceChildren(
      h(
        'ul',
        { class: 'desk-list', 'data-testid': 'desk-images' },
        images.map((image) => {
          const name = image.tags[0] ?? '<none>';
          const layers = h('button', { type: 'button', class: 'link-button' }, name);
          layers.addEventListener('click', () => this.showLayers(image.id));
          const run = h(
            'button',
            { type: 'button', class: 'button', 'data-testid': 'desk-run' },
            text.run,
          );
          run.addEventListener('click', () => this.openRunDialog(image));
          return h(
            'li',
            { class: 'desk-item', 'data-testid': 'desk-image', 'data-name': name },
            layers,
            h(
              'span',
              { class: 'muted' },
              `${shortId(image.id)} · ${formatSize(image.size)} · ${text.imageLayers(image.layers.length)}`,
            ),
            run,
          );
        }),
      ),
      this.realPageLink(),
    );
  }

  /** On a lesson page, where its containers can run for real. */
  private realPageLink(): HTMLElement | '' {
    const problem = isolationProblem();
    if (problem?.kind !== 'notIsolated') return '';
    return h(
      'p',
      { class: 'desk-real muted' },
      `${this.text().runForRealElsewhere} `,
      h(
        'a',
        { href: problem.realPage, 'data-testid': 'desk-real-link' },
        this.text().runForRealLink,
      ),
    );
  }

  private containersList(containers: ContainerView[]): void {
    const text = this.text();
    if (containers.length === 0) {
      this.root.replaceChildren(h('p', { class: 'muted empty' }, text.noContainers));
      return;
    }
    this.root.replaceChildren(
      h(
        'ul',
        { class: 'desk-list', 'data-testid': 'desk-containers' },
        containers.map((container) => {
          const open = h(
            'button',
            { type: 'button', class: 'link-button', 'data-testid': 'desk-open-container' },
            container.name,
          );
          open.addEventListener('click', () => {
            this.page = { kind: 'container', id: container.id, tab: 'logs', dir: '/', search: '' };
            this.render('containers');
          });
          return h(
            'li',
            {
              class: 'desk-item',
              'data-testid': 'desk-container',
              'data-name': container.name,
              'data-state': container.state,
            },
            h('span', { class: `state-dot state-${container.state}` }),
            open,
            h(
              'span',
              { class: 'muted' },
              `${container.image} · `,
              h('span', { 'data-status-of': container.id }, container.status),
            ),
            container.runtime === 'runc'
              ? ''
              : h(
                  'span',
                  { class: 'desk-runtime', title: text.runtime, 'data-testid': 'desk-runtime' },
                  container.runtime,
                ),
            this.portButtons(container),
          );
        }),
      ),
    );
  }

  private portButtons(container: ContainerView): HTMLElement {
    const text = this.text();
    return h(
      'span',
      { class: 'desk-ports' },
      container.ports.map((port) => {
        const button = h(
          'button',
          {
            type: 'button',
            class: 'button',
            title: text.openInPreview,
            'data-testid': 'desk-open-preview',
            'data-port': port.hostPort,
          },
          `${port.hostPort}:${port.containerPort} ↗`,
        );
        button.addEventListener('click', () => openInPreview(`http://localhost:${port.hostPort}`));
        return button;
      }),
    );
  }

  private containerPage(container: ContainerView): void {
    const text = this.text();
    const page = this.page as Extract<Page, { kind: 'container' }>;
    const sandbox = this.workbench.sandbox();
    const back = h(
      'button',
      { type: 'button', class: 'button', 'data-testid': 'desk-back' },
      '← ',
      text.back,
    );
    back.addEventListener('click', () => {
      this.page = { kind: 'list' };
      this.render('containers');
    });
    const tabs = (['logs', 'inspect', 'files', 'mounts'] as const).map((tab) => {
      const button = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'view-tab',
          'aria-selected': tab === page.tab ? 'true' : 'false',
          'data-testid': `desk-tab-${tab}`,
        },
        text[tab],
      );
      button.addEventListener('click', () => {
        this.page = { ...page, tab };
        this.render('containers');
      });
      return button;
    });
    let body: HTMLElement;
    const details = sandbox.containerDetails(container.id);
    switch (page.tab) {
      case 'logs': {
        const search = h('input', {
          type: 'search',
          value: page.search,
          placeholder: text.searchLogs,
          'aria-label': text.searchLogs,
          'data-testid': 'desk-log-search',
        });
        const lines = (details?.logs ?? []).filter(
          (entry) =>
            page.search === '' || entry.text.toLowerCase().includes(page.search.toLowerCase()),
        );
        const pre = h(
          'pre',
          { class: 'desk-logs', 'data-testid': 'desk-logs', 'data-count': lines.length },
          lines.map((entry) => entry.text).join('\n') || text.noLogs,
        );
        search.addEventListener('input', () => {
          page.search = search.value;
          const shown = (sandbox.containerDetails(container.id)?.logs ?? []).filter((entry) =>
            entry.text.toLowerCase().includes(search.value.toLowerCase()),
          );
          pre.textContent = shown.map((entry) => entry.text).join('\n') || text.noLogs;
          pre.dataset.count = String(shown.length);
        });
        body = h('div', {}, search, pre);
        break;
      }
      case 'inspect':
        body = h(
          'pre',
          { class: 'desk-inspect', 'data-testid': 'desk-inspect' },
          details?.inspect ?? '',
        );
        break;
      case 'files':
        body = this.filesPanel(container, page);
        break;
      case 'mounts':
        body =
          container.mounts.length === 0
            ? h('p', { class: 'muted' }, text.noMounts)
            : h(
                'ul',
                { class: 'plain', 'data-testid': 'desk-mounts' },
                container.mounts.map((mount) =>
                  h(
                    'li',
                    {},
                    h('code', {}, mount.type === 'volume' ? `${mount.name}` : mount.source),
                    ' → ',
                    h('code', {}, mount.destination),
                    mount.readWrite ? '' : ' (ro)',
                  ),
                ),
              );
        break;
    }
    this.root.replaceChildren(
      h(
        'div',
        { class: 'desk-head' },
        back,
        h('strong', { 'data-testid': 'desk-container-name' }, container.name),
        h('span', { class: 'muted', 'data-status-of': container.id }, container.status),
      ),
      h(
        'div',
        { class: 'desk-ports-row' },
        h('span', { class: 'muted' }, `${text.ports}: `),
        container.ports.length > 0 ? this.portButtons(container) : text.noPorts,
      ),
      h(
        'div',
        { class: 'desk-runtime-row' },
        h('span', { class: 'muted' }, `${text.runtime}: `),
        h('code', { 'data-testid': 'desk-container-runtime' }, container.runtime),
      ),
      h('div', { class: 'view-tabs', role: 'tablist' }, tabs),
      body,
    );
  }

  private filesPanel(
    container: ContainerView,
    page: Extract<Page, { kind: 'container' }>,
  ): HTMLElement {
    const text = this.text();
    const sandbox = this.workbench.sandbox();
    const go = (dir: string, file?: string) => {
      this.page = { ...page, dir, file };
      this.render('containers');
    };
    const crumbs: HTMLElement[] = [];
    const parts = page.dir.split('/').filter(Boolean);
    const rootButton = h('button', { type: 'button', class: 'link-button' }, '/');
    rootButton.addEventListener('click', () => go('/'));
    crumbs.push(rootButton);
    parts.forEach((part, index) => {
      const button = h('button', { type: 'button', class: 'link-button' }, `${part}/`);
      button.addEventListener('click', () => go(`/${parts.slice(0, index + 1).join('/')}`));
      crumbs.push(button);
    });
    if (page.file !== undefined) {
      const content = sandbox.readContainerFile(container.id, page.file) ?? '';
      return h(
        'div',
        { 'data-testid': 'desk-files' },
        h('div', { class: 'desk-crumbs' }, crumbs),
        h('p', {}, h('code', {}, page.file)),
        h('pre', { class: 'desk-file', 'data-testid': 'desk-file' }, content),
      );
    }
    const entries = sandbox.containerFiles(container.id, page.dir);
    return h(
      'div',
      { 'data-testid': 'desk-files' },
      h('div', { class: 'desk-crumbs' }, crumbs),
      entries.length === 0
        ? h('p', { class: 'muted' }, text.emptyFolder)
        : h(
            'ul',
            { class: 'desk-list' },
            entries.map((entry) => {
              const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
              const button = h(
                'button',
                {
                  type: 'button',
                  class: 'link-button',
                  'data-testid': 'desk-file-entry',
                  'data-path': entry.path,
                },
                entry.kind === 'dir' ? `${name}/` : name,
              );
              button.addEventListener('click', () =>
                entry.kind === 'dir' ? go(entry.path) : go(page.dir, entry.path),
              );
              return h(
                'li',
                { class: 'desk-item' },
                button,
                h('span', { class: 'muted' }, entry.kind === 'dir' ? '' : formatSize(entry.size)),
              );
            }),
          ),
    );
  }

  private volumesList(volumes: VolumeView[]): void {
    const text = this.text();
    if (volumes.length === 0) {
      this.root.replaceChildren(h('p', { class: 'muted empty' }, text.noVolumes));
      return;
    }
    this.root.replaceChildren(
      h(
        'ul',
        { class: 'desk-list', 'data-testid': 'desk-volumes' },
        volumes.map((volume) => {
          const open = h(
            'button',
            { type: 'button', class: 'link-button', 'data-testid': 'desk-open-volume' },
            volume.anonymous ? shortVolumeName(volume.name) : volume.name,
          );
          open.addEventListener('click', () => {
            this.page = { kind: 'volume', name: volume.name };
            this.render('volumes');
          });
          return h(
            'li',
            { class: 'desk-item', 'data-testid': 'desk-volume', 'data-name': volume.name },
            open,
            h(
              'span',
              { class: 'muted' },
              volume.usedBy.length > 0 ? volume.usedBy.join(', ') : text.dangling,
            ),
          );
        }),
      ),
    );
  }

  private volumePage(volume: VolumeView): void {
    const text = this.text();
    const back = h(
      'button',
      { type: 'button', class: 'button', 'data-testid': 'desk-back' },
      '← ',
      text.back,
    );
    back.addEventListener('click', () => {
      this.page = { kind: 'list' };
      this.render('volumes');
    });
    this.root.replaceChildren(
      h(
        'div',
        { class: 'desk-head' },
        back,
        h('strong', { 'data-testid': 'desk-volume-name' }, volume.name),
      ),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, text.mountpoint),
        h('dd', {}, h('code', {}, volume.mountpoint)),
        h('dt', {}, text.usedBy),
        h(
          'dd',
          { 'data-testid': 'desk-volume-users' },
          volume.usedBy.length > 0 ? volume.usedBy.join(', ') : text.dangling,
        ),
      ),
      h('h4', {}, text.files),
      volume.files.length === 0
        ? h('p', { class: 'muted' }, text.emptyFolder)
        : h(
            'ul',
            { class: 'plain', 'data-testid': 'desk-volume-files' },
            volume.files.map((file) =>
              h('li', {}, h('code', {}, file.path), ` · ${formatSize(file.size)}`),
            ),
          ),
    );
  }

  /** What "Run for real" does, or why this page cannot and where it can. */
  private runForRealNote(): HTMLElement {
    const text = this.text();
    const problem = isolationProblem();
    if (problem === undefined) {
      return h(
        'p',
        { class: 'run-real-note muted', 'data-testid': 'run-real-note' },
        text.runForRealHint,
      );
    }
    if (problem.kind === 'notIsolated') {
      return h(
        'p',
        { class: 'run-real-note', 'data-testid': 'run-real-note', 'data-problem': problem.kind },
        text.runForRealNeedsPage,
        ' ',
        h('a', { href: problem.realPage, 'data-testid': 'run-real-link' }, text.runForRealLink),
      );
    }
    return h(
      'p',
      { class: 'run-real-note', 'data-testid': 'run-real-note', 'data-problem': problem.kind },
      text.runForRealBlocked(describeProblem(problem, this.workbench.ui.runtimeProblems)),
    );
  }

  openRunDialog(image: ImageView): void {
    const text = this.text();
    const name = image.tags[0] ?? shortId(image.id);
    const settings: RunSettings = {
      image: name,
      name: '',
      ports: {},
      source: '',
      target: image.volumes[0] ?? '',
      env: '',
      detach: true,
      runForReal: false,
    };
    for (const port of image.exposedPorts) settings.ports[port] = '';
    const command = h('code', { 'data-testid': 'run-command' }, runCommand(settings));
    const update = () => {
      command.textContent = runCommand(settings);
    };
    const field = (
      label: string,
      input: HTMLInputElement | HTMLTextAreaElement,
      onInput: (value: string) => void,
    ) => {
      input.addEventListener('input', () => {
        onInput(input.value);
        update();
      });
      return h('label', { class: 'run-field' }, h('span', {}, label), input);
    };
    const detach = h('input', { type: 'checkbox', checked: true, 'data-testid': 'run-detach' });
    detach.addEventListener('change', () => {
      settings.detach = detach.checked;
      update();
    });
    const real = h('input', { type: 'checkbox', 'data-testid': 'run-real' });
    real.addEventListener('change', () => {
      settings.runForReal = real.checked;
      update();
    });
    const dialog = h('dialog', {
      class: 'run-dialog',
      'data-testid': 'run-dialog',
      'aria-label': text.runTitle,
    });
    const typeIt = h(
      'button',
      { type: 'submit', class: 'button primary', 'data-testid': 'run-type' },
      text.runTypeIt,
    );
    const cancel = h('button', { type: 'button', class: 'button' }, text.cancel);
    const form = h(
      'form',
      { method: 'dialog' },
      h('h3', {}, text.runTitle),
      h('p', {}, text.runImage, h('code', {}, name)),
      field(
        text.runName,
        h('input', { type: 'text', 'data-testid': 'run-name' }),
        (value) => (settings.name = value),
      ),
      Object.keys(settings.ports).map((port) =>
        field(
          text.runPort(port),
          h('input', {
            type: 'text',
            inputmode: 'numeric',
            'data-testid': 'run-port',
            'data-port': port,
          }),
          (value) => (settings.ports[port] = value),
        ),
      ),
      field(
        text.runHostPath,
        h('input', { type: 'text', 'data-testid': 'run-source' }),
        (value) => (settings.source = value),
      ),
      field(
        text.runContainerPath,
        h('input', { type: 'text', value: settings.target, 'data-testid': 'run-target' }),
        (value) => (settings.target = value),
      ),
      field(
        text.runEnv,
        h('textarea', { rows: 2, 'data-testid': 'run-env' }),
        (value) => (settings.env = value),
      ),
      h('label', { class: 'run-check' }, detach, text.runDetach),
      h('label', { class: 'run-check' }, real, text.runForReal),
      this.runForRealNote(),
      h('p', { class: 'run-preview' }, text.runCommand, h('br', {}), command),
      h('div', { class: 'run-actions' }, cancel, typeIt),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.workbench.typeCommand(runCommand(settings));
      dialog.close();
      dialog.remove();
    });
    cancel.addEventListener('click', () => {
      dialog.close();
      dialog.remove();
    });
    dialog.append(form);
    document.body.append(dialog);
    dialog.showModal();
  }
}

/** Points the preview pane at `url`, as if typed in its address bar. */
function openInPreview(url: string): void {
  const address = document.querySelector<HTMLInputElement>('[data-testid="preview-address"]');
  const form = document.querySelector<HTMLFormElement>('[data-testid="preview-form"]');
  if (!address || !form) return;
  address.value = url;
  form.requestSubmit();
  address.scrollIntoView({ block: 'nearest' });
}
