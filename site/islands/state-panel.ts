/**
 * The Docker-Desktop-like lists: images with their layers, containers with their ports and
 * mounts, volumes with their files. Re-rendered from the sandbox's state on every change; which
 * entries are open survives the re-render.
 */
import type {
  ContainerView,
  ImageView,
  LayerFileView,
  LayerView,
  MountView,
  PortBindingView,
  SandboxState,
  VolumeView,
} from '../../sandbox/api.ts';
import { en } from '../i18n/en.ts';
import type { UiMessages } from '../i18n/index.ts';
import { h } from '../lib/dom.ts';
import { formatSize, shortId, shortVolumeName } from '../lib/format.ts';
import type { Workbench } from './store.ts';
import { refreshStatuses } from './views/uptime.ts';

/** Past this many changed paths, a layer lists the first ones and says how many are left. */
const maxFilesShown = 40;

/** The panel's words in the page's language; set when the panel mounts. */
let text: UiMessages['panel'] = en.panel;

const changeMarks: Record<LayerFileView['change'], string> = {
  added: '+',
  changed: '~',
  removed: '−',
};

/** Entries the learner opened or closed, by `data-key`; the rest keep their default. */
type OpenState = Map<string, boolean>;

function imageName(image: ImageView): string {
  return image.tags.length > 0 ? image.tags.join(', ') : '<none>:<none>';
}

/** A changed path as the panel lists it; an added folder stands for everything added under it. */
interface ListedChange {
  file: LayerFileView;
  /** Files added under an added folder, folded into its line. */
  inside: number;
  insideSize: number;
}

function foldAddedFolders(files: LayerFileView[]): ListedChange[] {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listed: ListedChange[] = [];
  let folder: ListedChange | undefined;
  for (const file of sorted) {
    if (folder && file.path.startsWith(`${folder.file.path.replace(/\/$/, '')}/`)) {
      if (file.change === 'added') {
        if (file.kind === 'file') {
          folder.inside += 1;
          folder.insideSize += file.size;
        }
        continue;
      }
    }
    const entry: ListedChange = { file, inside: 0, insideSize: 0 };
    listed.push(entry);
    if (file.kind === 'dir' && file.change === 'added') folder = entry;
    else if (!folder || !file.path.startsWith(`${folder.file.path.replace(/\/$/, '')}/`)) {
      folder = undefined;
    }
  }

  return listed;
}

function changeSize({ file, inside, insideSize }: ListedChange): string | null {
  if (file.change === 'removed') return null;
  if (file.kind === 'dir') {
    return inside > 0 ? `${text.files(inside)}, ${formatSize(insideSize)}` : null;
  }

  return file.kind === 'file' ? formatSize(file.size) : null;
}

/** A path that may wrap after any `/` when the panel is narrow. */
function pathCode(path: string): HTMLElement {
  const parts = path.split('/');

  return h(
    'code',
    { class: 'path' },
    parts.flatMap((part, index) => (index < parts.length - 1 ? [`${part}/`, h('wbr')] : [part])),
  );
}

function fileList(files: LayerFileView[]): HTMLElement {
  const listed = foldAddedFolders(files);
  const shown = listed.slice(0, maxFilesShown);
  const rest = listed.length - shown.length;

  return h(
    'ul',
    { class: 'file-list', 'data-testid': 'layer-files' },
    shown.map((entry) => {
      const size = changeSize(entry);
      return h(
        'li',
        { 'data-change': entry.file.change },
        h(
          'span',
          { class: 'change-mark', 'aria-label': entry.file.change },
          changeMarks[entry.file.change],
        ),
        pathCode(
          entry.file.kind === 'dir' ? `${entry.file.path.replace(/\/$/, '')}/` : entry.file.path,
        ),
        size ? h('span', { class: 'muted' }, size) : null,
      );
    }),
    rest > 0 ? h('li', { class: 'muted' }, `and ${rest} more`) : null,
  );
}

