import type { HttpRequest, HttpResponse } from '../shell/program.ts';
import type {
  FileTree,
  OutputStreamLike,
  WebContainerLike,
  WebContainerProcessLike,
  WebContainerSpawnOptions,
} from './webcontainer.ts';

/**
 * A WebContainer stand-in for tests of the `webcontainer` runtime: it records what was mounted
 * and spawned, and lets the test play each process (its output, its exit, the ports it opens).
 * Nothing runs; no network is touched.
 */

/** A terminal output stream the test writes into. */
class FakeOutput implements OutputStreamLike {
  private readonly chunks: string[] = [];
  private waiting: ((result: { done: boolean; value?: string }) => void) | undefined;
  private closed = false;

  push(text: string): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ done: false, value: text });
    } else this.chunks.push(text);
  }

  close(): void {
    this.closed = true;
    if (this.waiting && this.chunks.length === 0) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ done: true });
    }
  }

  getReader(): ReturnType<OutputStreamLike['getReader']> {
    return {
      read: () => {
        const next = this.chunks.shift();
        if (next !== undefined) return Promise.resolve({ done: false, value: next });
        if (this.closed) return Promise.resolve({ done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      cancel: async () => this.close(),
    };
  }
}

export class FakeProcess implements WebContainerProcessLike {
  readonly output = new FakeOutput();
  readonly exit: Promise<number>;
  killed = false;
  private finish!: (status: number) => void;

  constructor(
    readonly command: string,
    readonly args: string[],
    readonly options: WebContainerSpawnOptions | undefined,
    /** How the WebContainer ends a killed process: at once unless the test says otherwise. */
    private readonly onKill: (process: FakeProcess) => void = (process) => process.end(130),
  ) {
    this.exit = new Promise((resolve) => (this.finish = resolve));
  }

  /** Writes to the process's terminal. */
  write(text: string): void {
    this.output.push(text);
  }

  /** Ends the process with `status`, its output closed. */
  end(status: number): void {
    this.output.close();
    this.finish(status);
  }

  kill(): void {
    if (this.killed) return;
    this.killed = true;
    this.onKill(this);
  }
}

type Listener = (...args: never[]) => void;

/** What a process does once spawned: the test's script for it. */
export type FakeBehaviour = (process: FakeProcess, wc: FakeWebContainer) => void;

export class FakeWebContainer implements WebContainerLike {
  readonly workdir = '/home/dockyard';
  readonly path = '/usr/local/bin:/usr/bin:/bin';
  readonly mounts: Array<{ tree: FileTree; mountPoint: string | undefined }> = [];
  /** Folders made with `fs.mkdir`. */
  readonly folders: string[] = [];
  readonly fs = {
    mkdir: async (path: string, options: { recursive: true }): Promise<string> => {
      if (!options.recursive) throw new Error('only recursive mkdir is played');
      this.folders.push(path);
      return path;
    },
  };
  readonly processes: FakeProcess[] = [];
  /** Servers the WebContainer has, by port: what the request helper (`node -e`) reaches. */
  readonly servers = new Map<number, (request: HttpRequest) => HttpResponse>();
  /** Requests the helper carried to a server. */
  readonly requests: Array<{ port: number; request: HttpRequest }> = [];
  /** Set to make `mount` or `spawn` fail with this message. */
  failMount?: string;
  failSpawn?: string;
  /**
   * How long a killed process takes to end, in real milliseconds: the ports it served are
   * reported closed (late, even when another process serves one by then), and then it exits. `never`: it does not end. Unset: it ends at once, its ports left as they are.
   */
  killDelayMs?: number | 'never';
  /** Set to make `mount` never settle, or the spawn of this command never settle. */
  stallMount = false;
  stallSpawn?: string;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly servedBy = new Map<number, FakeProcess>();

  constructor(
    /** Plays each spawned process; the default ends npm with 0 and leaves others running. */
    readonly behave: FakeBehaviour = () => {},
  ) {}

  async mount(tree: FileTree, options?: { mountPoint?: string }): Promise<void> {
    if (this.failMount !== undefined) throw new Error(this.failMount);
    if (this.stallMount) await new Promise(() => {});
    // A mount point must be a folder that exists.
    const point = options?.mountPoint;
    if (point !== undefined && !this.folders.includes(point)) {
      throw new Error(`ENOENT: no such file or directory, ${point}`);
    }
    this.mounts.push({ tree, mountPoint: options?.mountPoint });
  }

  async spawn(
    command: string,
    args: string[],
    options?: WebContainerSpawnOptions,
  ): Promise<FakeProcess> {
    if (this.failSpawn !== undefined && command !== 'npm') throw new Error(this.failSpawn);
    if (command === this.stallSpawn) await new Promise(() => {});
    const process = new FakeProcess(command, args, options, (killed) => this.ending(killed));
    this.processes.push(process);
    if (command === 'node' && args[0] === '-e') this.answer(process);
    else this.behave(process, this);
    return process;
  }

  on(event: 'server-ready', listener: (port: number, url: string) => void): () => void;
  on(
    event: 'port',
    listener: (port: number, type: 'open' | 'close', url: string) => void,
  ): () => void;
  on(event: 'error', listener: (error: { message: string }) => void): () => void;
  on(event: string, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** The URL a port gets, as WebContainers name them. */
  urlOf(port: number): string {
    return `https://fake--${port}.webcontainer.test`;
  }

  /**
   * A process starts serving `port`: the helper reaches `handler`, and the events fire. `by`:
   * the process that serves it, which closes it when killed with a `killDelayMs`.
   */
  serve(port: number, handler: (request: HttpRequest) => HttpResponse, by?: FakeProcess): void {
    this.servers.set(port, handler);
    if (by) this.servedBy.set(port, by);
    else this.servedBy.delete(port);
    this.emit('port', port, 'open', this.urlOf(port));
    this.emit('server-ready', port, this.urlOf(port));
  }

  close(port: number): void {
    this.servers.delete(port);
    this.servedBy.delete(port);
    this.emit('port', port, 'close', this.urlOf(port));
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (...values: unknown[]) => void)(...args);
    }
  }

  /** Listeners still subscribed, for checking that a run let go of its events. */
  subscribers(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }

  /** Ends a killed process as `killDelayMs` says. */
  private ending(process: FakeProcess): void {
    const delay = this.killDelayMs;
    if (delay === 'never') return;
    if (delay === undefined) {
      process.end(130);
      return;
    }
    // Its ports as it was killed: their close events come late, whoever serves them by then.
    const ports = [...this.servedBy].filter(([, by]) => by === process).map(([port]) => port);
    setTimeout(() => {
      for (const port of ports) {
        if (this.servedBy.get(port) === process) {
          this.servers.delete(port);
          this.servedBy.delete(port);
        }
        this.emit('port', port, 'close', this.urlOf(port));
      }
      process.end(130);
    }, delay);
  }

  /** Runs the request helper: prints the server's answer as its marked JSON line. */
  private answer(process: FakeProcess): void {
    const port = Number(process.args[2]);
    const request = JSON.parse(process.args[3] ?? '{}') as HttpRequest;
    const server = this.servers.get(port);
    void Promise.resolve().then(() => {
      if (!server) {
        process.write(`\r\nDOCKYARD-ANSWER {"error":"connect ECONNREFUSED 127.0.0.1:${port}"}\r\n`);
      } else {
        this.requests.push({ port, request });
        process.write(`\r\nDOCKYARD-ANSWER ${JSON.stringify(server(request))}\r\n`);
      }
      process.end(0);
    });
  }
}
