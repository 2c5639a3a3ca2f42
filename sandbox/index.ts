import type {
  BuildPlan,
  BuildReplayView,
  ContainerDetailsView,
  ContainerView,
  FetchResult,
  ImageView,
  LayerFileView,
  RunOptions,
  Sandbox,
  SandboxOptions,
  SandboxState,
  TreeEntryView,
  VolumeView,
} from './api.ts';
import { planBuild, type BuildRecord } from './build/plan.ts';
import { goJson } from './cli/template.ts';
import { containerJson } from './runtime/inspect.ts';
import { SubtreeFs, type Entry, type Changes } from './fs/index.ts';
import type { Layer } from './image/image.ts';
import { familiarName } from './image/reference.ts';
import type { Container } from './runtime/engine.ts';
import { statusText } from './cli/docker.ts';
import { createHostFs, HOME, PROJECT, writeProjectFile } from './cli/host.ts';
import { HostSession } from './cli/session.ts';
import type { Diagnostic } from './dockerfile/types.ts';
import type { Environment } from './environment.ts';
import { entrySize, walk, writeFile, type FileSystem } from './fs/index.ts';
import { imageFilesystem, imageSize, type Image } from './image/image.ts';
import { Engine } from './runtime/engine.ts';
import { DEFAULT_RUNTIME } from './runtime/runtimes.ts';
import { restoreEngine, saveEngine, type SavedEngine } from './runtime/persist.ts';

export type * from './api.ts';
/** Docker's size rule (`1.12GB`), for views that show sizes the way the CLI prints them. */
export { humanSize } from './runtime/format.ts';
/** The `webcontainer` runtime, for `SandboxOptions.runtimes`. */
export { webContainerRuntime } from './runtime/webcontainer.ts';

