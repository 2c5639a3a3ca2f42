import type {
  ContainerView,
  Environment,
  FetchResult,
  ImageView,
  RunOptions,
  Sandbox,
  SandboxOptions,
  SandboxState,
  VolumeView,
} from './api.ts';
import { docker, statusText, type CliContext, type Terminal } from './cli/docker.ts';
import {
  createHostFs,
  curl,
  HELP_TEXT,
  HOME,
  HOST_PATH,
  PROJECT,
  writeProjectFile,
} from './cli/host.ts';
import { lintDockerfile } from './dockerfile/index.ts';
import type { Diagnostic } from './dockerfile/types.ts';
import { walk, writeFile, type FileSystem } from './fs/index.ts';
import { catalogImage } from './image/catalog.ts';
import { imageSize, type Image } from './image/image.ts';
import { parseReference } from './image/reference.ts';
import { Engine } from './runtime/engine.ts';
import { restoreEngine, saveEngine, type SavedEngine } from './runtime/persist.ts';
import { execute } from './shell/index.ts';
import { Shell } from './shell/interpreter.ts';
import type { ProgramContext } from './shell/program.ts';

export type * from './api.ts';
/** Docker's size rule (`1.12GB`), for views that show sizes the way the CLI prints them. */
export { humanSize } from './runtime/format.ts';

/** The terminal's shell: bash's messages, without the line numbers a script would show. */
class HostShell extends Shell {
  override prefix(): string {
    return `${this.shellName}: `;
  }
}

const DEFAULT_ENVIRONMENT: Environment = {
  now: () => Date.now(),
  random: () => Math.random(),
  delay: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    }),
};

interface SavedSandbox {
  version: 1;
  /** Every file under the learner's home folder, by absolute path. */
  home: Record<string, string>;
  cwd: string;
  engine: SavedEngine;
}

class DockyardSandbox implements Sandbox {
  private readonly engine: Engine;
  private readonly shell: HostShell;
  private readonly subscribers = new Set<(state: SandboxState) => void>();
  private cachedState: SandboxState | undefined;

  constructor(
    private readonly environment: Environment,
    private readonly host: FileSystem,
    engine?: Engine,
    cwd = PROJECT,
  ) {
    this.engine = engine ?? new Engine(host, environment);
    this.engine.onChange(() => this.notify());
    this.shell = new HostShell(
      this.hostContext({ stdout: () => {}, stderr: () => {}, stdin: '' }),
      {
        shellName: 'bash',
        positional: [],
        dialect: 'bash',
      },
    );
    this.shell.cwd = cwd;
    this.shell.vars.set('PWD', cwd);
  }

  private hostContext(
    io: ProgramContext['io'],
    signal?: AbortSignal,
    terminal?: Terminal,
  ): ProgramContext {
    const context: ProgramContext = {
      argv: ['bash'],
      env: {
        HOME,
        PATH: HOST_PATH,
        USER: 'learner',
        LOGNAME: 'learner',
        SHELL: '/bin/bash',
        TERM: 'xterm-256color',
      },
      cwd: this.shell?.cwd ?? PROJECT,
      fs: this.host,
      io,
      user: { uid: 1000, gid: 1000, name: 'learner', home: HOME },
      signal: signal ?? new AbortController().signal,
      now: () => this.environment.now(),
      delay: (ms, delaySignal) => this.environment.delay(ms, delaySignal),
      spawn: (argv, overrides = {}) => {
        const child: ProgramContext = { ...context, ...overrides, argv };
        return this.runHostProgram(child, terminal);
      },
    };
    return context;
  }

  private async runHostProgram(context: ProgramContext, terminal?: Terminal): Promise<number> {
    const name = context.argv[0]!.slice(context.argv[0]!.lastIndexOf('/') + 1);
    switch (name) {
      case 'docker': {
        const cli: CliContext = {
          engine: this.engine,
          host: this.host,
          cwd: context.cwd,
          environment: this.environment,
          terminal: {
            out: context.io.stdout,
            err: context.io.stderr,
            tty: (terminal?.tty ?? false) && context.io.tty !== false,
            columns: terminal?.columns ?? 80,
            signal: context.signal,
          },
        };
        return docker(context.argv.slice(1), cli);
      }
      case 'curl':
        return curl(context, this.engine.network);
      case 'clear':
        context.io.stdout('\x1b[H\x1b[2J\x1b[3J');
        return 0;
      case 'help':
        context.io.stdout(`${HELP_TEXT}\n`);
        return 0;
      default:
        return execute(context.argv, context);
    }
  }

