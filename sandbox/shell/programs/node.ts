import { readFile } from '../../fs/ops.ts';
import type { HttpRequest, HttpResponse, ProgramContext } from '../program.ts';
import { readText } from './common.ts';
import { readServerScript, type Route, type ServerScript } from './node-script.ts';
import { signalStatus, waitForSignal } from './serving.ts';

/**
 * `node`: reports its version, and runs the common small web server script (`http.createServer`
 * or express, read by `node-script.ts`) as a long-running server. Running JavaScript is not
 * modelled (there is no JavaScript engine inside a simulated container), so any other script,
 * `-e` or the REPL says so plainly and fails.
 */

const FALLBACK_VERSION = '24.11.1';

/** The node version of the image: `NODE_VERSION` as the official images set it, or the headers. */
export function nodeVersion(context: ProgramContext): string {
  const fromEnv = context.env.NODE_VERSION;
  if (fromEnv) return fromEnv.replace(/^v/, '');
  const header = readFile(context.fs, '/usr/local/include/node/node_version.h');
  const part = (name: string) => new RegExp(`#define ${name} (\\d+)`).exec(header)?.[1];
  const major = part('NODE_MAJOR_VERSION');
  if (major)
    return `${major}.${part('NODE_MINOR_VERSION') ?? 0}.${part('NODE_PATCH_VERSION') ?? 0}`;
  return FALLBACK_VERSION;
}

export function node(context: ProgramContext): number | Promise<number> {
  const args = context.argv.slice(1);
  const version = nodeVersion(context);
  if (args[0] === '-v' || args[0] === '--version') {
    context.io.stdout(`v${version}\n`);
    return 0;
  }
  const script = args.find((arg) => !arg.startsWith('-'));
  const evaluates = args.some((arg) => ['-e', '--eval', '-p', '--print'].includes(arg));
  if (script !== undefined && !evaluates) {
    const text = readText(context, script);
    if (text === 'ENOENT' || text === 'ENOTDIR') {
      const path = script.startsWith('/') ? script : `${context.cwd.replace(/\/$/, '')}/${script}`;
      context.io.stderr(
        `node:internal/modules/cjs/loader:1386\n  throw err;\n  ^\n\nError: Cannot find module '${path}'\n    at Function._resolveFilename (node:internal/modules/cjs/loader:1383:15) {\n  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}\n\nNode.js v${version}\n`,
      );
      return 1;
    }
    if (typeof text === 'string') {
      const path = script.startsWith('/') ? script : `${context.cwd.replace(/\/$/, '')}/${script}`;
      const server = readServerScript(text, context.env);
      if (server) return serve(context, server, path, version);
    }
    context.io.stderr(
      `dockyard: node ${script}: running JavaScript is not simulated; node ran nothing and ends with status 1\n`,
    );
    return 1;
  }
  if (evaluates) {
    const flag = args.find((arg) => ['-e', '--eval', '-p', '--print'].includes(arg))!;
    context.io.stderr(
      `dockyard: node ${flag}: running JavaScript is not simulated; node ran nothing and ends with status 1\n`,
    );
    return 1;
  }
  // With no terminal, the REPL reads standard input as a script; an empty one ends it at once,
  // which is why `docker run -d node` exits 0 straight away.
  if (!context.io.tty && context.io.stdin.trim() === '') return 0;
  context.io.stderr(
    'dockyard: the node REPL is not simulated; node ran nothing and ends with status 1\n',
  );
  return 1;
}

/**
 * Whether `name` resolves from the script's folder as require does: a node_modules up the tree
 * holds it. A dependency that package.json declares also counts once npm install has run there
 * (its package-lock.json exists): the simulated npm installs only its own catalog and skips the
 * rest with a note, so the package's absence is the simulation's, not the learner's.
 */
