import type { Environment } from '../environment.ts';
import { BuildCache } from '../build/build-cache.ts';
import {
  checkDockerfile,
  runBuild,
  type BuildOutcome,
  type BuildRequest,
} from '../build/builder.ts';
import type { Diagnostic } from '../dockerfile/types.ts';
import {
  copyTree,
  MemoryFs,
  MountedFs,
  OverlayFs,
  SubtreeFs,
  mkdirp,
  readFile,
  resolvePath,
  walk,
  type FileSystem,
  type Mount,
} from '../fs/index.ts';
import { catalogImage } from '../image/catalog.ts';
import { envToRecord, imageFilesystem, type Image } from '../image/image.ts';
import { familiarName, parseReference, type Reference } from '../image/reference.ts';
import { ContainerNetwork, HostNetwork, type PortBinding } from '../net/host-network.ts';
import { execute, resolveCommand } from '../shell/index.ts';
import type { ProgramContext, UserIdentity } from '../shell/program.ts';
import { generateName, randomHex } from './names.ts';

/**
 * The simulated Docker daemon: the image store, containers, volumes and the host network, and the
 * rules that join them. The CLI asks; the engine decides and answers in Docker's words.
 */

export interface Volume {
  name: string;
  anonymous: boolean;
  created: number;
  fs: MemoryFs;
}

export interface ContainerMount {
  type: 'bind' | 'volume';
  /** Volume name, for volumes. */
  name?: string;
  /** Host path: the bind source, or the volume's `_data` folder. */
  source: string;
  destination: string;
  readWrite: boolean;
}

export interface LogEntry {
  stream: 'stdout' | 'stderr';
  time: number;
  text: string;
}

export interface ContainerSpec {
  image: string;
  name?: string;
  /** Replaces the image's CMD when non-empty. */
  command: string[];
  entrypoint?: string;
  env: string[];
  ports: PortBinding[];
  /** `-v` values as given. */
  volumes: string[];
  workdir?: string;
  user?: string;
  autoRemove: boolean;
}

export interface Container {
  id: string;
  /** Creation order, for listings when two containers share a timestamp. */
  sequence: number;
  name: string;
  image: Image;
  /** The image as the learner named it (`aaa:ccc`). */
  imageName: string;
  created: number;
  path: string;
  args: string[];
  env: string[];
  workingDir: string;
  user: string;
  ports: PortBinding[];
  binds: string[];
  autoRemove: boolean;
  mounts: ContainerMount[];
  rootfs: OverlayFs;
  state: 'created' | 'running' | 'exited';
  exitCode: number;
  error: string;
  startedAt: number;
  finishedAt: number;
  ip?: string;
  network?: ContainerNetwork;
  logs: LogEntry[];
  process?: { controller: AbortController; done: Promise<number> };
  /** Set when the daemon, not the process, ended it (`docker stop`, `docker kill`). */
  killedWith?: string;
}

/** A refusal from the daemon, in Docker's words (`Error response from daemon: ...`). */
export class EngineError {
  constructor(readonly error: string) {}

  /** Keeps a container (which also has an `error` field) from passing for an EngineError. */
  get isEngineError(): true {
    return true;
  }
}

/** A refusal as the daemon words it: `Error response from daemon: <message>`. */
export function daemonError(message: string): EngineError {
  return new EngineError(`Error response from daemon: ${message}`);
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}