const DEFAULT_ENVIRONMENT: Environment = {
  now: () => Date.now(),
  random: () => Math.random(),
  delay: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, signal?.aborted ? 0 : ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          setTimeout(resolve, 0);
        },
        { once: true },
      );
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
  private readonly session: HostSession;
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
    this.session = new HostSession(this.engine, host, environment, cwd);
  }

  async run(commandLine: string, options: RunOptions): Promise<number> {
    const write = options.tty
      ? (text: string) => options.onOutput(text.replace(/\r?\n/g, '\r\n'))
      : (text: string) => options.onOutput(text);
    const status = await this.session.run(commandLine, {
      tty: options.tty,
      columns: options.columns ?? 80,
      signal: options.signal,
      write,
    });
    this.notify();
    return status;
  }

  prompt(): string {
    return this.session.prompt();
  }

  exited(): boolean {
    return this.session.exited();
  }

  waitsForLine(): boolean {
    return this.session.waitsForLine();
  }

  interrupt(): boolean {
    const interrupted = this.session.interrupt();
    if (interrupted) this.notify();
    return interrupted;
  }

  state(): SandboxState {
    this.cachedState ??= this.computeState();
    return this.cachedState;
  }

  containerStatuses(): Record<string, string> {
    const now = this.environment.now();
    return Object.fromEntries(
      [...this.engine.containers.values()].map((container) => [
        container.id,
        statusText(container, now),
      ]),
    );
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
        image: engine.imageShownFor(container),
        command: [container.path, ...container.args].join(' '),
        state: container.state,
        status: statusText(container, now),
        ports: container.state === 'running' ? container.ports.map((p) => ({ ...p })) : [],
        mounts: container.mounts.map((mount) => ({ ...mount })),
        exposedPorts: Object.keys(container.image.config.ExposedPorts ?? {}),
        requestedPorts: (container.portRequests ?? container.ports).map((p) => ({ ...p })),
        listening: listeningOf(container),
        error: container.error,
        runtime: container.runtime ?? DEFAULT_RUNTIME,
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

  diagnostics(path: string, options: { language?: 'en' | 'zh' } = {}): Diagnostic[] {
    const entry = this.host.get(`${PROJECT}/${path.replace(/^\/+/, '')}`);
    return entry?.kind === 'file' ? this.engine.diagnostics(entry.content, options.language) : [];
  }

  readImageFile(ref: string, path: string): string | undefined {
    const image = this.engine.findImage(ref);
    const entry = image ? imageFilesystem(image).get(path) : undefined;
    return entry?.kind === 'file' ? entry.content : undefined;
  }

  fetch(url: string, options: { quiet?: boolean } = {}): FetchResult {
    const request = () =>
      this.engine.network.request(url, { 'user-agent': 'Mozilla/5.0 (Dockyard preview)' });
    const result = options.quiet ? this.engine.quietly(request) : request();
    if (!result.ok) return { ok: false, message: result.message };
    const { response, live } = result;
    return {
      ok: true,
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: response.body,
      ...(live ? { liveUrl: liveUrl(live.url, result.request.url) } : {}),
    };
  }

  async planBuild(): Promise<BuildPlan> {
    const last = this.engine.lastBuild;
    const dockerfileName = last?.request.dockerfileName ?? 'Dockerfile';
    const entry = this.host.get(`${PROJECT}/${dockerfileName}`);
    const dockerfile = entry?.kind === 'file' ? entry.content : '';
    return planBuild(
      {
        dockerfileName,
        dockerfile,
        context: new SubtreeFs(this.host, PROJECT),
        tags: last?.request.tags ?? [],
        buildArgs: last?.request.buildArgs ?? {},
        target: last?.request.target,
        noCache: false,
        dockerignore: last?.request.dockerignore,
      },
      {
        now: () => this.environment.now(),
        cache: this.engine.cache,
        resolveImage: (ref) => this.engine.resolveBase(ref),
        pulledBases: this.engine.pulledBases,
      },
      last,
    );
  }

  lastBuild(): BuildReplayView | undefined {
    const record = this.engine.lastBuild;
    return record ? replayView(record) : undefined;
  }

  replayFiles(index: number): TreeEntryView[] {
    const step = this.engine.lastBuild?.steps[index];
    return step ? treeOf(step.layers) : [];
  }

  imageFiles(ref: string, layers?: number): TreeEntryView[] {
    const image = this.engine.findImage(ref);
    return image ? treeOf(image.layers.slice(0, layers ?? image.layers.length)) : [];
  }

  containerDetails(nameOrId: string): ContainerDetailsView | undefined {
    const container = this.engine.findContainer(nameOrId);
    if (!container) return undefined;
    return {
      logs: container.logs.map((entry) => ({ stream: entry.stream, text: entry.text })),
      inspect: goJson([containerJson(container, this.engine)] as never, 4),
    };
  }

  containerFiles(nameOrId: string, dir: string): TreeEntryView[] {
    const container = this.engine.findContainer(nameOrId);
    if (!container) return [];
    const fs = this.engine.containerFs(container);
    const base = dir === '/' ? '' : dir.replace(/\/+$/, '');
    return fs.list(dir === '' ? '/' : dir).flatMap((name) => {
      const path = `${base}/${name}`;
      const entry = fs.get(path);
      return entry ? [{ path, kind: entry.kind, size: entrySize(entry) }] : [];
    });
  }

  readContainerFile(nameOrId: string, path: string): string | undefined {
    const container = this.engine.findContainer(nameOrId);
    const entry = container ? this.engine.containerFs(container).get(path) : undefined;
    return entry?.kind === 'file' ? entry.content : undefined;
  }

  save(): SavedSandbox {
    const home: Record<string, string> = {};
    for (const [path, entry] of walk(this.host, HOME)) {
      if (entry.kind === 'file') home[path] = entry.content;
    }
    return { version: 1, home, cwd: this.session.cwd, engine: saveEngine(this.engine) };
  }

  /** Starts again the containers that were running when the sandbox was saved. */
  async resume(): Promise<void> {
    for (const container of this.engine.containers.values()) {
      if (container.state === 'running') {
        container.state = 'created';
        await this.engine.startContainer(container, { resume: true });
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

/** An image for the state panel: its layers, ours with the files each changed. */
function imageView(image: Image, tags: string[]): ImageView {
  const layerHistory = image.history.filter((entry) => !entry.emptyLayer);
  const seen = new Set<string>();
  const layers = image.layers.map((layer, index) => {
    const own = index >= image.baseLayers;
    const files: LayerFileView[] = [];
    for (const [path, entry] of layer.changes) {
      if (own) {
        files.push({
          path,
          kind: entry?.kind ?? 'file',
          change: entry === null ? 'removed' : seen.has(path) ? 'changed' : 'added',
          size: entry ? entrySize(entry) : 0,
        });
      }
      if (entry === null) seen.delete(path);
      else seen.add(path);
    }
    return {
      digest: layer.digest,
      createdBy: layerHistory[index]?.createdBy ?? '',
      size: layer.size,
      inherited: !own,
      files,
      line: own ? image.layerLines[index - image.baseLayers] : undefined,
    };
  });
  let layerIndex = 0;
  const history = image.history.map((entry, index) => ({
    createdBy: entry.createdBy,
    emptyLayer: entry.emptyLayer,
    size: entry.emptyLayer ? 0 : (image.layers[layerIndex++]?.size ?? 0),
    inherited: index < (image.baseHistory ?? 0),
  }));
  return {
    id: image.id,
    tags,
    created: image.created,
    size: imageSize(image),
    layers,
    ...(image.baseImage !== undefined ? { baseImage: image.baseImage } : {}),
    history,
    exposedPorts: Object.keys(image.config.ExposedPorts),
    volumes: Object.keys(image.config.Volumes ?? {}),
    config: {
      entrypoint: image.config.Entrypoint ? [...image.config.Entrypoint] : null,
      cmd: image.config.Cmd ? [...image.config.Cmd] : null,
      workingDir: image.config.WorkingDir,
    },
  };
}

/** What a running container's processes listen on, and the real server behind a port. */
function listeningOf(container: Container): ContainerView['listening'] {
  if (container.state !== 'running' || !container.network) return [];
  return [...container.network.listeners]
    .map(([port, listening]) => ({
      port,
      address: listening.host,
      ...(listening.live ? { liveUrl: listening.live.url } : {}),
    }))
    .sort((a, b) => a.port - b.port);
}

/** The merged files of `layers`, each with the index of the layer that last wrote it. */
function treeOf(layers: readonly Layer[]): TreeEntryView[] {
  const merged = new Map<string, { entry: Entry; layer: number }>();
  layers.forEach((layer, index) => {
    for (const [path, entry] of layer.changes) {
      if (entry === null) {
        merged.delete(path);
        for (const key of [...merged.keys()]) if (key.startsWith(`${path}/`)) merged.delete(key);
      } else merged.set(path, { entry, layer: index });
    }
  });
  return [...merged]
    .map(([path, { entry, layer }]) => ({ path, kind: entry.kind, size: entrySize(entry), layer }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A layer's changes as the views list them, `changed` when an earlier layer had the path. */
function changesOf(changes: Changes, earlier: readonly Layer[]): LayerFileView[] {
  return [...changes].map(([path, entry]) => ({
    path,
    kind: entry?.kind ?? 'file',
    change:
      entry === null
        ? 'removed'
        : earlier.some((layer) => layer.changes.get(path))
          ? 'changed'
          : 'added',
    size: entry ? entrySize(entry) : 0,
  }));
}

function replayView(record: BuildRecord): BuildReplayView {
  const { result, steps, request } = record;
  return {
    dockerfileName: request.dockerfileName,
    tags: request.tags.map(familiarName),
    ok: result.ok,
    error: result.ok
      ? undefined
      : {
          message: result.error.message,
          line: result.error.range?.startLine,
          label: result.failedStep?.name,
          output: result.failedStep?.logs ?? [],
        },
    steps: steps.map((step, index) => {
      const before = steps
        .slice(0, index)
        .reverse()
        .find((other) => other.stageIndex === step.stageIndex);
      const grew = before !== undefined && step.layers.length > before.layers.length;
      const own = grew ? step.layers.at(-1) : undefined;
      return {
        stageIndex: step.stageIndex,
        stageName: step.stageName,
        line: step.instruction.range.start.line,
        endLine: step.instruction.range.end.line,
        instruction: step.instruction.node.original,
        keyword: step.instruction.node.keyword.toUpperCase(),
        label: step.vertex?.name,
        cached: step.vertex?.cached ?? false,
        output: step.vertex?.logs ?? [],
        workingDir: step.workingDir,
        env: step.env,
        user: step.user,
        layerCount: step.layers.length,
        baseLayers: step.baseLayers,
        changes: own ? changesOf(own.changes, step.layers.slice(0, -1)) : [],
      };
    }),
  };
}

function environmentOf(options?: Partial<Environment>): Environment {
  return { ...DEFAULT_ENVIRONMENT, ...options };
}

/** `url` (a live server's address) with the path and query of a request made to `localhost`. */
function liveUrl(url: string, path: string): string {
  return url.replace(/\/+$/, '') + path;
}

/** A fresh sandbox whose project folder (the build context) holds `files`. */
export function createSandbox(options: SandboxOptions): Sandbox {
  const environment = environmentOf(options.environment);
  const host = createHostFs(options.files, environment.now());
  const engine = new Engine(host, environment, options.runtimes);
  engine.language = options.language ?? 'en';
  return new DockyardSandbox(environment, host, engine);
}

/**
 * A sandbox as `save()` left it, or undefined for data that is not a saved sandbox. Containers
 * that were running start again quietly, as after a daemon restart with a restart policy, keeping
 * their logs; subscribers hear when they are up.
 */
export function restoreSandbox(
  saved: unknown,
  options: Partial<Pick<SandboxOptions, 'environment' | 'runtimes' | 'language'>> = {},
): Sandbox | undefined {
  if (!isSavedSandbox(saved)) return undefined;
  const environment = environmentOf(options.environment);
  const host = createHostFs({}, environment.now());
  for (const [path, content] of Object.entries(saved.home)) {
    if (path.startsWith(`${HOME}/`))
      writeFile(host, path, content, { mtime: environment.now(), uid: 1000, gid: 1000 });
  }
  const engine = restoreEngine(saved.engine, host, environment, options.runtimes);
  if (!engine) return undefined;
  engine.language = options.language ?? 'en';
  const sandbox = new DockyardSandbox(environment, host, engine, saved.cwd);
  void sandbox.resume();
  return sandbox;
}

function isSavedSandbox(value: unknown): value is SavedSandbox {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.version === 1 && typeof record.home === 'object' && typeof record.cwd === 'string';
}
