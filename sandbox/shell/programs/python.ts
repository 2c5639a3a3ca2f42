import type { HttpRequest, HttpResponse, ProgramContext } from '../program.ts';
import { readText } from './common.ts';
import { contentType, findUnder, listDir, pad, signalStatus, waitForSignal } from './serving.ts';

/**
 * `python` / `python3`: its version, and `python -m http.server` as a long-running server with
 * the standard library's banner, directory listings, error page and access log. Running Python
 * code is not modelled: a script, `-c` or another module says so plainly and fails.
 *
 * Like the real interpreter without a terminal, its standard output is block-buffered unless
 * `PYTHONUNBUFFERED` is set: the banner reaches `docker logs` only when the process exits
 * cleanly, while the access log (standard error) shows at once.
 */

const FALLBACK_VERSION = '3.14.0';

function pythonVersion(context: ProgramContext): string {
  return context.env.PYTHON_VERSION || FALLBACK_VERSION;
}

/** Standard output as Python's io layer gives it: line-buffered on a terminal, else held. */
class PythonStdout {
  private held = '';
  constructor(private readonly context: ProgramContext) {}

  private get buffered(): boolean {
    return !this.context.io.tty && !this.context.env.PYTHONUNBUFFERED;
  }

  write(text: string): void {
    if (this.buffered) this.held += text;
    else this.context.io.stdout(text);
  }