const VOLUME_ROOT = '/var/lib/docker/volumes';
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export class Engine {
  readonly images = new Map<string, Image>();
  /** `repo:tag` → image ID. */
  readonly tags = new Map<string, string>();
  readonly containers = new Map<string, Container>();
  readonly volumes = new Map<string, Volume>();
  readonly network = new HostNetwork();
  readonly cache = new BuildCache();
  readonly pulledBases = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly logListeners = new Map<string, Set<(entry: LogEntry) => void>>();

  constructor(
    readonly host: FileSystem,
    readonly env: Environment,
  ) {}

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  // Images

  /** A local image by `name[:tag]`, full or short ID. */
  findImage(name: string): Image | undefined {
    const id = name.startsWith('sha256:') ? name : undefined;
    if (id && this.images.has(id)) return this.images.get(id);
    const ref = parseReference(name);
    if (!('error' in ref)) {
      const tagged = this.tags.get(familiarName(ref));
      if (tagged) return this.images.get(tagged);
    }
    if (/^[a-f0-9]{4,64}$/.test(name)) {
      for (const image of this.images.values()) {
        if (image.id.slice('sha256:'.length).startsWith(name)) return image;
      }
    }
    return undefined;
  }

  tagsOf(image: Image): string[] {
    return [...this.tags].filter(([, id]) => id === image.id).map(([tag]) => tag);
  }

  tag(image: Image, ref: Reference): void {
    this.images.set(image.id, image);
    this.tags.set(familiarName(ref), image.id);
    this.changed();
  }

  /** Stores a pulled catalog image under its name. */
  storePulled(ref: Reference, image: Image): void {
    this.pulledBases.add(image.id);
    this.tag(image, ref);
  }

  /** A base image as a build sees it: the local store first, then the registry. */
  resolveBase(ref: Reference): Image | undefined {
    return this.findImage(familiarName(ref)) ?? catalogImage(ref);
  }

  /** What `docker build` would report about a Dockerfile before running a step. */
  diagnostics(dockerfile: string): Diagnostic[] {
    return checkDockerfile(dockerfile, (ref) => this.resolveBase(ref));
  }

  async build(request: BuildRequest): Promise<BuildOutcome> {
    const outcome = await runBuild(request, {
      now: () => this.env.now(),
      delay: (ms, signal) => this.env.delay(ms, signal),
      cache: this.cache,
      resolveImage: (ref) => this.resolveBase(ref),
      pulledBases: this.pulledBases,
    });
    if (outcome.ok) {
      this.images.set(outcome.image.id, outcome.image);
      for (const ref of request.tags) this.tags.set(familiarName(ref), outcome.image.id);
      this.changed();
    }
    return outcome;
  }

  /** Removes a tag, and the image when no tag is left; Docker's `rmi` rules and messages. */
  removeImage(name: string, force: boolean): string[] | EngineError {
    const image = this.findImage(name);
    if (!image) return daemonError(`No such image: ${name}`);
    const tags = this.tagsOf(image);
    const byTag = !/^(sha256:)?[a-f0-9]{4,64}$/.test(name) && tags.length > 0;
    const users = [...this.containers.values()].filter((c) => c.image.id === image.id);
    const shortId = image.id.slice(7, 19);
    if (byTag && tags.length > 1) {
      const ref = parseReference(name);
      const tag = 'error' in ref ? name : familiarName(ref);
      this.tags.delete(tag);
      this.changed();
      return [`Untagged: ${tag}`];
    }
    if (users.length > 0 && !force) {
      const user = users[0]!;
      const running = user.state === 'running';
      if (byTag) {
        return daemonError(
          `conflict: unable to remove repository reference "${name}" (must force) - container ${user.id.slice(0, 12)} is using its referenced image ${shortId}`,
        );
      }
      return daemonError(
        `conflict: unable to delete ${shortId} (${running ? 'cannot be forced' : 'must be forced'}) - ${running ? 'image is being used by running' : 'image is being used by stopped'} container ${user.id.slice(0, 12)}`,
      );
    }
    const lines = tags.map((tag) => `Untagged: ${tag}`);
    for (const tag of tags) this.tags.delete(tag);
    if (users.length === 0) {
      this.images.delete(image.id);
      lines.push(`Deleted: ${image.id}`);
    }
    this.changed();
    return lines;
  }

  // Volumes

  createVolume(name: string | undefined): Volume | EngineError {
    if (name !== undefined) {
      const existing = this.volumes.get(name);
      if (existing) return existing;
      if (!VOLUME_NAME.test(name)) {
        return daemonError(
          `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
        );
      }
    }
    let generated = randomHex(() => this.env.random());
    while (this.volumes.has(generated)) generated = randomHex(() => this.env.random());
    const volume: Volume = {
      name: name ?? generated,
      anonymous: name === undefined,
      created: this.env.now(),
      fs: new MemoryFs(),
    };
    this.volumes.set(volume.name, volume);
    this.changed();
    return volume;
  }

  volumeUsers(volume: Volume): Container[] {
    return [...this.containers.values()].filter((c) =>
      c.mounts.some((mount) => mount.type === 'volume' && mount.name === volume.name),
    );
  }

  removeVolume(name: string, force = false): EngineError | undefined {
    const volume = this.volumes.get(name);
    if (!volume) return daemonError(`get ${name}: no such volume`);
    const users = this.volumeUsers(volume);
    if (users.length > 0 && !force) {
      return daemonError(
        `remove ${name}: volume is in use - [${users.map((c) => c.id).join(' ')}]`,
      );
    }
    this.volumes.delete(name);
    this.changed();
    return undefined;
  }

  static volumeMountpoint(name: string): string {
    return `${VOLUME_ROOT}/${name}/_data`;
  }

  // Containers

  /**
   * The image a container runs, as `docker ps` names it: the name given at `run` while that name
   * still points at the same image, its short ID once a rebuild moved the name elsewhere.
   */
  imageShownFor(container: Container): string {
    const current = this.findImage(container.imageName);
    return current?.id === container.image.id
      ? container.imageName
      : container.image.id.slice(7, 19);
  }

  /** A container by name or ID, or the daemon's refusal for one it does not know. */
  requireContainer(nameOrId: string): Container | EngineError {
    return this.findContainer(nameOrId) ?? daemonError(`No such container: ${nameOrId}`);
  }

  /** An image by name or ID, or the daemon's refusal for one it does not know. */
  requireImage(name: string): Image | EngineError {
    return this.findImage(name) ?? daemonError(`No such image: ${name}`);
  }

  findContainer(nameOrId: string): Container | undefined {
    const name = nameOrId.startsWith('/') ? nameOrId.slice(1) : nameOrId;
    for (const container of this.containers.values()) if (container.name === name) return container;
    if (this.containers.has(nameOrId)) return this.containers.get(nameOrId);
    const matches = [...this.containers.values()].filter((c) => c.id.startsWith(nameOrId));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** `docker create`: a container with its mounts, not yet started. */
  createContainer(spec: ContainerSpec, image: Image): Container | EngineError {
    if (spec.name !== undefined) {
      if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(spec.name)) {
        return daemonError(
          `Invalid container name (${spec.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
        );
      }
      const taken = this.findContainerByName(spec.name.replace(/^\//, ''));
      if (taken) {
        return daemonError(
          `Conflict. The container name "/${spec.name.replace(/^\//, '')}" is already in use by container "${taken.id}". You have to remove (or rename) that container to be able to reuse that name.`,
        );
      }
    }

    if (spec.workdir !== undefined && spec.workdir !== '' && !spec.workdir.startsWith('/')) {
      return daemonError(
        `the working directory '${spec.workdir}' is invalid, it needs to be an absolute path`,
      );
    }
    const config = image.config;
    const entrypoint =
      spec.entrypoint !== undefined
        ? spec.entrypoint === ''
          ? []
          : [spec.entrypoint]
        : (config.Entrypoint ?? []);
    const cmd =
      spec.command.length > 0
        ? spec.command
        : spec.entrypoint !== undefined
          ? []
          : (config.Cmd ?? []);
    const argv = [...entrypoint, ...cmd];
    if (argv.length === 0) {
      return new EngineError('Error response from daemon: no command specified');
    }

    const mounts: ContainerMount[] = [];
    const volumesToFill: Array<{ volume: Volume; destination: string }> = [];
    for (const value of spec.volumes) {
      const parsed = parseVolumeFlag(value);
      if (isEngineError(parsed)) return parsed;
      if (parsed.source.startsWith('/')) {
        mounts.push({
          type: 'bind',
          source: parsed.source,
          destination: parsed.destination,
          readWrite: !parsed.readonly,
        });
        continue;
      }
      if (parsed.source !== '' && !VOLUME_NAME.test(parsed.source)) {
        return daemonError(
          `create ${parsed.source}: "${parsed.source}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
        );
      }
      const existing = parsed.source !== '' ? this.volumes.get(parsed.source) : undefined;
      const volume =
        existing ?? this.createVolume(parsed.source === '' ? undefined : parsed.source);
      if (isEngineError(volume)) return volume;
      // Docker copies the image's content into a volume that is empty when first mounted.
      if (volume.fs.list('/').length === 0) {
        volumesToFill.push({ volume, destination: parsed.destination });
      }
      mounts.push({
        type: 'volume',
        name: volume.name,
        source: Engine.volumeMountpoint(volume.name),
        destination: parsed.destination,
        readWrite: !parsed.readonly,
      });
    }
    for (const path of Object.keys(config.Volumes ?? {})) {
      const destination = resolvePath('/', path);
      if (mounts.some((mount) => mount.destination === destination)) continue;
      const volume = this.createVolume(undefined) as Volume;
      volumesToFill.push({ volume, destination });
      mounts.push({
        type: 'volume',
        name: volume.name,
        source: Engine.volumeMountpoint(volume.name),
        destination,
        readWrite: true,
      });
    }

    const imageFs = imageFilesystem(image);
    // A new volume starts with what the image holds at its mount point.
    for (const { volume, destination } of volumesToFill) {
      if (imageFs.get(destination)?.kind === 'dir') copyTree(imageFs, destination, volume.fs, '/');
    }

    let id = randomHex(() => this.env.random());
    while (this.containers.has(id)) id = randomHex(() => this.env.random());
    const container: Container = {
      id,
      sequence:
        this.containers.size === 0
          ? 1
          : Math.max(...[...this.containers.values()].map((c) => c.sequence)) + 1,
      name:
        spec.name?.replace(/^\//, '') ??
        generateName(
          () => this.env.random(),
          (n) => !!this.findContainerByName(n),
        ),
      image,
      imageName: spec.image,
      created: this.env.now(),
      path: argv[0]!,
      args: argv.slice(1),
      env: mergeEnv(config.Env, spec.env, id.slice(0, 12)),
      workingDir: spec.workdir ?? (config.WorkingDir || '/'),
      user: spec.user ?? config.User,
      ports: spec.ports,
      binds: spec.volumes,
      autoRemove: spec.autoRemove,
      mounts,
      rootfs: new OverlayFs(imageFs),
      state: 'created',
      exitCode: 0,
      error: '',
      startedAt: 0,
      finishedAt: 0,
      logs: [],
    };
    this.containers.set(id, container);
    this.changed();
    return container;
  }

  private findContainerByName(name: string): Container | undefined {
    for (const container of this.containers.values()) if (container.name === name) return container;
    return undefined;
  }

  /** The container's filesystem as its processes see it: root plus volumes and bind mounts. */
  containerFs(container: Container): FileSystem {
    const mounts: Mount[] = container.mounts.map((mount) => {
      if (mount.type === 'volume') {
        const volume = this.volumes.get(mount.name!)!;
        return { target: mount.destination, fs: volume.fs, readonly: !mount.readWrite };
      }
      mkdirp(this.host, mount.source);
      return {
        target: mount.destination,
        fs: new SubtreeFs(this.host, mount.source),
        readonly: !mount.readWrite,
      };
    });
    return new MountedFs(container.rootfs, mounts);
  }

  /**
   * `docker start`: publishes ports and starts the main process. Resolves once the process has
   * started (or failed to); the process runs on until it exits or is stopped.
   */
  async startContainer(
    container: Container,
    /** `resume`: the container was running when the sandbox was saved; it carries on, quietly. */
    options: { resume?: boolean } = {},
  ): Promise<EngineError | undefined> {
    if (container.state === 'running') return undefined;
    for (const binding of container.ports) {
      const holder = this.network.holder(binding.hostPort);
      if (holder !== undefined && holder !== container.id) {
        return daemonError(
          `failed to set up container networking: driver failed programming external connectivity on endpoint ${container.name} (${randomHex(() => this.env.random())}): Bind for ${binding.hostIp || '0.0.0.0'}:${binding.hostPort} failed: port is already allocated`,
        );
      }
    }

    const fs = this.containerFs(container);
    for (const mount of container.mounts) mkdirp(container.rootfs, mount.destination);
    const envRecord = envToRecord(container.env);
    const resolved = resolveCommand(fs, container.path, envRecord, container.workingDir);
    if (resolved.kind === 'not-found' || resolved.kind === 'not-executable') {
      const reason =
        resolved.kind === 'not-found'
          ? container.path.includes('/')
            ? `exec: "${container.path}": stat ${container.path}: no such file or directory`
            : `exec: "${container.path}": executable file not found in $PATH`
          : `exec: "${container.path}": permission denied`;
      container.exitCode = resolved.kind === 'not-found' ? 127 : 126;
      container.error = `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${reason}: unknown`;
      this.changed();
      return daemonError(`${container.error}`);
    }

    const user = lookupUser(fs, container.user);
    if (typeof user === 'string') {
      container.exitCode = 126;
      container.error = user;
      this.changed();
      return daemonError(`${user}`);
    }

    const ip = this.network.allocateAddress();
    const network = new ContainerNetwork(ip);
    container.ip = ip;
    container.network = network;
    container.state = 'running';
    if (!options.resume) container.startedAt = this.env.now();
    container.exitCode = 0;
    container.error = '';
    container.killedWith = undefined;
    this.network.publish(container.id, network, container.ports);

    const controller = new AbortController();
    // A resumed process's start-up output was logged the first time; what it prints later is not.
    let muted = options.resume === true;
    const write = (stream: 'stdout' | 'stderr') => (text: string) => {
      if (muted) return;
      const entry: LogEntry = { stream, time: this.env.now(), text };
      container.logs.push(entry);
      for (const listener of this.logListeners.get(container.id) ?? []) listener(entry);
    };
    const argv = [container.path, ...container.args];
    const context: ProgramContext = {
      argv,
      env: envRecord,
      cwd: container.workingDir,
      fs,
      io: { stdout: write('stdout'), stderr: write('stderr'), stdin: '' },
      user,
      signal: controller.signal,
      now: () => this.env.now(),
      delay: (ms, signal) => this.env.delay(ms, signal),
      net: network,
      spawn: (childArgv, overrides) =>
        execute(childArgv, { ...context, ...overrides, argv: childArgv }),
    };
    const done = Promise.resolve()
      .then(() => execute(argv, context))
      .catch((error: unknown) => {
        // A fault of the simulation, not of the program: the container ends, and its log says why.
        const reason = error instanceof Error ? error.message : String(error);
        write('stderr')(`dockyard: the simulation stopped this process (${reason})\n`);
        return 1;
      })
      .then((status) => {
        this.exited(container, status);
        return status;
      });
    container.process = { controller, done };
    this.changed();
    await settle(this.env);
    muted = false;
    return undefined;
  }

  private exited(container: Container, status: number): void {
    if (container.state !== 'running') return;
    container.state = 'exited';
    container.exitCode = container.killedWith === 'SIGKILL' ? 137 : status;
    container.finishedAt = this.env.now();
    container.process = undefined;
    this.network.unpublish(container.id);
    if (container.ip) this.network.releaseAddress(container.ip);
    container.network = undefined;
    if (container.autoRemove) this.removeContainer(container, { force: true, volumes: true });
    this.changed();
  }

  /** `docker stop` / `docker kill`: signals the main process and waits for it to end. */
  async stopContainer(container: Container, signal = 'SIGTERM'): Promise<void> {
    if (container.state !== 'running' || !container.process) return;
    container.killedWith = signal;
    const { controller, done } = container.process;
    controller.abort(signal);
    await done;
  }

  removeContainer(
    container: Container,
    options: { force: boolean; volumes: boolean },
  ): EngineError | undefined {
    if (container.state === 'running') {
      if (!options.force) {
        return daemonError(
          `cannot remove container "/${container.name}": container is running: stop the container before removing or force remove`,
        );
      }
      container.killedWith = 'SIGKILL';
      container.process?.controller.abort('SIGKILL');
      container.state = 'exited';
      this.network.unpublish(container.id);
      if (container.ip) this.network.releaseAddress(container.ip);
    }
    this.containers.delete(container.id);
    this.logListeners.delete(container.id);
    if (options.volumes) {
      for (const mount of container.mounts) {
        const volume = mount.name ? this.volumes.get(mount.name) : undefined;
        if (volume?.anonymous && this.volumeUsers(volume).length === 0)
          this.volumes.delete(volume.name);
      }
    }
    this.changed();
    return undefined;
  }

  followLogs(container: Container, listener: (entry: LogEntry) => void): () => void {
    let set = this.logListeners.get(container.id);
    if (!set) this.logListeners.set(container.id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Files of a volume, for the state panel. */
  volumeFiles(volume: Volume): Array<{ path: string; size: number }> {
    return walk(volume.fs)
      .filter(([, entry]) => entry.kind === 'file')
      .map(([path, entry]) => ({
        path,
        size: entry.kind === 'file' ? (entry.size ?? entry.content.length) : 0,
      }));
  }
}

/**
 * The user a container's process runs as: `USER`/`-u` as a name or uid, with an optional group,
 * looked up in the container's /etc/passwd as runc does. Empty means root.
 */
function lookupUser(fs: FileSystem, spec: string): UserIdentity | string {
  if (spec === '') return { uid: 0, gid: 0, name: 'root', home: '/root' };
  const [name = '', group] = spec.split(':');
  const passwd = readFile(fs, '/etc/passwd');
  const rows = passwd.includes(':') ? passwd.split('\n').map((row) => row.split(':')) : [];
  const numeric = /^\d+$/.test(name);
  const row = rows.find((fields) => fields[0] === name || (numeric && fields[2] === name));
  if (!row && !numeric) return `unable to find user ${name}: no matching entries in passwd file`;
  const uid = row ? Number(row[2]) : Number(name);
  const gid =
    group !== undefined && /^\d+$/.test(group) ? Number(group) : row ? Number(row[3]) : uid;
  return { uid, gid, name: row?.[0] ?? name, home: row?.[5] ?? '/' };
}

/**
 * Lets a just-started process reach the point where it waits (listening, sleeping, reading):
 * `delay` ends with a new task, so every chain of promises the process started runs first.
 */
async function settle(env: Environment): Promise<void> {
  await env.delay(0);
}

function mergeEnv(
  imageEnv: readonly string[],
  given: readonly string[],
  hostname: string,
): string[] {
  let env = [`HOSTNAME=${hostname}`, ...imageEnv.filter((item) => !item.startsWith('HOSTNAME='))];
  for (const item of given) {
    const eq = item.indexOf('=');
    const key = eq >= 0 ? item.slice(0, eq) : item;
    env = env.filter((existing) => !existing.startsWith(`${key}=`));
    if (eq >= 0) env.push(item);
  }
  return env;
}

/** `-v source:destination[:ro]` or `-v /destination` (an anonymous volume). */
function parseVolumeFlag(
  value: string,
): { source: string; destination: string; readonly: boolean } | EngineError {
  const parts = value.split(':');
  if (parts.length === 1) {
    if (!parts[0]!.startsWith('/')) {
      return daemonError(
        `invalid volume specification: '${value}': invalid mount config for type "volume": invalid mount path: '${value}' mount path must be absolute`,
      );
    }
    return { source: '', destination: resolvePath('/', parts[0]!), readonly: false };
  }
  if (parts.length > 3) return daemonError(`invalid volume specification: '${value}'`);
  const [source = '', destination = '', mode = 'rw'] = parts;
  if (!destination.startsWith('/')) {
    return daemonError(
      `invalid volume specification: '${value}': invalid mount config for type "${source.startsWith('/') ? 'bind' : 'volume'}": invalid mount path: '${destination}' mount path must be absolute`,
    );
  }
  if (!['rw', 'ro', 'z', 'Z'].includes(mode)) {
    return daemonError(`invalid mode: ${mode}`);
  }
  return {
    source: source.startsWith('/') ? resolvePath('/', source) : source,
    destination: resolvePath('/', destination),
    readonly: mode === 'ro',
  };
}

export { parseReference, familiarName };
