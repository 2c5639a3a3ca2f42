import { fileEntry } from '../../fs/entry.ts';
import { readFile } from '../../fs/ops.ts';
import type { HttpRequest, HttpResponse, Listener, ProgramContext } from '../program.ts';
import {
  compiler,
  contentType,
  findUnder,
  listDir,
  nginxLogTime,
  nginxTime,
  SIGNAL_NUMBERS,
  signalStatus,
  waitForSignal,
} from './serving.ts';

/**
 * The official nginx image at run time: `/docker-entrypoint.sh` (its notices, the scripts in
 * /docker-entrypoint.d, the IPv6 listen line and `envsubst` templates) and `nginx -g 'daemon
 * off;'` serving static files with nginx's headers, error pages, error log (standard error) and
 * access log in the `main` format (standard output). SIGQUIT stops it gracefully and SIGTERM or
 * SIGINT fast, each with nginx's shutdown notices.
 *
 * The configuration is read only for what a learner changes first: `listen`, `root` and `index`
 * in the `server` blocks of /etc/nginx/conf.d/*.conf. Proxying, rewrites, `try_files` and the
 * rest of nginx's language are not modelled.
 */

const FALLBACK_VERSION = '1.29.3';
const WORKERS = 2;
/** The pid the first worker gets in a container, after the entrypoint's own processes. */
const FIRST_WORKER_PID = 29;

const CONF = '/etc/nginx/conf.d/default.conf';
const LISTEN_V4 = '    listen       80;\n';
const LISTEN_V6 = '    listen  [::]:80;\n';

function nginxVersion(context: ProgramContext): string {
  return context.env.NGINX_VERSION || FALLBACK_VERSION;
}

interface Site {
  port: number;
  root: string;
  index: string[];
}

/** The `server` blocks of conf.d: their port, document root and index files. */
export function readSites(context: ProgramContext): Site[] {
  const sites: Site[] = [];
  const dir = '/etc/nginx/conf.d';
  const names = context.fs.get(dir)?.kind === 'dir' ? context.fs.list(dir).sort() : [];
  for (const name of names.filter((n) => n.endsWith('.conf'))) {
    const text = readFile(context.fs, `${dir}/${name}`);
    if (typeof text !== 'string') continue;
    const clean = text.replace(/#.*$/gm, '');
    for (const block of clean.split(/\bserver\s*\{/).slice(1)) {
      const port = /\blisten\s+(?:[\d.]+:)?(\d+)/.exec(block)?.[1];
      const root = /\broot\s+([^;\s]+)\s*;/.exec(block)?.[1];
      const index = /\bindex\s+([^;]+);/.exec(block)?.[1];
      sites.push({
        port: port ? Number(port) : 80,
        root: root ? (root.startsWith('/') ? root : `/etc/nginx/${root}`) : '/etc/nginx/html',
        index: index ? index.trim().split(/\s+/) : ['index.html'],
      });
    }
  }
  return sites;
}

function errorPage(status: number, text: string, version: string): string {
  const title = `${status} ${text}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

const byteLength = (text: string) => new TextEncoder().encode(text).length;

class StaticSite {
  private connection = 0;

  constructor(
    private readonly context: ProgramContext,
    private readonly site: Site,
    private readonly version: string,
  ) {}

  private worker(): number {
    return FIRST_WORKER_PID + (this.connection % WORKERS);
  }

  private errorLog(request: HttpRequest, message: string): void {
    const pid = this.worker();
    this.context.io.stderr(
      `${nginxLogTime(this.context.now())} [error] ${pid}#${pid}: *${this.connection} ${message}, client: ${request.remoteAddress}, server: localhost, request: "${request.method} ${request.url} HTTP/1.1", host: "${request.headers.host ?? ''}"\n`,
    );
  }

  private finish(
    request: HttpRequest,
    status: number,
    statusText: string,
    headers: Array<[string, string]>,
    body: string,
  ): HttpResponse {
    const sent = request.method === 'HEAD' ? 0 : byteLength(body);
    const header = (name: string) => request.headers[name] ?? '-';
    this.context.io.stdout(
      `${request.remoteAddress} - - [${nginxTime(this.context.now())}] "${request.method} ${request.url} HTTP/1.1" ${status} ${sent} "${header('referer')}" "${header('user-agent')}" "${header('x-forwarded-for')}"\n`,
    );
    const all: Array<[string, string]> = [
      ['Server', `nginx/${this.version}`],
      ['Date', new Date(this.context.now()).toUTCString()],
      ...headers,
    ];
    return { status, statusText, headers: all, body: request.method === 'HEAD' ? '' : body };
  }

  private error(request: HttpRequest, status: number, text: string): HttpResponse {
    const body = errorPage(status, text, this.version);
    return this.finish(
      request,
      status,
      text,
      [
        ['Content-Type', 'text/html'],
        ['Content-Length', String(byteLength(body))],
        ['Connection', 'keep-alive'],
      ],
      body,
    );
  }

  handle(request: HttpRequest): HttpResponse {
    this.connection++;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return this.error(request, 405, 'Not Allowed');
    }
    const path = request.url.split('?')[0]!;
    const found = findUnder(this.context, this.site.root, path);
    if (found.kind === 'missing') {
      this.errorLog(
        request,
        `open() "${this.site.root}${decodeSafe(path)}" failed (2: No such file or directory)`,
      );
      return this.error(request, 404, 'Not Found');
    }
    if (found.kind === 'dir') {
      if (!path.endsWith('/')) {
        const host = (request.headers.host ?? 'localhost').replace(/:\d+$/, '');
        const port = this.site.port === 80 ? '' : `:${this.site.port}`;
        const body = errorPage(301, 'Moved Permanently', this.version);
        return this.finish(
          request,
          301,
          'Moved Permanently',
          [
            ['Content-Type', 'text/html'],
            ['Content-Length', String(byteLength(body))],
            ['Location', `http://${host}${port}${path}/`],
            ['Connection', 'keep-alive'],
          ],
          body,
        );
      }
      for (const name of this.site.index) {
        const page = findUnder(this.context, this.site.root, `${path}${name}`);
        if (page.kind === 'file') return this.file(request, `${path}${name}`, page.entry);
      }
      this.errorLog(
        request,
        `directory index of "${this.site.root}${decodeSafe(path)}" is forbidden`,
      );
      return this.error(request, 403, 'Forbidden');
    }
    return this.file(request, path, found.entry);
  }

  private file(
    request: HttpRequest,
    path: string,
    entry: { content: string; mtime: number },
  ): HttpResponse {
    const size = byteLength(entry.content);
    const seconds = Math.floor(entry.mtime / 1000);
    return this.finish(
      request,
      200,
      'OK',
      [
        ['Content-Type', contentType(path) ?? 'application/octet-stream'],
        ['Content-Length', String(size)],
        ['Last-Modified', new Date(seconds * 1000).toUTCString()],
        ['Connection', 'keep-alive'],
        ['ETag', `"${seconds.toString(16)}-${size.toString(16)}"`],
        ['Accept-Ranges', 'bytes'],
      ],
      entry.content,
    );
  }
}

function decodeSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** `nginx`: `-v`, `-V`, `-t`, and the server itself when told `daemon off;`. */
export async function nginx(context: ProgramContext): Promise<number> {
  const args = context.argv.slice(1);
  const version = nginxVersion(context);
  const notice = (pid: number, text: string) =>
    context.io.stderr(`${nginxLogTime(context.now())} [notice] ${pid}#${pid}: ${text}\n`);
  if (args.includes('-v') || args.includes('-V')) {
    context.io.stderr(`nginx version: nginx/${version}\n`);
    if (args.includes('-V')) {
      context.io.stderr(`built by ${compiler(context)} \nbuilt with OpenSSL 3.5.1\n`);
    }
    return 0;
  }
  if (args.includes('-t') || args.includes('-T')) {
    context.io.stderr(
      'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n',
    );
    return 0;
  }
  const globals = args[args.indexOf('-g') + 1] ?? '';
  const conf = readFile(context.fs, '/etc/nginx/nginx.conf');
  const daemonOff =
    (args.includes('-g') && /\bdaemon\s+off\s*;/.test(globals)) ||
    (typeof conf === 'string' && /^\s*daemon\s+off\s*;/m.test(conf));
  // Without `daemon off;` nginx forks into the background and the process started exits at
  // once, which ends a container.
  if (!daemonOff) return 0;

  const sites = readSites(context);
  const listeners: Listener[] = [];
  for (const site of sites.length > 0
    ? sites
    : [{ port: 80, root: '/etc/nginx/html', index: ['index.html'] }]) {
    const server = new StaticSite(context, site, version);
    const listener = context.net?.listen(site.port, '0.0.0.0', (request) => server.handle(request));
    if (listener === 'EADDRINUSE') {
      context.io.stderr(
        `${nginxLogTime(context.now())} [emerg] 1#1: bind() to 0.0.0.0:${site.port} failed (98: Address already in use)\nnginx: [emerg] bind() to 0.0.0.0:${site.port} failed (98: Address already in use)\n`,
      );
      for (const open of listeners) open.close();
      return 1;
    }
    if (listener) listeners.push(listener);
  }

  notice(1, 'using the "epoll" event method');
  notice(1, `nginx/${version}`);
  notice(1, `built by ${compiler(context)} `);
  notice(1, 'OS: Linux 6.10.14-linuxkit');
  notice(1, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
  notice(1, 'start worker processes');
  const workers = Array.from({ length: WORKERS }, (_, i) => FIRST_WORKER_PID + i);
  for (const pid of workers) notice(1, `start worker process ${pid}`);

  const signal = await waitForSignal(context);
  for (const listener of listeners) listener.close();
  if (signal === 'SIGKILL') return signalStatus(signal);
  const graceful = signal === 'SIGQUIT';
  const number = SIGNAL_NUMBERS[signal] ?? 15;
  notice(1, `signal ${number} (${signal}) received, ${graceful ? 'shutting down' : 'exiting'}`);
  if (graceful) for (const pid of workers) notice(pid, 'gracefully shutting down');
  for (const pid of workers) notice(pid, 'exiting');
  for (const pid of workers) notice(pid, 'exit');
  notice(1, `signal 17 (SIGCHLD) received from ${workers.at(-1)}`);
  for (const pid of workers) notice(1, `worker process ${pid} exited with code 0`);
  notice(1, 'exit');
  return 0;
}

/** The default.conf the package installs, which 10-listen-on-ipv6-by-default.sh recognises. */
function packagedConf(text: string): boolean {
  return (
    text.includes(LISTEN_V4) &&
    !text.includes(LISTEN_V6) &&
    text.includes('server_name  localhost;')
  );
}

/** What the packaged scripts in /docker-entrypoint.d print and do. */
function packagedScript(context: ProgramContext, name: string): boolean {
  // The real scripts write to the entrypoint's descriptor 3, which the quiet setting closes.
  const say = (text: string) => {
    if (!context.env.NGINX_ENTRYPOINT_QUIET_LOGS) context.io.stdout(`${name}: info: ${text}\n`);
  };
  switch (name) {
    case '10-listen-on-ipv6-by-default.sh': {
      const text = readFile(context.fs, CONF);
      if (typeof text !== 'string') {
        say(`${CONF} is not a file or does not exist`);
        return true;
      }
      say(`Getting the checksum of ${CONF}`);
      if (!packagedConf(text)) {
        say(`${CONF} differs from the packaged version`);
        return true;
      }
      const entry = context.fs.get(CONF);
      try {
        context.fs.set(CONF, {
          ...fileEntry(text.replace(LISTEN_V4, LISTEN_V4 + LISTEN_V6), entry?.mode ?? 0o644),
          mtime: context.now(),
        });
        say(`Enabled listen on IPv6 in ${CONF}`);
      } catch {
        say(`can not modify ${CONF} (read-only file system?)`);
      }
      return true;
    }
    case '20-envsubst-on-templates.sh': {
      const dir = '/etc/nginx/templates';
      if (context.fs.get(dir)?.kind !== 'dir') return true;
      for (const [file, entry] of listDir(context, dir).sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (entry.kind !== 'file' || !file.endsWith('.template')) continue;
        const target = `/etc/nginx/conf.d/${file.slice(0, -'.template'.length)}`;
        say(`Running envsubst on ${dir}/${file} to ${target}`);
        const filled = entry.content.replace(
          /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
          (whole, a, b) => {
            const key = (a ?? b) as string;
            return key in context.env ? context.env[key]! : whole;
          },
        );
        context.fs.set(target, { ...fileEntry(filled), mtime: context.now() });
      }
      return true;
    }
    case '15-local-resolvers.envsh':
    case '30-tune-worker-processes.sh':
      return true;
    default:
      return false;
  }
}

/** The marker the packaged scripts carry, so a learner's own script of the same name runs. */
export const PACKAGED_SCRIPT_LINE = '# packaged with the nginx image';

/** `/docker-entrypoint.sh` of the nginx image. */
export async function nginxEntrypoint(context: ProgramContext): Promise<number> {
  const args = context.argv.slice(1);
  const me = context.argv[0]!;
  const quiet = Boolean(context.env.NGINX_ENTRYPOINT_QUIET_LOGS);
  const log = (text: string) => {
    if (!quiet) context.io.stdout(`${me}: ${text}\n`);
  };
  if (args[0] === 'nginx' || args[0] === 'nginx-debug') {
    const dir = '/docker-entrypoint.d';
    const files = context.fs.get(dir)?.kind === 'dir' ? listDir(context, dir) : [];
    if (files.some(([, entry]) => entry.kind === 'file')) {
      log(`${dir}/ is not empty, will attempt to perform configuration`);
      log(`Looking for shell scripts in ${dir}/`);
      for (const [name, entry] of files.sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (entry.kind !== 'file') continue;
        const path = `${dir}/${name}`;
        const executable = (entry.mode & 0o111) !== 0;
        const packaged = entry.content.includes(PACKAGED_SCRIPT_LINE);
        if (name.endsWith('.envsh') && executable) {
          log(`Sourcing ${path}`);
          if (packaged) packagedScript(context, name);
          else await context.spawn(['/bin/sh', path]);
        } else if (name.endsWith('.sh') && executable) {
          log(`Launching ${path}`);
          const status =
            packaged && packagedScript(context, name) ? 0 : await context.spawn([path]);
          if (status !== 0) return status;
        } else if (name.endsWith('.sh') || name.endsWith('.envsh')) {
          log(`Ignoring ${path}, not executable`);
        } else log(`Ignoring ${path}`);
      }
      log('Configuration complete; ready for start up');
    } else {
      log(`No files found in ${dir}/, skipping configuration`);
    }
  }
  if (args.length === 0) return 0;
  return context.spawn(args);
}
