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
    s('rect', { x, y, width, height, rx: 6 }),
    s(
      'text',
      { x: x + 8, y: y + height / 2 + 4 },
      label.length > 30 ? `${label.slice(0, 29)}…` : label,
    ),
  );
}

function line(x1: number, y1: number, x2: number, y2: number, kind: string): SVGLineElement {
  return s('line', { x1, y1, x2, y2, class: `edge ${kind}` });
}

function failure(x: number, y: number, label: string): SVGGElement {
  return s(
    'g',
    { class: 'failure', 'data-testid': 'diagram-failure' },
    s('circle', { cx: x, cy: y, r: 8 }),
    s('path', { d: `M${x - 4} ${y - 4}L${x + 4} ${y + 4}M${x + 4} ${y - 4}L${x - 4} ${y + 4}` }),
    s('text', { x: x + 12, y: y - 8 }, label),
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
    lines.push(text.describeContainer(container.name, container.image, container.status));
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

const ROW = 34;

export function renderDiagram(root: HTMLElement, workbench: Workbench): void {
  const text = workbench.ui.views;
  const diagram = diagramOf(workbench.state());
  const dangling = diagram.volumes.filter((volume) => volume.dangling);
  if (diagram.containers.length === 0 && dangling.length === 0) {
    root.replaceChildren(h('p', { class: 'muted empty' }, text.diagramEmpty));
    root.dataset.failures = '0';
    return;
  }

  const width = 640;
  const parts: SVGElement[] = [];
  let y = 36;
  parts.push(s('text', { x: 8, y: 18, class: 'column' }, text.browser));
  parts.push(s('text', { x: 150, y: 18, class: 'column' }, text.host));
  let failures = 0;
  for (const container of diagram.containers) {
    const rows = Math.max(1, container.ports.length) + container.mounts.length;
    const height = rows * ROW + 30;
    const group = s('g', {
      class: `container state-${container.state}`,
      'data-testid': 'diagram-container',
      'data-name': container.name,
    });
    group.append(
      s('rect', { x: 270, y, width: 360, height, rx: 8, class: 'container-box' }),
      s(
        'text',
        { x: 280, y: y + 18, class: 'container-name' },
        `${container.name} · ${container.image} · ${container.state}`,
      ),
    );
    let rowY = y + 28;
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
          box(8, rowY, 110, 26, 'localhost', 'browser'),
          line(118, mid, 150, mid, kind),
          box(150, rowY, 90, 26, `:${path.hostPort}`, 'host-port'),
          line(240, mid, 290, mid, kind),
        );
      }
      portGroup.append(
        box(290, rowY, 90, 26, `${path.containerPort}/${path.protocol}`, 'container-port'),
      );
      const reaches = path.status === 'ok' || path.status === 'loopback-only';
      if (reaches || path.status === 'not-published') {
        portGroup.append(
          line(380, mid, 410, mid, kind),
          box(410, rowY, 210, 26, container.process, 'process'),
        );
      }
      if (path.status !== 'ok') {
        failures++;
        const at =
          path.status === 'port-taken'
            ? 195
            : path.status === 'not-published'
              ? 255
              : path.status === 'loopback-only'
                ? 395
                : 335;
        portGroup.append(failure(at, mid, text.portStatus[path.status]));
      }
      group.append(portGroup);
      rowY += ROW;
    }
    if (container.ports.length === 0) rowY += ROW;
    for (const mount of container.mounts) {
      const mid = rowY + 13;
      const source =
        mount.kind === 'bind'
          ? mount.source
          : mount.kind === 'anonymous'
            ? shortVolumeName(mount.source)
            : mount.source;
      group.append(
        s(
          'g',
          {
            class: `mount mount-${mount.kind}`,
            'data-testid': 'diagram-mount',
            'data-kind': mount.kind,
          },
          box(
            8,
            rowY,
            232,
            26,
            mount.kind === 'bind' ? source : `${source} (${mount.kind})`,
            `volume-${mount.kind}`,
          ),
          line(240, mid, 290, mid, `mount-${mount.kind}`),
          box(
            290,
            rowY,
            330,
            26,
            `${mount.destination}${mount.readOnly ? ' (ro)' : ''}`,
            'mount-target',
          ),
        ),
      );
      rowY += ROW;
    }
    parts.push(group);
    y += height + 12;
  }
  for (const volume of dangling) {
    parts.push(
      s(
        'g',
        { class: 'dangling', 'data-testid': 'diagram-dangling', 'data-name': volume.name },
        box(
          8,
          y,
          380,
          26,
          `${volume.anonymous ? shortVolumeName(volume.name) : volume.name} · ${text.dangling}`,
          'volume-dangling',
        ),
      ),
    );
    y += ROW;
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
