/**
 * The sandbox's public face, as data: what the page and the command line may ask of it and what
 * it reports back. `index.ts` implements it; nothing outside `sandbox/` imports anything else.
 */
import type { Diagnostic } from './dockerfile/types.ts';

export type { Diagnostic };

import type { Environment } from './environment.ts';

export type { Environment };

export interface SandboxOptions {
  /** The build context: paths relative to the context folder, with their text. */
  files: Record<string, string>;
  environment?: Partial<Environment>;
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
  /** Config-only history entries (EXPOSE, CMD, ...) in order, for the layer list. */
  history: Array<{ createdBy: string; emptyLayer: boolean; size: number }>;
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
    }
  /** Why nothing answered, as curl would say it (`Failed to connect to localhost port 8890 ...`). */
  | { ok: false; message: string };

export interface Sandbox {
  /** Runs one command line as the terminal would; resolves to its exit status. */
  run(commandLine: string, options: RunOptions): Promise<number>;
  /** The prompt the terminal shows before each command. */
  prompt(): string;
  state(): SandboxState;
  /** Called after every change of state; returns the unsubscribe function. */
  subscribe(listener: (state: SandboxState) => void): () => void;
  writeFile(path: string, content: string): void;
  deleteFile(path: string): void;
  /** Diagnostics for a Dockerfile in the build context, as `docker build` would raise them. */
  diagnostics(path: string): Diagnostic[];
  /** The text of a file in an image's file system, or undefined when the image or file is missing. */
  readImageFile(ref: string, path: string): string | undefined;
  /** A request from the preview pane to the simulated host (`http://localhost:8888/`). */
  fetch(url: string): FetchResult;
  /** Everything needed to restore this sandbox later, as JSON-safe data. */
  save(): unknown;
  /** Stops every simulated process. */
  dispose(): void;
}
