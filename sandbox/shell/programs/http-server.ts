import type { Entry } from '../../fs/entry.ts';
import { entrySize } from '../../fs/entry.ts';
import { resolve } from '../../fs/ops.ts';
import { isWithin, normalizePath, resolvePath } from '../../fs/path.ts';
import type { HttpRequest, HttpResponse, Listener, ProgramContext } from '../program.ts';
import { nodeVersion } from './node.ts';
import { waitForAbort } from './text.ts';

/**
 * The npm package http-server 14.1.1 as a long-running process: its options (parsed the way
 * minimist parses them, quirks included), its start-up banner, static files with its headers,
 * its directory listing, its 404 handling and one access-log line per request. It runs until
 * the process is killed and then prints `http-server stopped.`.
 *
 * Not modelled: TLS, the proxy, basic auth, gzip/brotli variants, byte ranges, `-o`. The real
 * listing page embeds a 16px PNG icon per file type; this one keeps the icon classes but no
 * images.
 */

const VERSION = '14.1.1';

type Value = string | number | boolean;

/** minimist's reading of argv: `-p 8080`, `-p8080`, `--port=8080`, `--no-x`, `-abc`. */
export function parseMinimist(args: readonly string[]): {
  _: string[];
  [key: string]: Value | string[];
} {
  const out: { _: string[]; [key: string]: Value | string[] } = { _: [] };
  const value = (text: string): Value =>
    /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/.test(text) && text !== '' ? Number(text) : text;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out._.push(...args.slice(i + 1));
      break;
    }
    const long = /^--([^=]+)=([\s\S]*)$/.exec(arg);
    if (long) {
      out[long[1]!] = value(long[2]!);
      continue;
    }
    if (arg.startsWith('--no-')) {
      out[arg.slice(5)] = false;
      continue;
    }
    if (arg.startsWith('--')) {
      const key = arg.slice(2);
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        out[key] = next === 'true' ? true : next === 'false' ? false : value(next);
        i++;
      } else out[key] = true;
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      const letters = arg.slice(1);
      let consumed = false;
      for (let j = 0; j < letters.length - 1; j++) {
        const rest = letters.slice(j + 1);
        if (/[A-Za-z]/.test(letters[j]!) && /^-?\d+(\.\d*)?(e-?\d+)?$/.test(rest)) {
          out[letters[j]!] = value(rest);
          consumed = true;
          break;
        }
        out[letters[j]!] = true;
      }
      if (consumed) continue;
      const last = letters[letters.length - 1]!;
      const next = args[i + 1];
      if (next !== undefined && !/^(-|--)[^-]/.test(next)) {
        out[last] = next === 'true' ? true : next === 'false' ? false : value(next);
        i++;
      } else out[last] = true;
      continue;
    }
    out._.push(String(value(arg)));
  }
  return out;
}

const MIME: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  mjs: 'application/javascript',
  json: 'application/json',
  map: 'application/json',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  xml: 'application/xml',
  yaml: 'text/yaml',
  yml: 'text/yaml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  ico: 'image/x-icon',
  webp: 'image/webp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  pdf: 'application/pdf',
  zip: 'application/zip',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  wasm: 'application/wasm',
  sh: 'application/x-sh',
  webmanifest: 'application/manifest+json',
};

/** File types the real listing has an icon for; others get the generic page icon. */
const ICON_TYPES = new Set(
  'aac ai aiff avi bmp c cpp css dat dmg doc dotx dwg dxf eps exe flv gif h hpp html ics iso java jpg js key less mid mp3 mp4 mpg odf ods odt otp ots ott pdf php png ppt psd py qt rar rb rtf sass scss sql tga tgz tiff txt wav xls xlsx xml yml zip'.split(
    ' ',
  ),
);

