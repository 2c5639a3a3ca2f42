/**
 * The sandbox's public face, as data: what the page and the command line may ask of it and what
 * it reports back. `index.ts` implements it; nothing outside `sandbox/` imports anything else.
 */
import type { Diagnostic } from './dockerfile/types.ts';

export type { Diagnostic };

import type { Environment } from './environment.ts';

export type { Environment };

import type { ContainerRuntime } from './runtime/runtimes.ts';

export type { ContainerRuntime, SimulatedOverrides } from './runtime/runtimes.ts';
export type {
  FileTree,
  OutputStreamLike,
  WebContainerHost,
  WebContainerLike,
  WebContainerProcessLike,
  WebContainerSpawnOptions,
} from './runtime/webcontainer.ts';
export type { HttpRequest, HttpResponse, LiveServer } from './shell/program.ts';

export interface SandboxOptions {
  /** The build context: paths relative to the context folder, with their text. */
  files: Record<string, string>;
  environment?: Partial<Environment>;
  /**
   * Container runtimes besides `runc` (the simulation), by the name `docker run --runtime`
   * takes: `{ webcontainer: webContainerRuntime(host) }`.
   */
  runtimes?: Record<string, ContainerRuntime>;
  /**
   * The language of Dockyard's own notes in command output (the beginner hints after a build and
   * their "not Docker output" prefix); Docker's own output stays in English. English by default.
   */
  language?: 'en' | 'zh';
}

export interface RunOptions {
  /** True for the xterm terminal (BuildKit's tty progress, colours); false for pipes. */
  tty: boolean;
  /** Terminal width, for tty progress and tables. */
  columns?: number;
  /** Receives output as it is produced, already with `\r\n` line ends when `tty` is true. */
  onOutput(text: string): void;
  /** Aborts a long-running command (`docker logs -f`, `docker run` in the foreground): Ctrl+C. */
  signal?: AbortSignal;
}

export type LayerChangeKind = 'added' | 'changed' | 'removed';

export interface LayerFileView {
  path: string;
  kind: 'file' | 'dir' | 'symlink';
  change: LayerChangeKind;
  size: number;
}

export interface LayerView {
  /** `sha256:<64 hex>` of the layer's content. */
  digest: string;
  /** The history line that made it (`RUN /bin/sh -c npm install -g http-server # buildkit`). */
  createdBy: string;
  size: number;
  /** True for layers that came with the base image. */
  inherited: boolean;
  /** Changed paths, for our own layers; base layers list none. */
  files: LayerFileView[];
  /** The 1-based Dockerfile line that made it, for our own layers. */
  line?: number;
}

export interface ImageView {
  /** `sha256:<64 hex>` */
  id: string;
  /** `aaa:ccc`-style names; empty for a dangling image. */
  tags: string[];
  created: number;
  size: number;
  layers: LayerView[];
  /** For images built here: the image the inherited layers came from (`node:latest`). */
  baseImage?: string;
  /** Config-only history entries (EXPOSE, CMD, ...) in order, for the layer list. */
  history: Array<{ createdBy: string; emptyLayer: boolean; size: number; inherited: boolean }>;
  exposedPorts: string[];
  volumes: string[];
  /** How the image's containers start, from its config. */
  config: ImageConfigView;
}

export interface ImageConfigView {
  /** Null when the image sets none, as `docker inspect` shows it. */
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** Empty when unset (the container starts in `/`). */
  workingDir: string;
}

