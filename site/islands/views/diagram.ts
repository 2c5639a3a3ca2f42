/**
 * The live ports and volumes diagram: an SVG of the host and its containers, each published port
 * drawn from the browser through the host port and the container port to the process, with the
 * failure drawn where it happens; mounts from host folders and volumes; dangling volumes. The
 * same facts are written out in words beside it for screen readers and for reading.
 */
import { diagramOf, type Diagram, type PortPath } from '../../../sandbox/views/diagram.ts';
import { shortVolumeName } from '../../lib/format.ts';
import { h } from '../../lib/dom.ts';
import type { Workbench } from '../store.ts';

type Text = Workbench['ui']['views'];
const SVG = 'http://www.w3.org/2000/svg';

function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  ...children: Array<SVGElement | string>
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** Cuts a label to what fits in `width` units of the 11px monospace font. */
function fit(label: string, width: number): string {
  const room = Math.max(3, Math.floor((width - 12) / 6.7));
  return label.length > room ? `${label.slice(0, room - 1)}…` : label;
}

function box(
  x: number,
  y: number,
  width: number,
  height: number,
  label: string,
  kind: string,
): SVGGElement {
  return s(
    'g',
    { class: `node ${kind}` },
    s('rect', { x, y, width, height, rx: 5 }),
    s('text', { x: x + 6, y: y + height / 2 + 4 }, fit(label, width)),
  );
}

function line(x1: number, y1: number, x2: number, y2: number, kind: string): SVGLineElement {
  return s('line', { x1, y1, x2, y2, class: `edge ${kind}` });
}

function failure(x: number, y: number, labelY: number, label: string): SVGGElement {
  return s(
    'g',
    { class: 'failure', 'data-testid': 'diagram-failure' },
    s('circle', { cx: x, cy: y, r: 7 }),
    s('path', {
      d: `M${x - 3.5} ${y - 3.5}L${x + 3.5} ${y + 3.5}M${x + 3.5} ${y - 3.5}L${x - 3.5} ${y + 3.5}`,
    }),
    s('text', { x: Math.max(4, x - 10), y: labelY }, label),
  );
}

export function describePort(text: Text, path: PortPath, process: string): string {
  const host = path.hostPort ?? 0;
  switch (path.status) {
    case 'ok':
      return text.describePort.ok(host, path.containerPort, process);
    case 'not-published':
      return text.describePort['not-published'](path.containerPort, path.exposed);
    case 'wrong-port':
      return text.describePort['wrong-port'](
        host,
        path.containerPort,
        (path.listeningOn ?? []).join(', '),
      );
    case 'not-listening':
      return text.describePort['not-listening'](host, path.containerPort);
    case 'loopback-only':
      return text.describePort['loopback-only'](host, path.containerPort);
    case 'port-taken':
      return text.describePort['port-taken'](host, path.holder ?? '');
    case 'stopped':
      return text.describePort.stopped(path.containerPort);
  }
}

/** The diagram in sentences, one per container, port, mount and dangling volume. */
export function describeDiagram(text: Text, diagram: Diagram): string[] {
  const lines: string[] = [];
  for (const container of diagram.containers) {
    lines.push(
      text.describeContainer(
        container.name,
        container.image,
        text.containerStates[container.state],
      ),
    );
    for (const path of container.ports) lines.push(describePort(text, path, container.process));
    for (const mount of container.mounts) {
      if (mount.kind === 'bind')
        lines.push(text.describeMount.bind(mount.source, mount.destination));
      else if (mount.kind === 'named')
        lines.push(text.describeMount.named(mount.source, mount.destination));
      else
        lines.push(text.describeMount.anonymous(mount.source, mount.hostPath, mount.destination));
    }
  }
  for (const volume of diagram.volumes)
    if (volume.dangling) lines.push(text.describeDangling(volume.name));
  return lines;
}

/** Row height, and the x of each column: browser, host port, container, its port, process. */
const ROW = 46;
const X = { browser: 2, host: 84, box: 138, port: 146, process: 228, right: 396 } as const;

