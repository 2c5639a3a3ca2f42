import type { Environment } from '../environment.ts';
import { BuildCache } from '../build/build-cache.ts';
import {
  checkDockerfile,
  runBuild,
  type BuildOutcome,
  type BuildRequest,
} from '../build/builder.ts';
import type { Language } from '../dockerfile/language.ts';
import { BuildRecorder, type BuildRecord } from '../build/plan.ts';
import type { Diagnostic } from '../dockerfile/types.ts';
import {
  copyTree,
  MemoryFs,
  MountedFs,
  OverlayFs,
  SubtreeFs,
  mkdirp,
  readFile,
  resolve,
  walk,
  writeFile,
  type FileSystem,
  type Mount,
} from '../fs/index.ts';
import { catalogImage } from '../image/catalog.ts';
import { envToRecord, imageFilesystem, type Image } from '../image/image.ts';
import { familiarName, parseReference, type Reference } from '../image/reference.ts';
import { ContainerNetwork, HostNetwork, type PortBinding } from '../net/host-network.ts';
import { execute, resolveCommand } from '../shell/index.ts';
import { Shell, type Dialect } from '../shell/interpreter.ts';
import { killedStatus } from '../shell/limits.ts';
import type { ProcessIO, ProgramContext, UserIdentity } from '../shell/program.ts';
import { daemonError, EngineError, isEngineError } from './daemon-errors.ts';
import { planMounts, volumeMountpoint } from './mount-planning.ts';
import { generateName, randomHex } from './names.ts';
import { baseName, pid1Argv } from './pid1.ts';
import { allocatePorts } from './port-allocation.ts';
import {
  BUILT_IN_RUNTIMES,
  DEFAULT_RUNTIME,
  runc,
  type ContainerRuntime,
  type SimulatedOverrides,
} from './runtimes.ts';

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
  /** `Mode` in `docker inspect`: `z` for a volume given with `-v`, empty otherwise. */
  mode?: string;
  /**
   * True when the user named the volume (`-v NAME:/path`, `--mount source=NAME`). Docker never
   * removes such a volume with its container, not even an anonymous one named by its hex id.
   */
  named?: boolean;
}

/** `--mount type=...,source=...,target=...[,readonly]`, as the client hands it to the daemon. */
export interface MountRequest {
  type: string;
  source: string;
  target: string;
  readonly: boolean;
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
  /** `-P`: every `EXPOSE`d port that `-p` does not publish goes to a free host port. */
  publishAll?: boolean;
  /** `--mount` values, already parsed by the client. */
  mounts?: MountRequest[];
  /** `--volumes-from CONTAINER[:ro|:rw]`. */
  volumesFrom?: string[];
  /** `--runtime NAME`; empty or absent means the default, `runc`. */
  runtime?: string;
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
  /** `--mount type=tmpfs` targets: in memory, empty at every start, never saved. */
  tmpfs?: Array<{ destination: string; readWrite: boolean }>;
  /** `Config.Entrypoint` and `Config.Cmd` of `docker inspect`: what this container was given. */
  entrypoint?: string[] | null;
  cmd?: string[] | null;
  /** The `-p` and `-P` requests; a host port of 0 is chosen anew at every start. */
  portRequests?: PortBinding[];
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
  /** `HostConfig.Runtime`; absent in containers saved before runtimes existed, meaning `runc`. */
  runtime?: string;
}

export interface ExecOptions {
  /** `-e` values. */
  env: string[];
  user?: string;
  workdir?: string;
  io: ProcessIO;
  signal?: AbortSignal;
}

/** An interactive shell opened by `docker exec -i`: one command line at a time. */
export interface ContainerShell {
  prompt(): string;
  /** `interrupt`: the terminal's Ctrl+C for this line; the shell itself lives on. */
  run(
    line: string,
    write: (text: string) => void,
    interrupt?: AbortSignal,
  ): Promise<{ status: number; exited: boolean }>;
}

/** `docker exec` could not start its process: the runtime's words and the client's status. */
export class ExecFailure {
  constructor(
    readonly message: string,
    readonly status: number,
  ) {}
}