function layerItem(layer: LayerView, index: number): HTMLElement {
  return h(
    'li',
    {
      class: layer.inherited ? 'layer inherited' : 'layer',
      'data-testid': 'layer',
      'data-inherited': layer.inherited ? 'true' : 'false',
    },
    h(
      'div',
      { class: 'layer-head' },
      h('span', { class: 'layer-index' }, index + 1),
      h(
        'code',
        { class: 'layer-command', title: `${layer.createdBy}\n${layer.digest}` },
        layer.createdBy,
      ),
      h('span', { class: 'layer-size' }, formatSize(layer.size)),
    ),
    layer.inherited
      ? null
      : h(
          'div',
          { class: 'layer-meta' },
          h(
            'span',
            { class: 'badge badge-own' },
            layer.line ? text.dockerfileLine(layer.line) : text.fromDockerfile,
          ),
          h('span', { class: 'muted', title: layer.digest }, shortId(layer.digest)),
        ),
    !layer.inherited && layer.files.length > 0 ? fileList(layer.files) : null,
  );
}

function baseLayerGroup(layers: LayerView[], open: OpenState, imageKey: string): HTMLElement {
  const key = `${imageKey}:base`;
  const size = layers.reduce((total, layer) => total + layer.size, 0);

  return h(
    'details',
    { class: 'base-layers', 'data-key': key, open: open.get(key) ?? false },
    h(
      'summary',
      {},
      h('span', { class: 'badge badge-base' }, text.fromBaseImage),
      h('span', {}, text.layers(layers.length)),
      h('span', { class: 'layer-size' }, formatSize(size)),
    ),
    h(
      'ol',
      { class: 'layer-list', 'data-testid': 'base-layers' },
      layers.map((layer, index) => layerItem(layer, index)),
    ),
  );
}

function imageItem(image: ImageView, open: OpenState): HTMLElement {
  const key = `image:${image.id}`;
  const base = image.layers.filter((layer) => layer.inherited);
  const own = image.layers.filter((layer) => !layer.inherited);
  const config = image.history.filter((entry) => entry.emptyLayer);

  return h(
    'details',
    { class: 'entry', 'data-key': key, 'data-testid': 'image', open: open.get(key) ?? false },
    h(
      'summary',
      {},
      h('span', { class: 'entry-name', 'data-testid': 'image-tags' }, imageName(image)),
      h('span', { class: 'entry-id', title: image.id }, shortId(image.id)),
      h('span', { class: 'entry-size', 'data-testid': 'image-size' }, formatSize(image.size)),
    ),
    h('p', { class: 'entry-note' }, text.imageNote(image.layers.length, base.length, own.length)),
    h(
      'div',
      { class: 'layers', 'data-testid': 'layers' },
      base.length > 0 ? baseLayerGroup(base, open, key) : null,
      h(
        'ol',
        { class: 'layer-list', start: base.length + 1 },
        own.map((layer, index) => layerItem(layer, base.length + index)),
      ),
    ),
    config.length > 0
      ? h(
          'div',
          { class: 'config-list' },
          h('h4', {}, text.configTitle),
          h(
            'ul',
            {},
            config.map((entry) => h('li', {}, h('code', {}, entry.createdBy))),
          ),
        )
      : null,
  );
}

function portText(port: PortBindingView): string {
  const protocol = port.protocol === 'tcp' ? '' : `/${port.protocol}`;

  return text.port(port.hostPort, `${port.containerPort}${protocol}`);
}

function mountItem(mount: MountView): HTMLElement {
  const source =
    mount.type === 'volume' && mount.name
      ? h('span', { title: mount.name }, text.volumeMount(shortVolumeName(mount.name)))
      : h('span', { title: mount.source }, text.bindMount(mount.source));

  return h(
    'li',
    { 'data-testid': 'mount', 'data-type': mount.type },
    source,
    ' → ',
    h('code', {}, mount.destination),
    mount.readWrite ? null : h('span', { class: 'badge' }, text.readOnly),
  );
}