const LISTING_STYLE = [
  'i.icon { display: block; height: 16px; width: 16px; }',
  'table tr { white-space: nowrap; }',
  'td.perms {}',
  'td.file-size { text-align: right; padding-left: 1em; }',
  'td.display-name { padding-left: 1em; }',
  '',
].join('\n');

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function encodeHtml(text: string): string {
  return text
    .replace(
      /[&<>"'`]|[^\x20-\x7e]/gu,
      (c) => `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`,
    )
    .replace(/&#x26;/g, '&amp;')
    .replace(/&#x3C;/g, '&lt;')
    .replace(/&#x3E;/g, '&gt;')
    .replace(/&#x22;/g, '&quot;')
    .replace(/&#x27;/g, '&#x27;')
    .replace(/&#x60;/g, '&#x60;');
}

/** A stable stand-in for the inode number that http-server puts in its ETags. */
function inodeOf(path: string): number {
  let hash = 2166136261;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 16777619);
  return (hash >>> 0) % 10_000_000;
}

function permissions(entry: Entry): string {
  const mode = (entry.mode & 0o777).toString(8).padStart(3, '0');
  const letters = ['---', '--x', '-w-', '-wx', 'r--', 'r-x', 'rw-', 'rwx'];
  return (
    (entry.kind === 'dir' ? 'd' : '-') + [...mode].map((digit) => letters[Number(digit)]).join('')
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function listingDate(mtime: number): string {
  const d = new Date(mtime);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

function listingSize(entry: Entry): string {
  if (entry.kind === 'dir') return '';
  const bytes = entrySize(entry);
  if (bytes < 1024) return `${bytes}B`;
  const units = ['k', 'M', 'G', 'T'];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1024;
    unit++;
  } while (value >= 1024 && unit < units.length - 1);
  return value.toFixed(1) + units[unit];
}

interface Settings {
  root: string;
  cache: string;
  showDir: boolean;
  autoIndex: boolean;
  cors: boolean;
  logIp: boolean;
  utc: boolean;
  silent: boolean;
}

class StaticServer {
  constructor(
    private readonly context: ProgramContext,
    private readonly settings: Settings,
    private readonly log: (text: string) => void,
  ) {}

  private stamp(): string {
    const now = new Date(this.context.now());
    return this.settings.utc ? now.toUTCString() : now.toISOString();
  }

  private common(): Array<[string, string]> {
    const headers: Array<[string, string]> = [['accept-ranges', 'bytes']];
    if (this.settings.cors) {
      headers.push(['access-control-allow-origin', '*']);
      headers.push([
        'access-control-allow-headers',
        'Origin, X-Requested-With, Content-Type, Accept, Range',
      ]);
    }
    return headers;
  }

  private finish(
    status: number,
    statusText: string,
    headers: Array<[string, string]>,
    body: string,
  ): HttpResponse {
    const tail: Array<[string, string]> = [
      ['Date', new Date(this.context.now()).toUTCString()],
      ['Connection', 'keep-alive'],
      ['Keep-Alive', 'timeout=5'],
    ];
    if (!headers.some(([name]) => name.toLowerCase() === 'content-length')) {
      tail.push(body === '' ? ['Content-Length', '0'] : ['Transfer-Encoding', 'chunked']);
    }
    return { status, statusText, headers: [...headers, ...tail], body };
  }

  handle(request: HttpRequest): HttpResponse {
    const ip = this.settings.logIp
      ? (request.headers['x-forwarded-for'] ?? request.remoteAddress)
      : '';
    const agent = request.headers['user-agent'] ?? 'undefined';
    this.log(`[${this.stamp()}] ${ip} "${request.method} ${request.url}" "${agent}"\n`);
    const response = this.serve(request, request.url, false);
    if (response === 'not-found') {
      this.log(
        `[${this.stamp()}] ${ip} "${request.method} ${request.url}" Error (404): "Not found"\n`,
      );
      return this.finish(404, 'Not Found', this.common(), '');
    }
    return response;
  }

  private serve(
    request: HttpRequest,
    url: string,
    notFoundPage: boolean,
  ): HttpResponse | 'not-found' {
    const query = url.indexOf('?');
    const rawPath = query < 0 ? url : url.slice(0, query);
    const search = query < 0 ? '' : url.slice(query);
    let pathname: string;
    try {
      pathname = normalizePath(decodeURIComponent(rawPath.replace(/\\/g, '/')));
    } catch {
      return this.finish(
        400,
        'Bad Request',
        [...this.common(), ['content-type', 'text/html']],
        '<!doctype html>\n<html>\n  <head>\n    <meta charset="utf-8">\n    <title>400 Bad Request</title>\n  </head>\n  <body>\n    <p>\n      URIError: URI malformed\n    </p>\n  </body>\n</html>\n',
      );
    }
    const root = resolvePath(this.context.cwd, this.settings.root);
    const file = resolvePath(root, `.${pathname}`);
    if (!isWithin(file, root)) {
      return this.finish(
        403,
        'Forbidden',
        [...this.common(), ['content-type', 'text/plain']],
        'ACCESS DENIED',
      );
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return this.finish(405, 'Method Not Allowed', [...this.common(), ['allow', 'GET, HEAD']], '');
    }
    const found = resolve(this.context.fs, file);
    const entry = typeof found === 'string' ? undefined : found.entry;
    if (!entry) {
      if (notFoundPage) return 'not-found';
      if (extensionOf(rawPath) === '') {
        const withExt = this.serve(request, `${rawPath}.html${search}`, false);
        if (withExt !== 'not-found') return withExt;
      }
      const page = this.serve(request, '/404.html', true);
      if (page === 'not-found') return 'not-found';
      return { ...page, status: 404, statusText: 'Not Found' };
    }
    const realPath = (found as { path: string }).path;
    if (entry.kind === 'dir') {
      if (!this.settings.autoIndex && !this.settings.showDir) return 'not-found';
      if (!rawPath.endsWith('/')) {
        return this.finish(
          302,
          'Found',
          [...this.common(), ['location', `${rawPath}/${search}`]],
          '',
        );
      }
      if (this.settings.autoIndex) {
        const index = resolve(this.context.fs, `${realPath}/index.html`);
        if (typeof index !== 'string' && index.entry?.kind === 'file') {
          return this.file(request, index.path, index.entry);
        }
      }
      if (this.settings.showDir)
        return this.listing(request, pathname, rawPath, realPath, root, search, entry);
      return this.finish(
        403,
        'Forbidden',
        [...this.common(), ['content-type', 'text/plain']],
        'ACCESS DENIED',
      );
    }
    if (entry.kind !== 'file') return 'not-found';
    return this.file(request, realPath, entry);
  }

  private file(
    request: HttpRequest,
    path: string,
    entry: Extract<Entry, { kind: 'file' }>,
  ): HttpResponse {
    let contentType = MIME[extensionOf(path)] ?? 'application/octet-stream';
    if (/^text\/|^application\/(javascript|json)/.test(contentType))
      contentType += '; charset=UTF-8';
    const size = entrySize(entry);
    const lastModified = new Date(entry.mtime).toUTCString();
    const etag = `W/"${inodeOf(path)}-${size}-${new Date(entry.mtime).toISOString()}"`;
    const headers: Array<[string, string]> = [
      ...this.common(),
      ['cache-control', this.settings.cache],
      ['last-modified', lastModified],
      ['etag', etag],
    ];
    const clientEtag = request.headers['if-none-match'];
    const since = request.headers['if-modified-since'];
    if (clientEtag !== undefined || since !== undefined) {
      const sinceOk =
        since === undefined ||
        (!Number.isNaN(Date.parse(since)) &&
          Date.parse(since) >= Math.floor(entry.mtime / 1000) * 1000);
      const etagOk =
        clientEtag === undefined ||
        clientEtag === etag ||
        `W/${clientEtag}` === etag ||
        clientEtag === etag.slice(2);
      if (sinceOk && etagOk) return this.finish(304, 'Not Modified', headers, '');
    }
    headers.push(['content-length', String(size)], ['content-type', contentType]);
    return this.finish(200, 'OK', headers, request.method === 'HEAD' ? '' : entry.content);
  }

  private listing(
    request: HttpRequest,
    pathname: string,
    rawPath: string,
    dir: string,
    root: string,
    search: string,
    entry: Entry,
  ): HttpResponse {
    const fs = this.context.fs;
    const dirs: Array<[string, Entry]> = [];
    const files: Array<[string, Entry]> = [];
    for (const name of fs.list(dir)) {
      const found = resolve(fs, `${dir === '/' ? '' : dir}/${name}`);
      const child = typeof found === 'string' ? undefined : found.entry;
      if (!child) continue;
      (child.kind === 'dir' ? dirs : files).push([name, child]);
    }
    if (pathname !== '/' && isWithin(resolvePath(dir, '..'), root)) {
      const parent = fs.get(resolvePath(dir, '..'));
      if (parent) dirs.push(['..', parent]);
    }
    const byName = (a: [string, Entry], b: [string, Entry]) => a[0].localeCompare(b[0]);
    dirs.sort(byName);
    files.sort(byName);
    const row = ([name, child]: [string, Entry]) => {
      const isDir = child.kind === 'dir';
      const href = `./${encodeURIComponent(name)}${isDir ? `/${encodeHtml(search)}` : ''}`;
      const ext = name.split('.').pop() ?? '';
      const icon = isDir ? '_blank' : ICON_TYPES.has(ext) ? ext : '_page';
      return (
        `<tr><td><i class="icon icon-${icon}"></i></td>` +
        `<td class="perms"><code>(${permissions(child)})</code></td>` +
        `<td class="last-modified">${listingDate(child.mtime)}</td>` +
        `<td class="file-size"><code>${listingSize(child)}</code></td>` +
        `<td class="display-name"><a href="${href}">${encodeHtml(name)}${isDir ? '/' : ''}</a></td></tr>\n`
      );
    };
    const title = encodeHtml(decodeURIComponent(rawPath));
    const html =
      [
        '<!doctype html>',
        '<html>',
        '  <head>',
        '    <meta charset="utf-8">',
        '    <meta name="viewport" content="width=device-width">',
        `    <title>Index of ${title}</title>`,
        `    <style type="text/css">${LISTING_STYLE}</style>`,
        '  </head>',
        '  <body>',
        `<h1>Index of ${title}</h1>`,
      ].join('\n') +
      '\n<table>' +
      [...dirs, ...files].map(row).join('') +
      '</table>\n' +
      `<br><address>Node.js v${nodeVersion(this.context)}/ <a href="https://github.com/http-party/http-server">http-server</a> server running @ ${encodeHtml(request.headers.host ?? '')}</address>\n` +
      '</body></html>';
    const headers: Array<[string, string]> = [
      ...this.common(),
      ['Content-Type', 'text/html'],
      ['etag', `W/"${inodeOf(dir)}-4096-${new Date(entry.mtime).toISOString()}"`],
      ['last-modified', new Date(entry.mtime).toUTCString()],
      ['cache-control', this.settings.cache],
    ];
    return this.finish(200, 'OK', headers, request.method === 'HEAD' ? '' : html);
  }
}

export async function httpServer(context: ProgramContext): Promise<number> {
  const argv = parseMinimist(context.argv.slice(1));
  const get = (key: string) => argv[key] as Value | undefined;
  const silent = Boolean(get('s') || get('silent'));
  const tty = context.io.tty === true;
  const paint = (code: number, text: string) => (tty ? `\x1b[${code}m${text}\x1b[39m` : text);
  const [yellow, cyan, red, green] = [33, 36, 31, 32].map(
    (code) => (text: string) => paint(code, text),
  ) as [(t: string) => string, (t: string) => string, (t: string) => string, (t: string) => string];
  const info = (text: string) => {
    if (!silent) context.io.stdout(`${text}\n`);
  };

  if (get('h') || get('help')) {
    context.io.stdout('usage: http-server [path] [options]\n');
    return 0;
  }
  if (get('v') || get('version')) {
    info(`v${VERSION}`);
    return 0;
  }

  const c = get('c');
  const cacheSetting =
    c === undefined || c === true
      ? 'max-age=3600'
      : c === -1
        ? 'no-cache, no-store, must-revalidate'
        : `max-age=${c}`;
  const rootArg = argv._[0];
  let root = rootArg;
  if (root === undefined) {
    const publicDir = resolve(context.fs, resolvePath(context.cwd, 'public'));
    root = typeof publicDir !== 'string' && publicDir.entry ? './public' : './';
  }
  const settings: Settings = {
    root,
    cache: cacheSetting,
    showDir: get('d') !== 'false',
    autoIndex: get('i') !== 'false',
    cors: Boolean(get('cors')),
    logIp: Boolean(get('log-ip')),
    utc: Boolean(get('U') || get('utc')),
    silent,
  };
  const host = String(get('a') ?? '0.0.0.0');
  const requested =
    get('p') ?? get('port') ?? (context.env.PORT ? parseInt(context.env.PORT, 10) : undefined);
  const server = new StaticServer(context, settings, (text) => {
    if (!silent) context.io.stdout(text);
  });

  let port = typeof requested === 'number' && requested > 0 ? requested : Number(requested) || 0;
  let listener: Listener | 'EADDRINUSE' | undefined;
  if (context.net) {
    if (port === 0) {
      for (port = 8080; port < 65536; port++) {
        listener = context.net.listen(port, host, (request) => server.handle(request));
        if (listener !== 'EADDRINUSE') break;
      }
    } else {
      listener = context.net.listen(port, host, (request) => server.handle(request));
    }
    if (listener === 'EADDRINUSE') {
      context.io.stderr(
        `node:events:497\n      throw er; // Unhandled 'error' event\n      ^\n\nError: listen EADDRINUSE: address already in use ${host}:${port}\n\nNode.js v${nodeVersion(context)}\n`,
      );
      return 1;
    }
  } else if (port === 0) port = 8080;

  const t = get('t');
  const e = get('e') ?? get('ext');
  info(`${yellow('Starting up http-server, serving ')}${cyan(root)}`);
  info(`${yellow('\nhttp-server version: ')}${cyan(VERSION)}`);
  info(
    [
      yellow('\nhttp-server settings: '),
      yellow('CORS: ') + (get('cors') ? cyan(String(get('cors'))) : red('disabled')),
      yellow('Cache: ') +
        (c !== undefined && c !== false
          ? c === '-1'
            ? red('disabled')
            : cyan(`${c} seconds`)
          : cyan('3600 seconds')),
      yellow('Connection Timeout: ') +
        (t === '0' ? red('disabled') : t ? cyan(`${t} seconds`) : cyan('120 seconds')),
      yellow('Directory Listings: ') + (get('d') ? red('not visible') : cyan('visible')),
      yellow('AutoIndex: ') + (get('i') ? red('not visible') : cyan('visible')),
      yellow('Serve GZIP Files: ') + (get('g') || get('gzip') ? cyan('true') : red('false')),
      yellow('Serve Brotli Files: ') + (get('b') || get('brotli') ? cyan('true') : red('false')),
      yellow('Default File Extension: ') + (e ? cyan(String(e)) : red('none')),
    ].join('\n'),
  );
  info(yellow('\nAvailable on:'));
  if (get('a') !== undefined && host !== '0.0.0.0') info(`  http://${host}:${green(String(port))}`);
  else
    for (const address of context.net?.addresses ?? ['127.0.0.1'])
      info(`  http://${address}:${green(String(port))}`);
  info('Hit CTRL-C to stop the server');
  if (!get('s')) info('');

  await waitForAbort(context.signal);
  if (listener && listener !== 'EADDRINUSE') listener.close();
  info(red('http-server stopped.'));
  return 0;
}
