import type { Entry } from '../../fs/entry.ts';
import { resolve } from '../../fs/ops.ts';
import { isWithin, resolvePath } from '../../fs/path.ts';
import type { HttpResponse, Listener, ProgramContext } from '../program.ts';
import { waitForAbort } from './text.ts';

/**
 * What the simulated servers (nginx, `python -m http.server`, node scripts, databases) share:
 * finding a requested file under a document root, content types, date formats, and waiting for
 * the signal that stops them.
 */

export type Found =
  | { kind: 'file'; path: string; entry: Extract<Entry, { kind: 'file' }> }
  | { kind: 'dir'; path: string; entry: Extract<Entry, { kind: 'dir' }> }
  | { kind: 'missing' };

/** The entry a URL path names under `root`, following links; nothing outside `root`. */
export function findUnder(context: ProgramContext, root: string, urlPath: string): Found {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'missing' };
  }
  const path = resolvePath(root, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  if (!isWithin(path, root)) return { kind: 'missing' };
  const found = resolve(context.fs, path);
  if (typeof found === 'string' || !found.entry) return { kind: 'missing' };
  if (found.entry.kind === 'file') return { kind: 'file', path: found.path, entry: found.entry };
  if (found.entry.kind === 'dir') return { kind: 'dir', path: found.path, entry: found.entry };
  return { kind: 'missing' };
}

/** Names in a directory with their entries (links followed), unsorted. */
export function listDir(context: ProgramContext, dir: string): Array<[string, Entry]> {
  const out: Array<[string, Entry]> = [];
  for (const name of context.fs.list(dir)) {
    const found = resolve(context.fs, `${dir === '/' ? '' : dir}/${name}`);
    if (typeof found !== 'string' && found.entry) out.push([name, found.entry]);
  }
  return out;
}

const TYPES: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  mjs: 'text/javascript',
  json: 'application/json',
  txt: 'text/plain',
  md: 'text/markdown',
  xml: 'text/xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  ico: 'image/vnd.microsoft.icon',
  webp: 'image/webp',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
};

/** The content type a name's extension maps to, or undefined when none is known. */
export function contentType(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : TYPES[name.slice(dot + 1).toLowerCase()];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `04/Dec/2026:18:40:00 +0000` (nginx's `$time_local` in a UTC container). */
export function nginxTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** `2026/12/04 18:40:00` (nginx's error log). */
export function nginxLogTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The signal that ended the wait (`SIGTERM`, `SIGQUIT`, `SIGINT`, `SIGKILL`). */
export async function waitForSignal(context: ProgramContext): Promise<string> {
  await waitForAbort(context.signal);
  const reason: unknown = context.signal.reason;
  return typeof reason === 'string' ? reason : 'SIGTERM';
}

/** Signal numbers as Linux has them, for the log lines that print them. */
export const SIGNAL_NUMBERS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGTERM: 15,
  SIGCHLD: 17,
  SIGWINCH: 28,
};

/** The status a process ends with when a signal it does not handle kills it. */
export function signalStatus(signal: string): number {
  return 128 + (SIGNAL_NUMBERS[signal] ?? 15);
}

/** `2026-12-04 16:22:11+00:00`: `date --rfc-3339=seconds`, as the database entrypoints log. */
export function entrypointTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+00:00`;
}

export interface RawListeners {
  close(): void;
}

/**
 * The answer of a server that speaks its own protocol (MySQL, Redis, PostgreSQL) to an HTTP
 * request: status 0 means "not HTTP", and the body is what the server sends back first.
 */
export function notHttp(greeting: string): HttpResponse {
  return { status: 0, statusText: '', headers: [], body: greeting };
}

/**
 * Listens on every port on all interfaces for a server that speaks its own protocol. Returns the
 * port already in use, having closed the others, when one is taken.
 */
export function listenRaw(
  context: ProgramContext,
  ports: number[],
  greeting = '',
): RawListeners | number {
  const open: Listener[] = [];
  for (const port of ports) {
    const listener = context.net?.listen(port, '0.0.0.0', () => notHttp(greeting));
    if (listener === 'EADDRINUSE') {
      for (const other of open) other.close();
      return port;
    }
    if (listener) open.push(listener);
  }
  return { close: () => open.forEach((listener) => listener.close()) };
}

/** The compiler a server's build names: Alpine's on alpine images, Debian's elsewhere. */
export function compiler(context: ProgramContext): string {
  return context.fs.get('/etc/alpine-release')
    ? 'gcc 14.2.0 (Alpine 14.2.0)'
    : 'gcc 14.2.0 (Debian 14.2.0-19)';
}