export function renderDiagram(root: HTMLElement, workbench: Workbench): void {
  const text = workbench.ui.views;
  const diagram = diagramOf(workbench.state());
  const dangling = diagram.volumes.filter((volume) => volume.dangling);
  if (diagram.containers.length === 0 && dangling.length === 0) {
    root.replaceChildren(h('p', { class: 'muted empty' }, text.diagramEmpty));
    root.dataset.failures = '0';
    return;
  }

  const width = 400;
  const parts: SVGElement[] = [];
  let y = 30;
  parts.push(s('text', { x: X.browser, y: 18, class: 'column' }, `${text.browser} → ${text.host}`));
  let failures = 0;
  for (const container of diagram.containers) {
    const rows = Math.max(1, container.ports.length) + container.mounts.length;
    const height = rows * ROW + 26;
    const group = s('g', {
      class: `container state-${container.state}`,
      'data-testid': 'diagram-container',
      'data-name': container.name,
    });
    group.append(
      s('rect', { x: X.box, y, width: X.right - X.box, height, rx: 8, class: 'container-box' }),
      s(
        'text',
        { x: X.port, y: y + 17, class: 'container-name' },
        fit(
          `${container.name} · ${container.image} · ${text.containerStates[container.state]}`,
          X.right - X.port,
        ),
      ),
    );
    let rowY = y + 26;
    for (const path of container.ports) {
      const mid = rowY + 13;
      const kind = `status-${path.status}${path.exposed ? ' exposed' : ''}`;
      const portGroup = s('g', {
        class: `port ${kind}`,
        'data-testid': 'diagram-port',
        'data-status': path.status,
        'data-container-port': path.containerPort,
      });
      if (path.hostPort !== undefined) {
        portGroup.append(
          box(X.browser, rowY, X.host - X.browser - 6, 26, 'localhost', 'browser'),
          line(X.host - 6, mid, X.host, mid, kind),
          box(X.host, rowY, X.box - X.host - 6, 26, `:${path.hostPort}`, 'host-port'),
          line(X.box - 6, mid, X.port, mid, kind),
        );
      }
      portGroup.append(
        box(
          X.port,
          rowY,
          X.process - X.port - 12,
          26,
          `${path.containerPort}/${path.protocol}`,
          'container-port',
        ),
      );
      const reaches = path.status === 'ok' || path.status === 'loopback-only';
      if (reaches || path.status === 'not-published') {
        portGroup.append(
          line(X.process - 12, mid, X.process, mid, kind),
          box(X.process, rowY, X.right - X.process - 6, 26, container.process, 'process'),
        );
      }
      if (path.status !== 'ok') {
        failures++;
        const at =
          path.status === 'port-taken'
            ? X.host + 24
            : path.status === 'not-published'
              ? X.box - 3
              : X.process - 6;
        portGroup.append(failure(at, mid, rowY + 40, text.portStatus[path.status]));
      }
      group.append(portGroup);
      rowY += ROW;
    }
    if (container.ports.length === 0) rowY += ROW;
    for (const mount of container.mounts) {
      const mid = rowY + 13;
      const source = mount.kind === 'anonymous' ? shortVolumeName(mount.source) : mount.source;
      group.append(
        s(
          'g',
          {
            class: `mount mount-${mount.kind}`,
            'data-testid': 'diagram-mount',
            'data-kind': mount.kind,
          },
          box(X.browser, rowY, X.box - X.browser - 6, 26, source, `volume-${mount.kind}`),
          line(X.box - 6, mid, X.port, mid, `mount-${mount.kind}`),
          box(
            X.port,
            rowY,
            X.right - X.port - 6,
            26,
            `${mount.destination}${mount.readOnly ? ' (ro)' : ''} · ${text.mountKinds[mount.kind]}`,
            'mount-target',
          ),
        ),
      );
      rowY += ROW;
    }
    parts.push(group);
    y += height + 10;
  }
  for (const volume of dangling) {
    parts.push(
      s(
        'g',
        { class: 'dangling', 'data-testid': 'diagram-dangling', 'data-name': volume.name },
        box(
          X.browser,
          y,
          X.right - X.browser,
          26,
          `${volume.anonymous ? shortVolumeName(volume.name) : volume.name} · ${text.dangling}`,
          'volume-dangling',
        ),
      ),
    );
    y += 34;
  }

  const descriptionId = 'diagram-description';
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${y + 4}`,
    width: '100%',
    role: 'img',
    'aria-labelledby': descriptionId,
    class: 'diagram',
    'data-testid': 'diagram-svg',
  });
  svg.append(s('title', {}, text.diagramTitle), ...parts);
  const description = describeDiagram(text, diagram);
  root.replaceChildren(
    svg,
    h(
      'ul',
      { id: descriptionId, class: 'diagram-description', 'data-testid': 'diagram-description' },
      description.map((sentence) => h('li', {}, sentence)),
    ),
  );
  root.dataset.failures = String(failures);
}