function installed(context: ProgramContext, scriptPath: string, name: string): boolean {
  let dir = scriptPath.slice(0, scriptPath.lastIndexOf('/')) || '/';
  for (;;) {
    const prefix = dir === '/' ? '' : dir;
    if (context.fs.get(`${prefix}/node_modules/${name}`)) return true;
    const manifest = readText(context, `${prefix}/package.json`);
    if (typeof manifest === 'string' && context.fs.get(`${prefix}/package-lock.json`)) {
      try {
        const parsed = JSON.parse(manifest) as Record<string, unknown>;
        const declared = ['dependencies', 'devDependencies'].some((key) => {
          const deps = parsed[key];
          return typeof deps === 'object' && deps !== null && name in deps;
        });
        if (declared) return true;
      } catch {
        // Not JSON: npm would have refused it; the module is not there.
      }
    }
    if (dir === '/') return false;
    dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
  }
}

const byteLength = (text: string) => new TextEncoder().encode(text).length;

function respond(
  context: ProgramContext,
  script: ServerScript,
  request: HttpRequest,
): HttpResponse {
  const path = request.url.split('?')[0]!;
  const date = new Date(context.now()).toUTCString();
  const route = script.routes.find(
    (r: Route) =>
      r.path === undefined ||
      (r.path === path &&
        (r.method === request.method ||
          r.method === 'ALL' ||
          (r.method === 'GET' && request.method === 'HEAD'))),
  );
  const tail: Array<[string, string]> = [
    ['Date', date],
    ['Connection', 'keep-alive'],
    ['Keep-Alive', 'timeout=5'],
  ];
  const body = (text: string) => (request.method === 'HEAD' ? '' : text);
  if (!route) {
    const page = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${request.method} ${path}</pre>\n</body>\n</html>\n`;
    return {
      status: 404,
      statusText: 'Not Found',
      headers: [
        ['X-Powered-By', 'Express'],
        ['Content-Security-Policy', "default-src 'none'"],
        ['X-Content-Type-Options', 'nosniff'],
        ['Content-Type', 'text/html; charset=utf-8'],
        ['Content-Length', String(byteLength(page))],
        ...tail,
      ],
      body: body(page),
    };
  }
  const statusText = STATUS_TEXT[route.status] ?? '';
  if (script.kind === 'express') {
    const type =
      route.contentType ??
      (route.json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8');
    return {
      status: route.status,
      statusText,
      headers: [
        ['X-Powered-By', 'Express'],
        ['Content-Type', type],
        ['Content-Length', String(byteLength(route.body))],
        ...tail,
      ],
      body: body(route.body),
    };
  }
  return {
    status: route.status,
    statusText,
    headers: [
      ...(route.contentType
        ? ([['Content-Type', route.contentType]] as Array<[string, string]>)
        : []),
      ...tail,
      ['Content-Length', String(byteLength(route.body))],
    ],
    body: body(route.body),
  };
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/** The recognised server: listens, prints its start-up log, and runs until a signal ends it. */
async function serve(
  context: ProgramContext,
  script: ServerScript,
  path: string,
  version: string,
): Promise<number> {
  const missing = script.requires.find((name) => !installed(context, path, name));
  if (missing) {
    context.io.stderr(
      `node:internal/modules/cjs/loader:1386\n  throw err;\n  ^\n\nError: Cannot find module '${missing}'\nRequire stack:\n- ${path}\n    at Function._resolveFilename (node:internal/modules/cjs/loader:1383:15) {\n  code: 'MODULE_NOT_FOUND',\n  requireStack: [ '${path}' ]\n}\n\nNode.js v${version}\n`,
    );
    return 1;
  }
  const host = script.host ?? '::';
  const listener = context.net?.listen(script.port, host, (request) =>
    respond(context, script, request),
  );
  if (listener === 'EADDRINUSE') {
    const shown = host === '::' ? ':::' : `${host}:`;
    context.io.stderr(
      `node:events:497\n      throw er; // Unhandled 'error' event\n      ^\n\nError: listen EADDRINUSE: address already in use ${shown}${script.port}\n\nNode.js v${version}\n`,
    );
    return 1;
  }
  for (const line of script.logs) context.io.stdout(`${line}\n`);
  const signal = await waitForSignal(context);
  listener?.close();
  // No signal handler in the script: the default action ends the process.
  return signalStatus(signal);
}
