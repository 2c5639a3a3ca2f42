import { readFile } from '../../fs/ops.ts';
import type { HttpRequest, HttpResponse, ProgramContext } from '../program.ts';
import {
  contentType,
  findUnder,
  listDir,
  nginxTime,
  pad,
  signalStatus,
  waitForSignal,
} from './serving.ts';

/**
 * `httpd` of the official httpd image, run by `httpd-foreground` as `httpd -DFOREGROUND`: its
 * start-up notices, static files from the DocumentRoot with Apache's headers, the plain
 * directory index of mod_autoindex, its error pages, the access log in the `common` format on
 * standard output, and SIGWINCH (the image's STOPSIGNAL) or SIGTERM to stop.
 *
 * Only `Listen` and `DocumentRoot` are read from httpd.conf; modules, .htaccess, virtual hosts
 * and the rest of the configuration language are not modelled.
 */

const FALLBACK_VERSION = '2.4.65';
const CONF = '/usr/local/apache2/conf/httpd.conf';
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `[Fri Dec 04 16:22:11.000000 2026]`, Apache's error-log time. */
function errorTime(ms: number): string {
  const d = new Date(ms);
  return `[${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds() * 1000, 6)} ${d.getUTCFullYear()}]`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const DOCTYPE =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">';

const byteLength = (text: string) => new TextEncoder().encode(text).length;

function errorPage(title: string, heading: string, text: string): string {
  return `${DOCTYPE}\n<html><head>\n<title>${title}</title>\n</head><body>\n<h1>${heading}</h1>\n<p>${text}</p>\n</body></html>\n`;
}

class Apache {
  constructor(
    private readonly context: ProgramContext,
    private readonly root: string,
    private readonly version: string,
  ) {}

  private finish(
    request: HttpRequest,
    status: number,
    statusText: string,
    headers: Array<[string, string]>,
    body: string,
  ): HttpResponse {
    const size = request.method === 'HEAD' || body === '' ? '-' : String(byteLength(body));
    this.context.io.stdout(
      `${request.remoteAddress} - - [${nginxTime(this.context.now())}] "${request.method} ${request.url} HTTP/1.1" ${status} ${size}\n`,
    );
    return {
      status,
      statusText,
      headers: [
        ['Date', new Date(this.context.now()).toUTCString()],
        ['Server', `Apache/${this.version} (Unix)`],
        ...headers,
      ],
      body: request.method === 'HEAD' ? '' : body,
    };
  }

  private page(request: HttpRequest, status: number, statusText: string, body: string) {
    return this.finish(
      request,
      status,
      statusText,
      [
        ['Content-Length', String(byteLength(body))],
        ['Content-Type', 'text/html; charset=iso-8859-1'],
      ],
      body,
    );
  }

  handle(request: HttpRequest): HttpResponse {
    const path = request.url.split('?')[0]!;
    if (!['GET', 'HEAD', 'POST', 'OPTIONS'].includes(request.method)) {
      return this.page(
        request,
        405,
        'Method Not Allowed',
        errorPage(
          '405 Method Not Allowed',
          'Method Not Allowed',
          `The requested method ${escapeHtml(request.method)} is not allowed for this URL.`,
        ),
      );
    }
    const found = findUnder(this.context, this.root, path);
    if (found.kind === 'missing') {
      return this.page(
        request,
        404,
        'Not Found',
        errorPage('404 Not Found', 'Not Found', 'The requested URL was not found on this server.'),
      );
    }
    if (found.kind === 'dir') {
      if (!path.endsWith('/')) {
        const location = `http://${request.headers.host ?? 'localhost'}${path}/`;
        const body = errorPage(
          '301 Moved Permanently',
          'Moved Permanently',
          `The document has moved <a href="${escapeHtml(location)}">here</a>.`,
        );
        return this.finish(
          request,
          301,
          'Moved Permanently',
          [
            ['Location', location],
            ['Content-Length', String(byteLength(body))],
            ['Content-Type', 'text/html; charset=iso-8859-1'],
          ],
          body,
        );
      }
      const index = findUnder(this.context, this.root, `${path}index.html`);
      if (index.kind === 'file') return this.file(request, `${path}index.html`, index.entry);
      return this.listing(request, found.path, path);
    }
    return this.file(request, path, found.entry);
  }

  private file(
    request: HttpRequest,
    path: string,
    entry: { content: string; mtime: number },
  ): HttpResponse {
    const size = byteLength(entry.content);
    return this.finish(
      request,
      200,
      'OK',
      [
        ['Last-Modified', new Date(entry.mtime).toUTCString()],
        ['ETag', `"${size.toString(16)}-${(entry.mtime * 1000).toString(16)}"`],
        ['Accept-Ranges', 'bytes'],
        ['Content-Length', String(size)],
        ['Content-Type', contentType(path) ?? 'text/plain'],
      ],
      entry.content,
    );
  }

  private listing(request: HttpRequest, dir: string, urlPath: string): HttpResponse {
    const title = escapeHtml(decodeURIComponent(urlPath.replace(/\/$/, '')) || '/');
    const parent = urlPath === '/' ? '' : '<li><a href="/"> Parent Directory</a></li>\n';
    const items = listDir(this.context, dir)
      .filter(([name]) => !name.startsWith('.'))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, entry]) => {
        const shown = entry.kind === 'dir' ? `${name}/` : name;
        return `<li><a href="${encodeURI(shown)}"> ${escapeHtml(shown)}</a></li>\n`;
      });
    const body = `${DOCTYPE}\n<html>\n <head>\n  <title>Index of ${title}</title>\n </head>\n <body>\n<h1>Index of ${title}</h1>\n<ul>${parent}${items.join('')}</ul>\n</body></html>\n`;
    return this.finish(
      request,
      200,
      'OK',
      [
        ['Content-Length', String(byteLength(body))],
        ['Content-Type', 'text/html;charset=ISO-8859-1'],
      ],
      body,
    );
  }
}

