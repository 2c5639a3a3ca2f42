/**
 * The ports and mounts diagram as data: the simulated host and its containers, each published
 * port followed from host port to container port to the process listening there, with the place
 * a request would fail; and every mount with the volume or host folder behind it.
 */
import type {
  ContainerView,
  MountView,
  PortBindingView,
  SandboxState,
  VolumeView,
} from '../api.ts';

/**
 * How far a request on this path gets:
 * - `ok`: host port → container port → a process listening on every address.
 * - `not-published`: the container port (EXPOSEd or listened on) has no host port.
 * - `wrong-port`: the host port forwards to a container port nothing listens on, while the
 *   process listens on another one.
 * - `not-listening`: the host port forwards, but nothing in the container listens at all.
 * - `loopback-only`: the process listens on 127.0.0.1 inside the container, so forwarded
 *   connections, which arrive on the container's bridge address, are reset.
 * - `port-taken`: the container could not start because another one holds the host port.
 * - `stopped`: the container is not running, so its ports are closed.
 */
export type PortStatus =
  | 'ok'
  | 'not-published'
  | 'wrong-port'
  | 'not-listening'
  | 'loopback-only'
  | 'port-taken'
  | 'stopped';

export interface PortPath {
  containerPort: number;
  protocol: PortBindingView['protocol'];
  /** Absent when the port is not published. */
  hostPort?: number;
  /** The host address the port is bound to (empty: every address). */
  hostIp?: string;
  status: PortStatus;
  /** True when the image EXPOSEs this port. */
  exposed: boolean;
  /** The address the process listens on, for `ok` and `loopback-only`. */
  listenAddress?: string;
  /** Where the process does listen, for `wrong-port`. */
  listeningOn?: number[];
  /** The container holding the host port, for `port-taken`. */
  holder?: string;
}

export type MountKind = 'bind' | 'named' | 'anonymous';

export interface MountLink {
  kind: MountKind;
  /** The host folder for a bind mount, the volume name otherwise. */
  source: string;
  /** For volumes: `/var/lib/docker/volumes/<name>/_data`. */
  hostPath: string;
  destination: string;
  readOnly: boolean;
}

export interface ContainerNode {
  id: string;
  name: string;
  image: string;
  state: ContainerView['state'];
  status: string;
  /**
   * The container's main process: its command, less an official image's `docker-entrypoint.sh`,
   * which ends by exec-ing the command it was given.
   */
  process: string;
  ports: PortPath[];
  mounts: MountLink[];
}

export interface VolumeNode {
  name: string;
  anonymous: boolean;
  mountpoint: string;
  usedBy: string[];
  /** No container, running or not, uses it: it stays until `docker volume rm` or a prune. */
  dangling: boolean;
}

export interface Diagram {
  containers: ContainerNode[];
  volumes: VolumeNode[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const PORT_TAKEN = /port is already allocated|address already in use/;

export function diagramOf(state: SandboxState): Diagram {
  const volumes = new Map(state.volumes.map((volume) => [volume.name, volume]));
  const holders = new Map<string, string>();
  for (const container of state.containers) {
    for (const port of container.ports)
      holders.set(`${port.protocol}/${port.hostPort}`, container.name);
  }
  return {
    containers: state.containers.map((container) => ({
      id: container.id,
      name: container.name,
      image: container.image,
      state: container.state,
      status: container.status,
      process: processOf(container.command),
      ports: portPaths(container, holders),
      mounts: container.mounts.map((mount) => mountLink(mount, volumes)),
    })),
    volumes: state.volumes.map((volume) => ({
      name: volume.name,
      anonymous: volume.anonymous,
      mountpoint: volume.mountpoint,
      usedBy: volume.usedBy,
      dangling: volume.usedBy.length === 0,
    })),
  };
}

function exposedSet(container: ContainerView): Set<string> {
  return new Set(container.exposedPorts.map((port) => (port.includes('/') ? port : `${port}/tcp`)));
}

function portPaths(container: ContainerView, holders: Map<string, string>): PortPath[] {
  const exposed = exposedSet(container);
  const paths: PortPath[] = [];
  const covered = new Set<string>();
  const isExposed = (port: number, protocol: string) => exposed.has(`${port}/${protocol}`);

  if (container.state === 'running') {
    for (const binding of container.ports) {
      covered.add(`${binding.containerPort}/${binding.protocol}`);
      paths.push({
        ...publishedPath(binding, isExposed(binding.containerPort, binding.protocol)),
        ...reach(container, binding),
      });
    }
    // Ports the process listens on or the image exposes, with no way in from the host.
    for (const { port } of container.listening) {
      if (covered.has(`${port}/tcp`)) continue;
      covered.add(`${port}/tcp`);
      paths.push({
        containerPort: port,
        protocol: 'tcp',
        status: 'not-published',
        exposed: isExposed(port, 'tcp'),
      });
    }
  } else {
    // A container whose start failed on a host port someone holds: Docker leaves it `Created`.
    const taken = PORT_TAKEN.test(container.error) || container.state === 'created';
    for (const binding of container.requestedPorts) {
      covered.add(`${binding.containerPort}/${binding.protocol}`);
      const holder =
        binding.hostPort !== 0 ? holders.get(`${binding.protocol}/${binding.hostPort}`) : undefined;
      const path = publishedPath(binding, isExposed(binding.containerPort, binding.protocol));
      if (taken && holder !== undefined && holder !== container.name)
        paths.push({ ...path, status: 'port-taken', holder });
      else paths.push({ ...path, status: 'stopped' });
    }
  }
  for (const key of exposed) {
    if (covered.has(key)) continue;
    const [port, protocol = 'tcp'] = key.split('/');
    paths.push({
      containerPort: Number(port),
      protocol: protocol as PortPath['protocol'],
      status: container.state === 'running' ? 'not-published' : 'stopped',
      exposed: true,
    });
  }
  return paths.sort(
    (a, b) => a.containerPort - b.containerPort || (a.hostPort ?? 0) - (b.hostPort ?? 0),
  );
}

function publishedPath(binding: PortBindingView, exposed: boolean): Omit<PortPath, 'status'> {
  return {
    containerPort: binding.containerPort,
    protocol: binding.protocol,
    hostPort: binding.hostPort,
    hostIp: binding.hostIp,
    exposed,
  };
}

function reach(
  container: ContainerView,
  binding: PortBindingView,
): Pick<PortPath, 'status' | 'listenAddress' | 'listeningOn'> {
  if (binding.protocol !== 'tcp') return { status: 'ok' };
  const listener = container.listening.find((entry) => entry.port === binding.containerPort);
  if (listener) {
    return {
      status: LOOPBACK.has(listener.address) ? 'loopback-only' : 'ok',
      listenAddress: listener.address,
    };
  }
  if (container.listening.length > 0) {
    return {
      status: 'wrong-port',
      listeningOn: container.listening.map((entry) => entry.port),
    };
  }
  return { status: 'not-listening' };
}

function mountLink(mount: MountView, volumes: Map<string, VolumeView>): MountLink {
  if (mount.type === 'bind') {
    return {
      kind: 'bind',
      source: mount.source,
      hostPath: mount.source,
      destination: mount.destination,
      readOnly: !mount.readWrite,
    };
  }
  const name = mount.name ?? mount.source;
  return {
    kind: volumes.get(name)?.anonymous ? 'anonymous' : 'named',
    source: name,
    hostPath: mount.source,
    destination: mount.destination,
    readOnly: !mount.readWrite,
  };
}

function processOf(command: string): string {
  return command.replace(/^(\S*\/)?docker-entrypoint\.sh\s+/, '');
}