export interface PortBindingView {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export interface MountView {
  type: 'bind' | 'volume';
  /** Volume name for volumes. */
  name?: string;
  source: string;
  destination: string;
  readWrite: boolean;
}

export interface ContainerView {
  id: string;
  name: string;
  image: string;
  command: string;
  state: 'created' | 'running' | 'exited';
  /** As `docker ps` prints it: `Up 3 seconds`, `Exited (0) 5 seconds ago`. */
  status: string;
  ports: PortBindingView[];
  mounts: MountView[];
  /** The image's `EXPOSE`d ports (`8080/tcp`), published or not. */
  exposedPorts: string[];
  /** What `-p`/`-P` asked for, kept while the container is stopped (host port 0: any free one). */
  requestedPorts: PortBindingView[];
  /**
   * What the container's processes listen on now, and on which address; `liveUrl` when a real
   * server stands behind the port (`--runtime=webcontainer`): where a browser can open it.
   */
  listening: Array<{ port: number; address: string; liveUrl?: string }>;
  /** Why the last start failed (`... port is already allocated`), or empty. */
  error: string;
  /** The runtime it runs with (`HostConfig.Runtime`): `runc` unless `--runtime` named another. */
  runtime: string;
}

export interface VolumeView {
  name: string;
  anonymous: boolean;
  mountpoint: string;
  /** Names of containers (running or not) that mount it. */
  usedBy: string[];
  files: Array<{ path: string; size: number }>;
}

export interface SandboxState {
  images: ImageView[];
  containers: ContainerView[];
  volumes: VolumeView[];
  /** The build context's files, as the editor shows them. */
  files: Record<string, string>;
}

export type FetchResult =
  | {
      ok: true;
      status: number;
      statusText: string;
      headers: Array<[string, string]>;
      body: string;
      /**
       * Where a browser can open the same path on the real server, when the container runs one
       * (`--runtime=webcontainer`); the fields above are the simulated answer.
       */
      liveUrl?: string;
    }
  /** Why nothing answered, as curl would say it (`Failed to connect to localhost port 8890 ...`). */
  | { ok: false; message: string };

export type { BuildPlan, PlannedStep, RebuildReason, StepMark } from './build/plan.ts';
import type { BuildPlan } from './build/plan.ts';

/** One instruction of the last build as it left its stage. */
export interface ReplayStepView {
  stageIndex: number;
  stageName: string;
  /** 1-based Dockerfile lines of the instruction. */
  line: number;
  endLine: number;
  /** The instruction as written, continuations joined. */
  instruction: string;
  keyword: string;
  /** BuildKit's step label (`[3/6] COPY . .`), for the steps it shows. */
  label?: string;
  cached: boolean;
  /** The step's log lines, as the build printed them. */
  output: string[];
  workingDir: string;
  env: string[];
  user: string;
  /** How many layers the stage had after the step, base layers included. */
  layerCount: number;
  baseLayers: number;
  /** What this step's own layer changed; empty for config-only steps. */
  changes: LayerFileView[];
}

export interface BuildReplayView {
  dockerfileName: string;
  tags: string[];
  ok: boolean;
  /** The failure, with the failing step's label and log when a step failed. */
  error?: { message: string; line?: number; label?: string; output: string[] };
  steps: ReplayStepView[];
}

/** A file in an image or container tree, with the layer that last wrote it for images. */
export interface TreeEntryView {
  path: string;
  kind: 'file' | 'dir' | 'symlink';
  size: number;
  /** Index into the image's layers. */
  layer?: number;
}

/** A container's page in the Desktop-style views. */
export interface ContainerDetailsView {
  logs: Array<{ stream: 'stdout' | 'stderr'; text: string }>;
  /** `docker inspect` of the container, as the CLI prints it. */
  inspect: string;
}

export interface Sandbox {
  /** Runs one command line as the terminal would; resolves to its exit status. */
  run(commandLine: string, options: RunOptions): Promise<number>;
  /** The prompt the terminal shows before each command, or the question a command waits on. */
  prompt(): string;
  /**
   * Whether a command waits for the learner's next line (`docker image prune`'s `[y/N]`): the
   * next `run` answers it, and an empty line is an answer too.
   */
  waitsForLine(): boolean;
  /** Whether the last command line ran `exit` in the terminal's own shell (not in a container's). */
  exited(): boolean;
  /** Ctrl+C at the prompt: a command waiting for a line stops; false when none waits. */
  interrupt(): boolean;
  state(): SandboxState;
  /**
   * Each container's status as `docker ps` would print it at this moment (`Up 2 minutes`), by id:
   * the relative times in `state()` are as of its last change.
   */
  containerStatuses(): Record<string, string>;
  /** Called after every change of state; returns the unsubscribe function. */
  subscribe(listener: (state: SandboxState) => void): () => void;
  writeFile(path: string, content: string): void;
  deleteFile(path: string): void;
  /**
   * Diagnostics for a Dockerfile in the build context, as `docker build` would raise them. With
   * `language: 'zh'`, Dockyard's own checks and hints are in Chinese; BuildKit's messages stay in
   * English.
   */
  diagnostics(path: string, options?: { language?: 'en' | 'zh' }): Diagnostic[];
  /** The text of a file in an image's file system, or undefined when the image or file is missing. */
  readImageFile(ref: string, path: string): string | undefined;
  /**
   * A request from the preview pane to the simulated host (`http://localhost:8888/`). With
   * `quiet`, it is a check rather than a visit: the serving container's log does not record it.
   */
  fetch(url: string, options?: { quiet?: boolean }): FetchResult;
  /**
   * What the next build of the last-built Dockerfile (or `Dockerfile`) would take from the cache
   * with the files as they are now, and why each other step would run. Changes nothing.
   */
  planBuild(): Promise<BuildPlan>;
  /** The last `docker build` step by step, or undefined before the first one. */
  lastBuild(): BuildReplayView | undefined;
  /** The filesystem of the last build's stage after step `index` of `lastBuild().steps`. */
  replayFiles(index: number): TreeEntryView[];
  /** An image's files after its first `layers` layers (all of them when omitted). */
  imageFiles(ref: string, layers?: number): TreeEntryView[];
  /** Logs and inspect output of a container, or undefined when there is none by that name. */
  containerDetails(nameOrId: string): ContainerDetailsView | undefined;
  /** The files a container sees (mounts included) under `dir`, one level deep. */
  containerFiles(nameOrId: string, dir: string): TreeEntryView[];
  /** The text of a file inside a container, or undefined when it is missing. */
  readContainerFile(nameOrId: string, path: string): string | undefined;
  /** Everything needed to restore this sandbox later, as JSON-safe data. */
  save(): unknown;
  /** Stops every simulated process. */
  dispose(): void;
}
