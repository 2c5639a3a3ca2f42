import type { FileSystem } from '../fs/file-system.ts';

/**
 * The contract between the engine and every simulated program (`ls`, `npm`, `http-server`, the
 * shell itself). A program is a function of its context that returns an exit status. The same
 * programs run in build steps (`RUN`), in containers and in the terminal.
 */

export interface ProcessIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Everything on standard input (a pipe's output or a heredoc); empty when none. */
  stdin: string;
  /** True when stdout is a terminal (`docker run -t`); `ls` then prints columns. */
  tty?: boolean;
  /** True when standard input is the terminal (not a pipe, file or heredoc). */
  stdinTerminal?: boolean;
}

export interface HttpRequest {
  method: string;
  /** Path and query as sent, e.g. `/index.html?x=1`. */
  url: string;
  headers: Record<string, string>;
  /** Address of the client as the server sees it (`172.17.0.1` through a published port). */
  remoteAddress: string;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Header names in the case the real server sends them. */
  headers: Array<[string, string]>;
  body: string;
}

export type HttpHandler = (request: HttpRequest) => HttpResponse;

/**
 * A real server behind a simulated listener (a program run for real outside the simulation):
 * where a browser can open it, and how to ask it for the real answer.
 */
export interface LiveServer {
  /** Where a browser can open this port (a WebContainer's `server-ready` URL). */
  url: string;
  /**
   * The real server's answer; undefined when it did not answer (curl then reports (56)), or when
   * `signal` (the asking command's Ctrl+C) aborted first.
   */
  request(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse | undefined>;
}

export interface Listener {
  close(): void;
}

/** What a container's network namespace lets a process do. Absent during builds. */
export interface NetworkAccess {
  /** Addresses of the container's interfaces, loopback first (`127.0.0.1`, `172.17.0.2`). */
  addresses: string[];
  /**
   * Starts serving `port` on `host` (`0.0.0.0` for every interface). Returns `EADDRINUSE` when
   * something in this container already listens there. `live`: a real server answers on this
   * port too; the simulated `handler` keeps answering synchronous questions.
   */
  listen(
    port: number,
    host: string,
    handler: HttpHandler,
    live?: LiveServer,
  ): Listener | 'EADDRINUSE';
  /**
   * Tells whoever shows the container's listeners that a real server came or went behind one
   * (a runtime lending a port to a real server calls it once its listeners are in place).
   */
  changed?(): void;
}

export interface UserIdentity {
  uid: number;
  gid: number;
  name: string;
  home: string;
}

export interface ProgramContext {
  /** argv[0] is the name as invoked. */
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  fs: FileSystem;
  io: ProcessIO;
  user: UserIdentity;
  /** Aborted when the process is killed (`docker stop`, Ctrl+C); long-running programs end then. */
  signal: AbortSignal;
  /** Milliseconds since the epoch, from the sandbox's injected clock. */
  now(): number;
  net?: NetworkAccess;
  /**
   * Waits `ms` of the sandbox's time, resolving early when `signal` aborts (what `sleep` uses).
   * Absent means the sandbox lets no time pass, and a wait ends at once.
   */
  delay?(ms: number, signal: AbortSignal): Promise<void>;
  /**
   * Tells the person watching what the simulation did not really do (a tool it does not model,
   * a download that never happened). `key` names the fact: the owner of the context shows each
   * key once (a build: once per build) and prints the text so it cannot be taken for a
   * program's own output. Absent means each note goes to stderr as `dockyard: <text>`; use
   * `simulationNote`, which handles both.
   */
  note?(key: string, text: string): void;
  /** Runs another program as a child process (what `sh` does for each command). */
  spawn(
    argv: string[],
    options?: Partial<Pick<ProgramContext, 'env' | 'cwd' | 'io'>>,
  ): Promise<number>;
}

export type Program = (context: ProgramContext) => number | Promise<number>;

/**
 * How a file in a simulated image says which program it stands in for: a line
 * `dockyard-program: <name>` within its first 256 characters. Real text (scripts with a `#!`
 * line and no marker) is run by its interpreter instead.
 */
export const PROGRAM_MARKER = 'dockyard-program:';

export function programMarker(name: string): string {
  return `\u007fELF (a stand-in for a compiled program)\n${PROGRAM_MARKER} ${name}\n`;
}

/** Shows a simulation note through the context, or on stderr when the context has no `note`. */
export function simulationNote(context: ProgramContext, key: string, text: string): void {
  if (context.note) context.note(key, text);
  else context.io.stderr(`dockyard: ${text}\n`);
}

/**
 * A `note` for a context that shows each key once: what a build (or a container) passes on to
 * every process it runs. `show` receives the text alone.
 */
export function notesOncePerKey(show: (text: string) => void): (key: string, text: string) => void {
  const seen = new Set<string>();
  return (key, text) => {
    if (seen.has(key)) return;
    seen.add(key);
    show(text);
  };
}