  flush(): void {
    if (this.held) this.context.io.stdout(this.held);
    this.held = '';
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `04/Dec/2026 18:41:40`, http.server's log_date_time_string. */
function logTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** urllib.parse.quote with its default safe character `/`. */
function quote(text: string): string {
  return encodeURIComponent(text)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface ServerOptions {
  port: number;
  bind: string | undefined;
  directory: string;
}

const USAGE =
  'usage: python3 -m http.server [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]\n';

function parseServerArgs(args: string[], context: ProgramContext): ServerOptions | number {
  const options: ServerOptions = { port: 8000, bind: undefined, directory: context.cwd };
  let port: string | undefined;
  const error = (text: string) => {
    context.io.stderr(`${USAGE}python3 -m http.server: error: ${text}\n`);
    return 2;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => inline ?? args[++i];
    if (name === '-h' || name === '--help') {
      context.io.stdout(USAGE);
      return 0;
    }
    if (name === '-b' || name === '--bind') {
      const v = value();
      if (v === undefined) return error('argument -b/--bind: expected one argument');
      options.bind = v;
    } else if (name === '-d' || name === '--directory') {
      const v = value();
      if (v === undefined) return error('argument -d/--directory: expected one argument');
      options.directory = v.startsWith('/') ? v : `${context.cwd.replace(/\/$/, '')}/${v}`;
    } else if (name === '-p' || name === '--protocol') {
      if (value() === undefined) return error('argument -p/--protocol: expected one argument');
    } else if (name === '--cgi') {
      // Accepted; CGI scripts are not run.
    } else if (arg.startsWith('-') && arg !== '-') {
      return error(`unrecognized arguments: ${arg}`);
    } else if (port === undefined) {
      port = arg;
    } else return error(`unrecognized arguments: ${arg}`);
  }
  if (port !== undefined) {
    if (!/^[-+]?\d+$/.test(port.trim()))
      return error(`argument port: invalid int value: '${port}'`);
    options.port = Number(port);
  }
  return options;
}

class SimpleHandler {
  constructor(
    private readonly context: ProgramContext,
    private readonly root: string,
    private readonly version: string,
  ) {}

  private base(): Array<[string, string]> {
    return [
      ['Server', `SimpleHTTP/0.6 Python/${this.version}`],
      ['Date', new Date(this.context.now()).toUTCString()],
    ];
  }

  private log(request: HttpRequest, status: number): void {
    const line = `${request.method} ${request.url} HTTP/1.1`;
    this.context.io.stderr(
      `${request.remoteAddress} - - [${logTime(this.context.now())}] "${line}" ${status} -\n`,
    );
  }

  private error(request: HttpRequest, status: number, text: string, explain: string) {
    this.context.io.stderr(
      `${request.remoteAddress} - - [${logTime(this.context.now())}] code ${status}, message ${text}\n`,
    );
    this.log(request, status);
    const body = `<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: ${status}</p>\n        <p>Message: ${text}.</p>\n        <p>Error code explanation: ${status} - ${explain}.</p>\n    </body>\n</html>\n`;
    return this.respond(
      request,
      status,
      text,
      [
        ...this.base(),
        ['Connection', 'close'],
        ['Content-Type', 'text/html;charset=utf-8'],
        ['Content-Length', String(new TextEncoder().encode(body).length)],
      ],
      body,
    );
  }

  private respond(
    request: HttpRequest,
    status: number,
    statusText: string,
    headers: Array<[string, string]>,
    body: string,
  ): HttpResponse {
    return { status, statusText, headers, body: request.method === 'HEAD' ? '' : body };
  }

  handle(request: HttpRequest): HttpResponse {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return this.error(
        request,
        501,
        `Unsupported method ('${request.method}')`,
        'Server does not support this operation',
      );
    }
    const [pathPart = '/', query] = request.url.split(/\?(.*)/s, 2);
    const found = findUnder(this.context, this.root, pathPart);
    if (found.kind === 'missing') {
      return this.error(request, 404, 'File not found', 'Nothing matches the given URI');
    }
    if (found.kind === 'dir') {
      if (!pathPart.endsWith('/')) {
        this.log(request, 301);
        return this.respond(
          request,
          301,
          'Moved Permanently',
          [
            ...this.base(),
            ['Location', `${pathPart}/${query !== undefined ? `?${query}` : ''}`],
            ['Content-Length', '0'],
          ],
          '',
        );
      }
      for (const index of ['index.html', 'index.htm']) {
        const page = findUnder(this.context, this.root, `${pathPart}${index}`);
        if (page.kind === 'file') return this.file(request, page.entry);
      }
      return this.listing(request, found.path, pathPart);
    }
    return this.file(request, found.entry);
  }

  private file(request: HttpRequest, entry: { content: string; mtime: number }): HttpResponse {
    const name = request.url.split('?')[0]!;
    const body = entry.content;
    this.log(request, 200);
    return this.respond(
      request,
      200,
      'OK',
      [
        ...this.base(),
        ['Content-type', contentType(name) ?? 'application/octet-stream'],
        ['Content-Length', String(new TextEncoder().encode(body).length)],
        ['Last-Modified', new Date(entry.mtime).toUTCString()],
      ],
      body,
    );
  }

  private listing(request: HttpRequest, dir: string, urlPath: string): HttpResponse {
    let display: string;
    try {
      display = escapeHtml(decodeURIComponent(urlPath));
    } catch {
      display = escapeHtml(urlPath);
    }
    const entries = listDir(this.context, dir).sort(([a], [b]) =>
      a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
    );
    const items = entries.map(([name, entry]) => {
      const link = entry.kind === 'dir' ? `${name}/` : name;
      return `<li><a href="${quote(link)}">${escapeHtml(link)}</a></li>\n`;
    });
    const body =
      '<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
      `<title>Directory listing for ${display}</title>\n</head>\n<body>\n` +
      `<h1>Directory listing for ${display}</h1>\n<hr>\n<ul>\n${items.join('')}</ul>\n<hr>\n</body>\n</html>\n`;
    this.log(request, 200);
    return this.respond(
      request,
      200,
      'OK',
      [
        ...this.base(),
        ['Content-type', 'text/html; charset=utf-8'],
        ['Content-Length', String(new TextEncoder().encode(body).length)],
      ],
      body,
    );
  }
}

async function httpServerModule(context: ProgramContext, args: string[]): Promise<number> {
  const parsed = parseServerArgs(args, context);
  if (typeof parsed === 'number') return parsed;
  const out = new PythonStdout(context);
  const host = parsed.bind ?? '0.0.0.0';
  const handler = new SimpleHandler(context, parsed.directory, pythonVersion(context));
  const listener = context.net?.listen(parsed.port, host, (request) => handler.handle(request));
  if (listener === 'EADDRINUSE') {
    context.io.stderr(
      `Traceback (most recent call last):\n  File "<frozen runpy>", line 198, in _run_module_as_main\n  File "/usr/local/lib/python3/http/server.py", line 1314, in <module>\n    test(\nOSError: [Errno 98] Address already in use\n`,
    );
    return 1;
  }
  const shown = host.includes(':') ? `[${host}]` : host;
  out.write(`Serving HTTP on ${host} port ${parsed.port} (http://${shown}:${parsed.port}/) ...\n`);
  const signal = await waitForSignal(context);
  listener?.close();
  if (signal === 'SIGINT') {
    out.write('\nKeyboard interrupt received, exiting.\n');
    out.flush();
    return 0;
  }
  // Killed by a signal it does not handle: what was buffered is lost with the process.
  return signalStatus(signal);
}

export async function python(context: ProgramContext): Promise<number> {
  const args = context.argv.slice(1);
  const version = pythonVersion(context);
  if (args[0] === '-V' || args[0] === '--version') {
    context.io.stdout(`Python ${version}\n`);
    return 0;
  }
  const moduleAt = args.findIndex(
    (arg) => arg === '-m' || (arg.startsWith('-m') && arg.length > 2),
  );
  if (moduleAt >= 0) {
    const arg = args[moduleAt]!;
    const module = arg === '-m' ? args[moduleAt + 1] : arg.slice(2);
    const rest = args.slice(moduleAt + (arg === '-m' ? 2 : 1));
    if (module === undefined) {
      context.io.stderr('Argument expected for the -m option\n');
      return 2;
    }
    if (module === 'http.server') return httpServerModule(context, rest);
    context.io.stderr(
      `dockyard: python -m ${module}: running Python is not simulated; only -m http.server is\n`,
    );
    return 1;
  }
  if (args.includes('-c')) {
    context.io.stderr('dockyard: python -c: running Python is not simulated; python did nothing\n');
    return 1;
  }
  const script = args.find((arg) => !arg.startsWith('-'));
  if (script !== undefined) {
    const text = readText(context, script);
    if (text === 'ENOENT' || text === 'ENOTDIR') {
      const path = script.startsWith('/') ? script : `${context.cwd.replace(/\/$/, '')}/${script}`;
      context.io.stderr(
        `${context.argv[0]}: can't open file '${path}': [Errno 2] No such file or directory\n`,
      );
      return 2;
    }
    context.io.stderr(
      `dockyard: python ${script}: running Python is not simulated; python did nothing\n`,
    );
    return 1;
  }
  // Without a terminal the REPL reads standard input as a program; an empty one ends at once.
  if (!context.io.tty && context.io.stdin.trim() === '') return 0;
  context.io.stderr('dockyard: the Python REPL is not simulated; python did nothing\n');
  return 1;
}