/** Listen port and DocumentRoot from httpd.conf, with the image's defaults. */
function readConf(context: ProgramContext): { port: number; root: string } {
  const text = readFile(context.fs, CONF);
  const conf = typeof text === 'string' && text.includes('\n') ? text.replace(/#.*$/gm, '') : '';
  const port = /^\s*Listen\s+(?:[\d.]+:)?(\d+)/m.exec(conf)?.[1];
  const root = /^\s*DocumentRoot\s+"?([^"\s]+)"?/m.exec(conf)?.[1];
  return { port: port ? Number(port) : 80, root: root ?? '/usr/local/apache2/htdocs' };
}

export async function httpd(context: ProgramContext): Promise<number> {
  const args = context.argv.slice(1);
  const version = context.env.HTTPD_VERSION || FALLBACK_VERSION;
  if (args.includes('-v')) {
    context.io.stdout(
      `Server version: Apache/${version} (Unix)\nServer built:   Jul 23 2025 00:00:00\n`,
    );
    return 0;
  }
  if (args.includes('-t')) {
    context.io.stderr('Syntax OK\n');
    return 0;
  }
  const foreground =
    args.some((arg) => /^-D\s*FOREGROUND$/.test(arg)) ||
    args.some((arg, i) => arg === '-D' && args[i + 1] === 'FOREGROUND');
  // Without -DFOREGROUND httpd detaches and the process started exits at once.
  if (!foreground) return 0;

  const { port, root } = readConf(context);
  const notice = (module: string, text: string) =>
    context.io.stderr(`${errorTime(context.now())} [${module}:notice] [pid 1:tid 1] ${text}\n`);
  const server = new Apache(context, root, version);
  const listener = context.net?.listen(port, '0.0.0.0', (request) => server.handle(request));
  if (listener === 'EADDRINUSE') {
    context.io.stderr(
      `(98)Address already in use: AH00072: make_sock: could not bind to address 0.0.0.0:${port}\nno listening sockets available, shutting down\nAH00015: Unable to open logs\n`,
    );
    return 1;
  }
  const address = context.net?.addresses[1] ?? '127.0.0.1';
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${address}. Set the 'ServerName' directive globally to suppress this message\n`;
  context.io.stderr(fqdn + fqdn);
  notice('mpm_event', `AH00489: Apache/${version} (Unix) configured -- resuming normal operations`);
  notice('core', "AH00094: Command line: 'httpd -D FOREGROUND'");

  const signal = await waitForSignal(context);
  listener?.close();
  switch (signal) {
    case 'SIGWINCH':
      notice('mpm_event', 'AH00492: caught SIGWINCH, shutting down gracefully');
      return 0;
    case 'SIGTERM':
    case 'SIGINT':
      notice('mpm_event', `AH00491: caught ${signal}, shutting down`);
      return 0;
    default:
      return signalStatus(signal);
  }
}
