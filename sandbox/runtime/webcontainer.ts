import type { ContainerRuntime } from './runtimes.ts';
import { RUNTIME_MESSAGES } from './messages.ts';

/**
 * The `webcontainer` runtime: a container's Node program run for real in a WebContainer
 * (StackBlitz's in-browser Node), behind the same process interface as the simulated programs.
 * The sandbox never loads `@webcontainer/api`: the page hands in a `WebContainerHost`, and these
 * interfaces are the part of that API the runtime uses, shaped so the real classes fit them.
 */

/** A folder of files as `WebContainer.mount` takes it. */
export interface FileTree {
  [name: string]:
    { directory: FileTree } | { file: { contents: string } } | { file: { symlink: string } };
}

/** The part of a WebContainer's terminal output stream the runtime reads. */
export interface OutputStreamLike {
  getReader(): {
    read(): Promise<{ done: boolean; value?: string | undefined }>;
    cancel(reason?: unknown): Promise<void>;
  };
}

/** A process spawned in a WebContainer. */
export interface WebContainerProcessLike {
  /** Everything the process and its children write to their terminal. */
  output: OutputStreamLike;
  exit: Promise<number>;
  kill(): void;
}

export interface WebContainerSpawnOptions {
  /** Relative to the WebContainer's working folder. */
  cwd?: string;
  env?: Record<string, string>;
  /** False: no output is sent back. */
  output?: boolean;
}

/** A booted WebContainer. */
export interface WebContainerLike {
  mount(tree: FileTree, options?: { mountPoint?: string }): Promise<void>;
  spawn(
    command: string,
    args: string[],
    options?: WebContainerSpawnOptions,
  ): Promise<WebContainerProcessLike>;
  on(event: 'server-ready', listener: (port: number, url: string) => void): () => void;
  on(
    event: 'port',
    listener: (port: number, type: 'open' | 'close', url: string) => void,
  ): () => void;
  on(event: 'error', listener: (error: { message: string }) => void): () => void;
}

/** What the page provides: whether it can run a WebContainer, and the one it booted. */
export interface WebContainerHost {
  /** Why this page cannot run a WebContainer (not cross-origin isolated, no SharedArrayBuffer), or undefined. */
  unavailable(): string | undefined;
  /** Boots once per page; later calls get the same instance. */
  boot(): Promise<WebContainerLike>;
  /** How long a boot may take before the runtime gives up (boot() waits forever offline). */
  bootTimeoutMs: number;
  /** Told once per container that falls back, with the sentence that says why (the page shows it). */
  fellBack?(container: string, sentence: string): void;
}

/** The `webcontainer` runtime for a page: a container's Node program runs for real there. */
export function webContainerRuntime(host: WebContainerHost): ContainerRuntime {
  return async (context, simulated) => {
    const reason = host.unavailable();
    const sentence =
      reason !== undefined
        ? RUNTIME_MESSAGES.unavailable(reason)
        : RUNTIME_MESSAGES.failed(RUNTIME_MESSAGES.steps.boot, 'not available yet');
    const container = context.env.HOSTNAME ?? '';
    context.io.stderr(`dockyard: ${sentence}\n`);
    host.fellBack?.(container, sentence);
    return simulated();
  };
}