/** Seconds `docker stop` waits after its signal before SIGKILL. */
export const DEFAULT_STOP_TIMEOUT = 10;
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
  /** The last `docker build`, step by step, for replay and for predicting the next one. */
  lastBuild?: BuildRecord;
  /** The language of Dockyard's own notes in command output; Docker's words stay English. */
  language: Language = 'en';
  private readonly listeners = new Set<() => void>();
  private readonly logListeners = new Map<string, Set<(entry: LogEntry) => void>>();
  /** Main-process shells of containers started with `docker run -it ... sh`. */
  private readonly attached = new Map<string, ContainerShell>();
  /** Each image's merged layers, built once and shared read-only by its containers' overlays. */
  private readonly roots = new WeakMap<Image, MemoryFs>();
  /** `--mount type=tmpfs` contents by `containerId:target`, dropped when the container stops. */
  private readonly tmpfs = new Map<string, MemoryFs>();
  /** True while `quietly` runs: what containers print meanwhile is not logged. */
  private unlogged = false;

  /** Runtimes besides the built-in ones, by name (`webcontainer`). */
  readonly runtimes: ReadonlyMap<string, ContainerRuntime>;

  constructor(
    readonly host: FileSystem,
    readonly env: Environment,
    runtimes: Record<string, ContainerRuntime> = {},
  ) {
    this.runtimes = new Map(
      Object.entries(runtimes).filter(([name]) => !BUILT_IN_RUNTIMES.includes(name)),
    );
  }

  /** Every runtime name the daemon knows, sorted as `docker info` lists them. */
  runtimeNames(): string[] {
    return [...BUILT_IN_RUNTIMES, ...this.runtimes.keys()].sort();
  }

  /** The runtime registered under `name`, or undefined for a name the daemon does not know. */
  private runtimeFor(name: string): ContainerRuntime | undefined {
    return BUILT_IN_RUNTIMES.includes(name) ? runc : this.runtimes.get(name);
  }

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
  diagnostics(dockerfile: string, language: 'en' | 'zh' = 'en'): Diagnostic[] {
    return checkDockerfile(dockerfile, (ref) => this.resolveBase(ref), {}, undefined, language);
  }

  async build(request: BuildRequest): Promise<BuildOutcome> {
    const recorder = new BuildRecorder(request);
    const outcome = await runBuild(request, {
      now: () => this.env.now(),
      delay: (ms, signal) => this.env.delay(ms, signal),
      cache: this.cache,
      resolveImage: (ref) => this.resolveBase(ref),
      pulledBases: this.pulledBases,
      onStep: recorder.onStep,
      language: this.language,
    });
    this.lastBuild = recorder.finish(outcome);
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

  /** The image's files as one tree, shared by every container's overlay (never written to). */
  imageRoot(image: Image): MemoryFs {
    let root = this.roots.get(image);
    if (!root) this.roots.set(image, (root = imageFilesystem(image)));
    return root;
  }

  // Volumes

  createVolume(name: string | undefined): Volume | EngineError {
    if (name !== undefined) {
      const existing = this.volumes.get(name);
      if (existing) return existing;
      if (name.length === 1) {
        return daemonError(
          `create ${name}: volume name is too short, names should be at least two alphanumeric characters`,
        );
      }
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

  /**
   * `docker volume rm`: refused while any container, running or not, mounts it, even with `-f`,
   * which only lets a missing volume pass quietly.
   */
  removeVolume(name: string, force = false): EngineError | undefined {
    const volume = this.volumes.get(name);
    if (!volume) return force ? undefined : daemonError(`get ${name}: no such volume`);
    const users = this.volumeUsers(volume);
    if (users.length > 0) {
      return daemonError(
        `remove ${name}: volume is in use - [${users.map((c) => c.id).join(' ')}]`,
      );
    }
    this.volumes.delete(name);
    this.changed();
    return undefined;
  }

  static volumeMountpoint(name: string): string {
    return volumeMountpoint(name);
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

  /**
   * The settings the daemon checks before it looks for the image (so a refused `docker run` pulls
   * nothing): the container config (the working directory), then the host config (the runtime).
   */
  verifyContainerSettings(
    spec: Pick<ContainerSpec, 'workdir' | 'runtime'>,
  ): EngineError | undefined {
    if (spec.workdir !== undefined && spec.workdir !== '' && !spec.workdir.startsWith('/')) {
      return daemonError(
        `the working directory '${spec.workdir}' is invalid, it needs to be an absolute path`,
      );
    }
    const runtime = spec.runtime || DEFAULT_RUNTIME;
    if (!this.runtimeFor(runtime)) {
      return daemonError(`unknown or invalid runtime name: ${runtime}`);
    }
    return undefined;
  }

  /** `docker create`: a container with its mounts, not yet started. */
  createContainer(spec: ContainerSpec, image: Image): Container | EngineError {
    const refused = this.verifyContainerSettings(spec);
    if (refused) return refused;
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

    const runtime = spec.runtime || DEFAULT_RUNTIME;
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

    const planned = planMounts(this, spec, config.Volumes ?? {});
    if (isEngineError(planned)) return planned;
    const { mounts, tmpfs, fill } = planned;

    const imageFs = this.imageRoot(image);
    // A new volume starts with what the image holds at its mount point.
    for (const { volume, destination } of fill) {
      if (imageFs.get(destination)?.kind === 'dir') copyTree(imageFs, destination, volume.fs, '/');
    }

    const portRequests = [...spec.ports];
    if (spec.publishAll) {
      for (const exposed of Object.keys(config.ExposedPorts)) {
        const [port, protocol = 'tcp'] = exposed.split('/');
        const containerPort = Number(port);
        const taken = portRequests.some(
          (p) => p.containerPort === containerPort && p.protocol === protocol,
        );
        if (!taken && Number.isInteger(containerPort)) {
          portRequests.push({
            hostIp: '',
            hostPort: 0,
            containerPort,
            protocol: protocol as PortBinding['protocol'],
          });
        }
      }
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
      entrypoint: entrypoint.length > 0 ? entrypoint : null,
      cmd: cmd.length > 0 ? cmd : null,
      env: mergeEnv(config.Env, spec.env, id.slice(0, 12)),
      workingDir: spec.workdir ?? (config.WorkingDir || '/'),
      user: spec.user ?? config.User,
      ports: portRequests.filter((p) => p.hostPort !== 0 && p.hostPortLast === undefined),
      portRequests,
      binds: spec.volumes,
      autoRemove: spec.autoRemove,
      mounts,
      ...(tmpfs.length > 0 ? { tmpfs } : {}),
      rootfs: new OverlayFs(imageFs),
      state: 'created',
      exitCode: 0,
      error: '',
      startedAt: 0,
      finishedAt: 0,
      logs: [],
      runtime,
    };
    this.containers.set(id, container);
    this.changed();
    return container;
  }

  /**
   * Runs `work` without logging what containers print during it: for requests the learner did not
   * make (a lesson checking its page), which must not add access lines to `docker logs`.
   */
  quietly<T>(work: () => T): T {
    this.unlogged = true;
    try {
      return work();
    } finally {
      this.unlogged = false;
    }
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
    for (const tmpfs of container.tmpfs ?? []) {
      let fs = this.tmpfs.get(`${container.id}:${tmpfs.destination}`);
      if (!fs) this.tmpfs.set(`${container.id}:${tmpfs.destination}`, (fs = new MemoryFs()));
      mounts.push({ target: tmpfs.destination, fs, readonly: !tmpfs.readWrite });
    }
    return new MountedFs(container.rootfs, mounts);
  }

  private dropTmpfs(container: Container): void {
    for (const tmpfs of container.tmpfs ?? []) {
      this.tmpfs.delete(`${container.id}:${tmpfs.destination}`);
    }
  }

  /**
   * `docker start`: publishes ports and starts the main process. Resolves once the process has
   * started (or failed to); the process runs on until it exits or is stopped.
   */
  async startContainer(
    container: Container,
    /**
     * `resume`: the container was running when the sandbox was saved; it carries on, quietly.
     * `interactive`: `docker run -it IMAGE sh`: the main process is a shell that reads the
     * terminal's command lines (`attachedShell`), and the container ends when it exits.
     */
    options: { resume?: boolean; interactive?: boolean } = {},
  ): Promise<EngineError | undefined> {
    if (container.state === 'running') return undefined;
    const ports = allocatePorts(container, options.resume === true, this.network, () =>
      this.env.random(),
    );
    if (isEngineError(ports)) return ports;
    container.ports = ports;

    const fs = this.containerFs(container);
    for (const mount of container.mounts) mkdirp(container.rootfs, mount.destination);
    // The daemon gives every container its own /etc/hostname: the short ID, which `hostname`
    // prints. (Docker mounts the file; here it is written into the container's own layer.)
    writeFile(container.rootfs, '/etc/hostname', `${container.id.slice(0, 12)}\n`);
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
    // The daemon sets HOME from the user's passwd entry when neither image nor -e did.
    envRecord.HOME ??= user.home;

    const ip = this.network.allocateAddress();
    const network = new ContainerNetwork(ip, () => this.changed());
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
      if (muted || this.unlogged) return;
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
    // A process started with other io, signal or network (a runtime's silent twin) is the same
    // program with its own context, so its children inherit those too.
    const simulated = (overrides: SimulatedOverrides = {}) => {
      const own: ProgramContext = {
        ...context,
        ...overrides,
        spawn: (childArgv, childOverrides) =>
          execute(childArgv, { ...own, ...childOverrides, argv: childArgv }),
      };
      return Promise.resolve().then(() => execute(argv, own));
    };
    const runtime = this.runtimeFor(container.runtime ?? DEFAULT_RUNTIME) ?? runc;
    const main = options.interactive
      ? this.attachMain(container, argv, context, fs, controller.signal)
      : runtime === runc
        ? simulated()
        : Promise.resolve().then(() => runtime(context, simulated));
    const done = main
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

  /** The shell that is the main process of a container started by `docker run -it ... sh`. */
  attachedShell(container: Container): ContainerShell | undefined {
    return this.attached.get(container.id);
  }

  private attachMain(
    container: Container,
    argv: string[],
    context: ProgramContext,
    fs: FileSystem,
    signal: AbortSignal,
  ): Promise<number> {
    // The official images' `docker-entrypoint.sh` execs the shell it is given.
    const base = argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1);
    const shellArgv = base === 'docker-entrypoint.sh' && argv.length > 1 ? argv.slice(1) : argv;
    return new Promise<number>((resolve) => {
      const end = (status: number) => {
        this.attached.delete(container.id);
        resolve(status);
      };
      signal.addEventListener('abort', () => end(killedStatus(signal)), { once: true });
      this.attached.set(container.id, this.shellSession(container, shellArgv, context, fs, end));
    });
  }

  private exited(container: Container, status: number): void {
    if (container.state !== 'running') return;
    container.state = 'exited';
    container.exitCode = container.killedWith === 'SIGKILL' ? 137 : status;
    container.finishedAt = this.env.now();
    container.process = undefined;
    this.dropTmpfs(container);
    this.network.unpublish(container.id);
    if (container.ip) this.network.releaseAddress(container.ip);
    container.network = undefined;
    if (container.autoRemove) this.removeContainer(container, { force: true, volumes: true });
    this.changed();
  }

  /**
   * `docker stop`: the stop signal, then SIGKILL after `timeout` seconds if the main process is
   * still running. A process that is PID 1 gets no signal it has no handler for (the kernel's
   * rule for a namespace's init), so `sleep` or a plain `sh -c` waits out the timeout and ends
   * with 137. A negative timeout waits for as long as it takes.
   */
  async stopContainer(
    container: Container,
    signal = 'SIGTERM',
    timeout = DEFAULT_STOP_TIMEOUT,
    abort?: AbortSignal,
  ): Promise<void> {
    if (container.state !== 'running' || !container.process) return;
    const { done } = container.process;
    const name = signalName(signal) ?? 'SIGTERM';
    // Not delivered (PID 1 without a handler) still means waiting out the timeout.
    this.deliver(container, name);
    if (name === 'SIGKILL') {
      await done;
      return;
    }
    let ended = false;
    void done.then(() => (ended = true));
    // A process that handles the signal ends now; only one that did not gets the timeout.
    await this.env.delay(0);
    if (ended) return;
    const waitAbort = new AbortController();
    const onAbort = () => waitAbort.abort();
    abort?.addEventListener('abort', onAbort, { once: true });
    const timer =
      timeout < 0 ? new Promise<void>(() => {}) : this.env.delay(timeout * 1000, waitAbort.signal);
    const stop = new Promise<void>((resolve) =>
      waitAbort.signal.addEventListener('abort', () => resolve()),
    );
    await Promise.race([done, timer.catch(() => undefined), stop]);
    waitAbort.abort();
    abort?.removeEventListener('abort', onAbort);
    if (!ended && container.state === 'running') {
      this.deliver(container, 'SIGKILL');
      await done;
    }
  }

  /**
   * `docker kill`: sends one signal (SIGKILL unless told) and returns; `undefined`, or the
   * daemon's refusal for a stopped container or a signal it does not know.
   */
  async killContainer(
    container: Container,
    nameAsGiven: string,
    signal = 'SIGKILL',
  ): Promise<EngineError | undefined> {
    const name = signalName(signal);
    if (!name) return daemonError(`Invalid signal: ${signal}`);
    if (container.state !== 'running' || !container.process) {
      return daemonError(
        `cannot kill container: ${nameAsGiven}: container ${container.id} is not running`,
      );
    }
    const { done } = container.process;
    if (this.deliver(container, name) && this.ends(container, name)) await done;
    return undefined;
  }

  /** `docker restart`: stop (as `docker stop` does), then start again. */
  async restartContainer(
    container: Container,
    signal = 'SIGTERM',
    timeout = DEFAULT_STOP_TIMEOUT,
  ): Promise<EngineError | undefined> {
    await this.stopContainer(container, signal, timeout);
    return this.startContainer(container);
  }

  /**
   * Ctrl+C in a terminal attached by `docker run`: the client passes SIGINT on, and the
   * simulation ends the process even when PID 1 has no handler, so the page never stays stuck.
   */
  async interrupt(container: Container): Promise<void> {
    if (container.state !== 'running' || !container.process) return;
    container.killedWith = 'SIGINT';
    container.process.controller.abort('SIGINT');
    await container.process.done;
  }

  /**
   * Delivers a signal to the main process; false when the process, as PID 1 without a handler
   * for it, never sees it.
   */
  private deliver(container: Container, signal: string): boolean {
    if (!container.process) return false;
    if (!this.ends(container, signal)) return false;
    container.killedWith = signal;
    container.process.controller.abort(signal);
    return true;
  }

  /** Whether `signal` ends the container's main process. */
  private ends(container: Container, signal: string): boolean {
    if (signal === 'SIGKILL') return true;
    return (SIGNAL_HANDLERS[pid1Program(container)] ?? []).includes(signal);
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
    this.dropTmpfs(container);
    this.containers.delete(container.id);
    this.logListeners.delete(container.id);
    if (options.volumes) {
      for (const mount of container.mounts) {
        const volume = mount.name && !mount.named ? this.volumes.get(mount.name) : undefined;
        if (volume?.anonymous && this.volumeUsers(volume).length === 0)
          this.volumes.delete(volume.name);
      }
    }
    this.changed();
    return undefined;
  }

  /**
   * `docker exec`: a further process in a running container, with the container's filesystem,
   * network and environment (plus `-e`), as its user or `-u`, in its working folder or `-w`.
   * Ends with the container: stopping it kills what `exec` started.
   */
  exec(
    container: Container,
    argv: string[],
    options: ExecOptions,
  ): { done: Promise<number> } | EngineError | ExecFailure {
    const prepared = this.prepareExec(container, argv, options);
    if (!('context' in prepared)) return prepared;
    const done = Promise.resolve()
      .then(() => execute(argv, prepared.context))
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        options.io.stderr(`dockyard: the simulation stopped this process (${reason})\n`);
        return 1;
      });
    return { done };
  }

  /**
   * `docker exec -i CONTAINER sh`: a shell in the container that reads the terminal's next
   * command lines, until `exit`.
   */
  openShell(
    container: Container,
    argv: string[],
    options: ExecOptions,
  ): ContainerShell | EngineError | ExecFailure {
    const prepared = this.prepareExec(container, argv, options);
    if (!('context' in prepared)) return prepared;
    return this.shellSession(container, argv, prepared.context, prepared.fs);
  }

  /**
   * A shell in the container that reads one command line at a time; `onExit` hears the status
   * it leaves with (`exit`, or the container ending).
   */
  private shellSession(
    container: Container,
    argv: string[],
    context: ProgramContext,
    fs: FileSystem,
    onExit?: (status: number) => void,
  ): ContainerShell {
    const program = argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1);
    const busybox = fs.get('/bin/busybox') !== undefined;
    const dialect: Dialect = program === 'bash' ? 'bash' : busybox ? 'ash' : 'dash';
    const lifetime = context.signal;
    const shell = new Shell(context, { shellName: program, positional: [], dialect });
    const root = context.user.uid === 0;
    return {
      prompt: () => {
        if (dialect === 'dash') return root ? '# ' : '$ ';
        const cwd = shell.cwd;
        const home = context.env.HOME;
        const shown = dialect === 'bash' && home && cwd === home ? '~' : cwd;
        if (dialect === 'bash') {
          return `${context.user.name}@${container.id.slice(0, 12)}:${shown}${root ? '#' : '$'} `;
        }
        return `${shown} ${root ? '#' : '$'} `;
      },
      run: async (line, write, interrupt) => {
        if (container.state !== 'running') return { status: container.exitCode, exited: true };
        context.io = { ...context.io, stdout: write, stderr: write };
        // This line's commands end on Ctrl+C (SIGINT) or with the container.
        const line_ = new AbortController();
        const ended = () => line_.abort(lifetime.reason ?? 'SIGKILL');
        const interrupted = () => line_.abort('SIGINT');
        lifetime.addEventListener('abort', ended, { once: true });
        interrupt?.addEventListener('abort', interrupted, { once: true });
        if (lifetime.aborted) ended();
        context.signal = line_.signal;
        const status = await shell
          .runSource(line, {
            stdin: { text: '', pos: 0 },
            fds: new Map([
              [1, write],
              [2, write],
            ]),
          })
          .catch((error: unknown) => {
            const reason = error instanceof Error ? error.message : String(error);
            write(`dockyard: the simulation could not run this command (${reason})\n`);
            return 70;
          });
        lifetime.removeEventListener('abort', ended);
        interrupt?.removeEventListener('abort', interrupted);
        shell.lastStatus = status;
        const exited =
          shell.exitRequested || /^\s*logout\s*$/.test(line) || container.state !== 'running';
        // An interactive bash says `exit` as it leaves; dash and BusyBox ash leave silently.
        if (exited && dialect === 'bash' && container.state === 'running') write('exit\n');
        if (exited) onExit?.(status);
        return { status, exited };
      },
    };
  }

  private prepareExec(
    container: Container,
    argv: string[],
    options: ExecOptions,
  ): { context: ProgramContext; fs: FileSystem } | EngineError | ExecFailure {
    if (container.state !== 'running' || !container.process) {
      return daemonError(`container ${container.id} is not running`);
    }
    const fs = this.containerFs(container);
    const env = envToRecord(mergeEnv(container.env, options.env, container.id.slice(0, 12)));
    const cwd = options.workdir || container.workingDir;
    const user = lookupUser(fs, options.user ?? container.user);
    if (typeof user === 'string') {
      return new ExecFailure(
        `OCI runtime exec failed: exec failed: unable to start container process: ${user}: unknown`,
        126,
      );
    }
    env.HOME ??= user.home;
    // `docker run -w` creates a missing folder; runc's exec only changes into one.
    const folder = resolve(fs, cwd);
    if (typeof folder === 'string' || folder.entry === undefined) {
      return new ExecFailure(
        `OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd (${JSON.stringify(cwd)}) set in config.json failed: no such file or directory: unknown`,
        127,
      );
    }
    const resolved = resolveCommand(fs, argv[0]!, env, cwd);
    if (resolved.kind === 'not-found' || resolved.kind === 'not-executable') {
      const reason =
        resolved.kind === 'not-found'
          ? argv[0]!.includes('/')
            ? `exec: "${argv[0]}": stat ${argv[0]}: no such file or directory`
            : `exec: "${argv[0]}": executable file not found in $PATH`
          : `exec: "${argv[0]}": permission denied`;
      return new ExecFailure(
        `OCI runtime exec failed: exec failed: unable to start container process: ${reason}: unknown`,
        resolved.kind === 'not-found' ? 127 : 126,
      );
    }
    // An exec'd process ends when the container does, or when the terminal sends Ctrl+C.
    const controller = new AbortController();
    const main = container.process.controller.signal;
    const end = (signal: AbortSignal) => () => controller.abort(signal.reason ?? 'SIGKILL');
    main.addEventListener('abort', end(main), { once: true });
    if (options.signal)
      options.signal.addEventListener('abort', end(options.signal), { once: true });
    const context: ProgramContext = {
      argv,
      env,
      cwd,
      fs,
      io: options.io,
      user,
      signal: controller.signal,
      now: () => this.env.now(),
      delay: (ms, signal) => this.env.delay(ms, signal),
      net: container.network,
      spawn: (childArgv, overrides) =>
        execute(childArgv, { ...context, ...overrides, argv: childArgv }),
    };
    return { context, fs };
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

/** Programs that install handlers for these signals, and so end on them even as PID 1. */
const SIGNAL_HANDLERS: Record<string, readonly string[]> = {
  // http-server: `process.on('SIGINT' | 'SIGTERM')` logs "http-server stopped." and exits 0.
  'http-server': ['SIGINT', 'SIGTERM'],
  // nginx: TERM and INT are a fast shutdown, QUIT a graceful one.
  nginx: ['SIGINT', 'SIGTERM', 'SIGQUIT'],
  // npm passes INT and TERM on to the script it runs, and ends with it.
  npm: ['SIGINT', 'SIGTERM'],
  // The official database and web server images: each shuts down cleanly on these.
  mysqld: ['SIGTERM', 'SIGINT'],
  'redis-server': ['SIGTERM', 'SIGINT'],
  postgres: ['SIGTERM', 'SIGINT', 'SIGQUIT'],
  mongod: ['SIGTERM', 'SIGINT'],
  // httpd-foreground ends with `exec httpd`; WINCH is Apache's graceful stop.
  httpd: ['SIGTERM', 'SIGINT', 'SIGWINCH'],
  'httpd-foreground': ['SIGTERM', 'SIGINT', 'SIGWINCH'],
  // python -m http.server: KeyboardInterrupt only; TERM goes unhandled.
  python: ['SIGINT'],
  python3: ['SIGINT'],
};

/** The program that is PID 1 (`pid1Argv`), by its name without a folder. */
export function pid1Program(container: Container): string {
  return baseName(pid1Argv([container.path, ...container.args])[0] ?? '');
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPWR: 30,
  SIGSYS: 31,
};

/** `TERM`, `SIGTERM`, `sigterm` or `15` as `SIGTERM`; undefined for what Docker rejects. */
export function signalName(value: string): string | undefined {
  if (/^\d+$/.test(value)) {
    const number = Number(value);
    return Object.keys(SIGNALS).find((name) => SIGNALS[name] === number);
  }
  const upper = value.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return SIGNALS[name] !== undefined ? name : undefined;
}

/**
 * The user a container's process runs as: `USER`/`-u` as a name or uid, with an optional group,
 * looked up in the container's /etc/passwd as runc does. Empty means root.
 */
function lookupUser(fs: FileSystem, spec: string): UserIdentity | string {
  if (spec === '') return { uid: 0, gid: 0, name: 'root', home: '/root' };
  const [name = '', group] = spec.split(':');
  const row = findEntry(fs, '/etc/passwd', name);
  if (!row && !/^\d+$/.test(name)) {
    return `unable to find user ${name}: no matching entries in passwd file`;
  }
  // A uid with no passwd entry runs with group 0, as runc's defaults have it.
  let gid = row ? Number(row[3]) : 0;
  if (group !== undefined && group !== '') {
    const groupRow = findEntry(fs, '/etc/group', group);
    if (!groupRow && !/^\d+$/.test(group)) {
      return `unable to find group ${group}: no matching entries in group file`;
    }
    gid = groupRow ? Number(groupRow[2]) : Number(group);
  }
  return {
    uid: row ? Number(row[2]) : Number(name),
    gid,
    name: row?.[0] ?? name,
    home: row?.[5] ?? '/',
  };
}

/** The `/etc/passwd` or `/etc/group` entry with this name, or with this number when numeric. */
function findEntry(fs: FileSystem, path: string, nameOrId: string): string[] | undefined {
  const text = readFile(fs, path);
  if (!text.includes(':')) return undefined;
  const rows = text.split('\n').map((row) => row.split(':'));
  return (
    rows.find((fields) => fields[0] === nameOrId) ??
    (/^\d+$/.test(nameOrId) ? rows.find((fields) => fields[2] === nameOrId) : undefined)
  );
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

export { parseReference, familiarName };
export { daemonError, EngineError, isEngineError } from './daemon-errors.ts';
export { EPHEMERAL_PORTS } from './port-allocation.ts';