  async run(commandLine: string, options: RunOptions): Promise<number> {
    const write = options.tty
      ? (text: string) => options.onOutput(text.replace(/\r?\n/g, '\r\n'))
      : (text: string) => options.onOutput(text);
    const terminal: Terminal = {
      out: write,
      err: write,
      tty: options.tty,
      columns: options.columns ?? 80,
      signal: options.signal,
    };
    const io = { stdout: write, stderr: write, stdin: '', tty: options.tty };
    const context = this.hostContext(io, options.signal, terminal);
    Object.assign(this.shell, { context });
    const status = await this.shell.runSource(commandLine, {
      stdin: { text: '', pos: 0 },
      fds: new Map([
        [1, write],
        [2, write],
      ]),
    });
    this.shell.lastStatus = status;
    this.notify();
    return status;
  }

  prompt(): string {
    const cwd = this.shell.cwd;
    const shown =
      cwd === HOME ? '~' : cwd.startsWith(`${HOME}/`) ? `~${cwd.slice(HOME.length)}` : cwd;
    return `learner@dockyard:${shown}$ `;
  }

  state(): SandboxState {
    this.cachedState ??= this.computeState();
    return this.cachedState;
  }

  private computeState(): SandboxState {
    const engine = this.engine;
    const now = this.environment.now();
    const images: ImageView[] = [...engine.images.values()]
      .sort((a, b) => b.created - a.created)
      .map((image) => imageView(image, engine.tagsOf(image)));
    const containers: ContainerView[] = [...engine.containers.values()]
      .sort((a, b) => b.sequence - a.sequence)
      .map((container) => ({
        id: container.id,
        name: container.name,
        image: container.imageName,
        command: [container.path, ...container.args].join(' '),
        state: container.state,
        status: statusText(container, now),
        ports: container.state === 'running' ? container.ports.map((p) => ({ ...p })) : [],
        mounts: container.mounts.map((mount) => ({ ...mount })),
      }));
    const volumes: VolumeView[] = [...engine.volumes.values()]
      .sort((a, b) => a.created - b.created)
      .map((volume) => ({
        name: volume.name,
        anonymous: volume.anonymous,
        mountpoint: Engine.volumeMountpoint(volume.name),
        usedBy: engine.volumeUsers(volume).map((container) => container.name),
        files: engine.volumeFiles(volume),
      }));
    return { images, containers, volumes, files: this.projectFiles() };
  }

  private projectFiles(): Record<string, string> {
    const files: Record<string, string> = {};
    for (const [path, entry] of walk(this.host, PROJECT)) {
      if (entry.kind === 'file') files[path.slice(PROJECT.length + 1)] = entry.content;
    }
    return files;
  }