function containerItem(container: ContainerView, open: OpenState): HTMLElement {
  const key = `container:${container.id}`;

  return h(
    'details',
    {
      class: 'entry',
      'data-key': key,
      'data-testid': 'container',
      'data-name': container.name,
      'data-state': container.state,
      open: open.get(key) ?? true,
    },
    h(
      'summary',
      {},
      h('span', { class: `state-dot state-${container.state}`, 'aria-hidden': 'true' }),
      h('span', { class: 'entry-name', 'data-testid': 'container-name' }, container.name),
      h('span', { class: 'entry-id', title: container.id }, shortId(container.id)),
      h(
        'span',
        {
          class: 'entry-status',
          'data-testid': 'container-status',
          'data-status-of': container.id,
        },
        container.status,
      ),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, text.image),
      h('dd', {}, h('code', {}, container.image)),
      h('dt', {}, text.command),
      h('dd', {}, h('code', {}, container.command)),
      h('dt', {}, text.ports),
      h(
        'dd',
        {},
        container.ports.length === 0
          ? h('span', { class: 'muted' }, text.nonePublished)
          : h(
              'ul',
              { class: 'plain' },
              container.ports.map((port) =>
                h('li', { 'data-testid': 'port-binding' }, portText(port)),
              ),
            ),
      ),
      h('dt', {}, text.mounts),
      h(
        'dd',
        {},
        container.mounts.length === 0
          ? h('span', { class: 'muted' }, text.none)
          : h('ul', { class: 'plain' }, container.mounts.map(mountItem)),
      ),
    ),
  );
}

function volumeItem(volume: VolumeView, open: OpenState): HTMLElement {
  const key = `volume:${volume.name}`;

  return h(
    'details',
    {
      class: 'entry',
      'data-key': key,
      'data-testid': 'volume',
      'data-anonymous': volume.anonymous ? 'true' : 'false',
      open: open.get(key) ?? false,
    },
    h(
      'summary',
      {},
      h(
        'span',
        { class: 'entry-name', title: volume.name, 'data-testid': 'volume-name' },
        shortVolumeName(volume.name),
      ),
      h('span', { class: 'badge' }, volume.anonymous ? text.anonymous : text.named),
      h(
        'span',
        { class: 'entry-status' },
        volume.usedBy.length > 0 ? text.usedBy(volume.usedBy.join(', ')) : text.notInUse,
      ),
    ),
    h('p', { class: 'entry-note' }, h('code', { title: volume.mountpoint }, volume.mountpoint)),
    volume.files.length === 0
      ? h('p', { class: 'muted' }, text.empty)
      : h(
          'ul',
          { class: 'file-list' },
          volume.files
            .slice(0, maxFilesShown)
            .map((file) =>
              h(
                'li',
                {},
                pathCode(file.path),
                h('span', { class: 'muted' }, formatSize(file.size)),
              ),
            ),
          volume.files.length > maxFilesShown
            ? h('li', { class: 'muted' }, text.andMore(volume.files.length - maxFilesShown))
            : null,
        ),
  );
}

function section(id: string, title: string, entries: HTMLElement[], empty: string): HTMLElement {
  return h(
    'section',
    { class: 'state-section', 'data-testid': `${id}-section`, 'aria-labelledby': `state-${id}` },
    h(
      'h3',
      { id: `state-${id}` },
      title,
      h('span', { class: 'count', 'data-testid': `${id}-count` }, entries.length),
    ),
    entries.length === 0 ? h('p', { class: 'muted empty' }, empty) : entries,
  );
}

function render(root: HTMLElement, state: SandboxState, open: OpenState, ui: UiMessages): void {
  root.replaceChildren(
    section(
      'images',
      ui.images,
      state.images.map((image) => imageItem(image, open)),
      ui.noImages,
    ),
    section(
      'containers',
      ui.containers,
      state.containers.map((container) => containerItem(container, open)),
      ui.noContainers,
    ),
    section(
      'volumes',
      ui.volumes,
      state.volumes.map((volume) => volumeItem(volume, open)),
      ui.noVolumes,
    ),
  );
}

/** Shows the workbench's state in `root`; returns the function that stops it. */
export function mountStatePanel(root: HTMLElement, workbench: Workbench): () => void {
  text = workbench.ui.panel;
  const open: OpenState = new Map();
  const onToggle = (event: Event): void => {
    const details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.dataset.key) return;
    open.set(details.dataset.key, details.open);
  };
  root.addEventListener('toggle', onToggle, true);

  let frame = 0;
  const renderSoon = (): void => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      render(root, workbench.state(), open, workbench.ui);
    });
  };
  render(root, workbench.state(), open, workbench.ui);
  root.dataset.ready = 'true';
  const unsubscribe = workbench.subscribe(renderSoon);
  const stopStatuses = refreshStatuses(root, workbench);

  return () => {
    unsubscribe();
    stopStatuses();
    cancelAnimationFrame(frame);
    root.removeEventListener('toggle', onToggle, true);
  };
}