  subscribe(listener: (state: SandboxState) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  private notify(): void {
    this.cachedState = undefined;
    if (this.subscribers.size === 0) return;
    const state = this.state();
    for (const listener of this.subscribers) listener(state);
  }

  writeFile(path: string, content: string): void {
    writeProjectFile(this.host, path, content, this.environment.now());
    this.notify();
  }

  deleteFile(path: string): void {
    this.host.delete(`${PROJECT}/${path.replace(/^\/+/, '')}`);
    this.notify();
  }

  diagnostics(path: string): Diagnostic[] {
    const entry = this.host.get(`${PROJECT}/${path.replace(/^\/+/, '')}`);
    if (entry?.kind !== 'file') return [];
    return lintDockerfile(entry.content, {
      baseImageEnv: (name) => {
        const ref = parseReference(name);
        if ('error' in ref) return undefined;
        const image = this.engine.findImage(name) ?? catalogImage(ref);
        if (!image) return undefined;
        return Object.fromEntries(
          image.config.Env.map((item) => item.split(/=(.*)/s).slice(0, 2) as [string, string]),
        );
      },
    });
  }

  fetch(url: string): FetchResult {
    const result = this.engine.network.request(url, {
      'user-agent': 'Mozilla/5.0 (Dockyard preview)',
    });
    if (!result.ok) return { ok: false, message: result.message };
    const { response } = result;
    return {
      ok: true,
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: response.body,
    };
  }

  save(): SavedSandbox {
    const home: Record<string, string> = {};
    for (const [path, entry] of walk(this.host, HOME)) {
      if (entry.kind === 'file') home[path] = entry.content;
    }
    return { version: 1, home, cwd: this.shell.cwd, engine: saveEngine(this.engine) };
  }

  /** Starts again the containers that were running when the sandbox was saved. */
  async resume(): Promise<void> {
    for (const container of this.engine.containers.values()) {
      if (container.state === 'running') {
        container.state = 'created';
        await this.engine.startContainer(container, { quiet: true });
      }
    }
    this.notify();
  }

  dispose(): void {
    for (const container of this.engine.containers.values())
      container.process?.controller.abort('SIGKILL');
    this.subscribers.clear();
  }
}

function imageView(image: Image, tags: string[]): ImageView {
  const layers = image.layers.map((layer, index) => {
    const own = index >= image.baseLayers;
    const history = image.history.filter((entry) => !entry.emptyLayer)[index];
    return {
      digest: layer.digest,
      createdBy: history?.createdBy ?? '',
      size: layer.size,
      inherited: !own,
      files: own
        ? [...layer.changes].map(([path, entry]) => ({
            path,
            kind: entry?.kind ?? 'file',
            change: entry === null ? ('removed' as const) : ('added' as const),
            size:
              entry?.kind === 'file'
                ? (entry.size ?? new TextEncoder().encode(entry.content).length)
                : 0,
          }))
        : [],
      line: own ? image.layerLines[index - image.baseLayers] : undefined,
    };
  });
  let layerIndex = 0;
  const history = image.history.map((entry) => ({
    createdBy: entry.createdBy,
    emptyLayer: entry.emptyLayer,
    size: entry.emptyLayer ? 0 : (image.layers[layerIndex++]?.size ?? 0),
  }));
  return {
    id: image.id,
    tags,
    created: image.created,
    size: imageSize(image),
    layers,
    history,
    exposedPorts: Object.keys(image.config.ExposedPorts),
    volumes: Object.keys(image.config.Volumes ?? {}),
  };
}

function environmentOf(options?: Partial<Environment>): Environment {
  return { ...DEFAULT_ENVIRONMENT, ...options };
}

/** A fresh sandbox whose project folder (the build context) holds `files`. */
export function createSandbox(options: SandboxOptions): Sandbox {
  const environment = environmentOf(options.environment);
  return new DockyardSandbox(environment, createHostFs(options.files, environment.now()));
}

/**
 * A sandbox as `save()` left it, or undefined for data that is not a saved sandbox. Containers
 * that were running start again quietly, as after a daemon restart with a restart policy, keeping
 * their logs; subscribers hear when they are up.
 */
export function restoreSandbox(
  saved: unknown,
  options: Partial<Pick<SandboxOptions, 'environment'>> = {},
): Sandbox | undefined {
  if (!isSavedSandbox(saved)) return undefined;
  const environment = environmentOf(options.environment);
  const host = createHostFs({}, environment.now());
  for (const [path, content] of Object.entries(saved.home)) {
    if (path.startsWith(`${HOME}/`))
      writeFile(host, path, content, { mtime: environment.now(), uid: 1000, gid: 1000 });
  }
  const engine = restoreEngine(saved.engine, host, environment);
  if (!engine) return undefined;
  const sandbox = new DockyardSandbox(environment, host, engine, saved.cwd);
  void sandbox.resume();
  return sandbox;
}

function isSavedSandbox(value: unknown): value is SavedSandbox {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.version === 1 && typeof record.home === 'object' && typeof record.cwd === 'string';
}
