import { dirEntry, fileEntry } from '../../fs/entry.ts';
import type { HttpResponse, ProgramContext } from '../program.ts';
import { attempt } from './common.ts';
import { pad, SIGNAL_NUMBERS, signalStatus, waitForSignal } from './serving.ts';

/**
 * `mongod` of the mongo image: the structured (JSON) log lines a learner looks for — start-up,
 * build info, `Listening on`, `Waiting for connections` on 27017 — abridged to those, data files
 * under the dbPath (`/data/db`, the image's volume), and the shutdown on SIGTERM or SIGINT. An
 * HTTP request to the driver port gets MongoDB's own one-line answer. Queries and the
 * entrypoint's first-run user creation are not modelled.
 */

const FALLBACK_VERSION = '8.2.2';

function logTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+00:00`;
}

/** One log line in MongoDB's format: fields padded as mongod pads them. */
function logLine(
  ms: number,
  component: string,
  id: number,
  ctx: string,
  msg: string,
  attr?: unknown,
): string {
  const c = `"c":"${component}",`.padEnd(16);
  const i = `"id":${id},`.padEnd(14);
  const tail = attr === undefined ? '' : `,"attr":${JSON.stringify(attr)}`;
  return `{"t":{"$date":"${logTime(ms)}"},"s":"I",  ${c}${i}"ctx":"${ctx}","msg":${JSON.stringify(msg)}${tail}}\n`;
}

const HTTP_TEXT =
  'It looks like you are trying to access MongoDB over HTTP on the native driver port.\n';

/** What mongod answers an HTTP request on its driver port, before closing the connection. */
const HTTP_ANSWER: HttpResponse = {
  status: 200,
  statusText: 'OK',
  headers: [
    ['Connection', 'close'],
    ['Content-Type', 'text/plain'],
    ['Content-Length', String(HTTP_TEXT.length)],
  ],
  body: HTTP_TEXT,
};

function option(args: string[], name: string): string | undefined {
  const at = args.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (at < 0) return undefined;
  const arg = args[at]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[at + 1];
}

export async function mongod(context: ProgramContext): Promise<number> {
  const args = context.argv.slice(1);
  const version = context.env.MONGO_VERSION || FALLBACK_VERSION;
  if (args.includes('--version')) {
    context.io.stdout(
      `db version v${version}\nBuild Info: {\n    "version": "${version}",\n    "openSSLVersion": "OpenSSL 3.0.13 30 Jan 2024",\n    "modules": [],\n    "allocator": "tcmalloc-google",\n    "environment": {\n        "distmod": "ubuntu2404",\n        "distarch": "x86_64",\n        "target_arch": "x86_64"\n    }\n}\n`,
    );
    return 0;
  }
  const port = Number(option(args, '--port') ?? 27017);
  const dbPath = option(args, '--dbpath') ?? '/data/db';
  const bindAll = args.includes('--bind_ip_all');
  const bind = option(args, '--bind_ip') ?? (bindAll ? '*' : '127.0.0.1');
  const log = (component: string, id: number, ctx: string, msg: string, attr?: unknown) =>
    context.io.stdout(logLine(context.now(), component, id, ctx, msg, attr));
  const host = context.env.HOSTNAME || 'localhost';

  log(
    'CONTROL',
    23285,
    'main',
    "Automatically disabling TLS 1.0 and TLS 1.1, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'",
  );
  log('CONTROL', 4615611, 'initandlisten', 'MongoDB starting', {
    pid: 1,
    port,
    dbPath,
    architecture: '64-bit',
    host,
  });
  log('CONTROL', 23403, 'initandlisten', 'Build Info', {
    buildInfo: {
      version,
      gitVersion: '0000000000000000000000000000000000000000',
      openSSLVersion: 'OpenSSL 3.0.13 30 Jan 2024',
      modules: [],
      allocator: 'tcmalloc-google',
      environment: { distmod: 'ubuntu2404', distarch: 'x86_64', target_arch: 'x86_64' },
    },
  });
  log('CONTROL', 51765, 'initandlisten', 'Operating System', {
    os: { name: 'Ubuntu', version: '24.04' },
  });
  if (context.fs.get(dbPath)?.kind !== 'dir') {
    context.io.stdout(
      `{"t":{"$date":"${logTime(context.now())}"},"s":"E",  "c":"CONTROL",  "id":20557,   "ctx":"initandlisten","msg":"DBException in initAndListen, terminating","attr":{"error":"NonExistentPath: Data directory ${dbPath} not found. Create the missing directory or specify another path using (1) the --dbpath command line option, or (2) by adding the 'storage.dbPath' option in the configuration file."}}\n`,
    );
    return 100;
  }
  const fresh = context.fs.get(`${dbPath}/WiredTiger`) === undefined;
  const owner = { uid: 999, gid: 999, mtime: context.now() };
  attempt(() => {
    const files: Array<[string, number]> = [
      ['WiredTiger', 50],
      ['WiredTiger.lock', 21],
      ['WiredTiger.turtle', 1_472],
      ['WiredTiger.wt', 69_632],
      ['_mdb_catalog.wt', 20_480],
      ['mongod.lock', 2],
      ['sizeStorer.wt', 20_480],
      ['storage.bson', 114],
    ];
    for (const [name, size] of files) {
      context.fs.set(`${dbPath}/${name}`, {
        ...fileEntry(`(MongoDB ${name})\n`, 0o600),
        ...owner,
        size,
      });
    }
    for (const dir of ['journal', 'diagnostic.data']) {
      context.fs.set(`${dbPath}/${dir}`, { ...dirEntry(0o700), ...owner });
    }
  });
  log('STORAGE', 22315, 'initandlisten', 'Opening WiredTiger', {
    config: 'create,cache_size=7680M,session_max=33000,eviction=(threads_min=4,threads_max=4)',
  });
  if (fresh)
    log('STORAGE', 22300, 'initandlisten', 'Initializing full-time diagnostic data capture', {
      dataDirectory: `${dbPath}/diagnostic.data`,
    });
  const listener = context.net?.listen(port, bind === '*' ? '0.0.0.0' : bind, () => HTTP_ANSWER);
  if (listener === 'EADDRINUSE') {
    context.io.stdout(
      logLine(context.now(), 'NETWORK', 23024, 'initandlisten', 'Listen (bind) failed', {
        error: 'Address already in use',
      }),
    );
    return 48;
  }
  log('NETWORK', 23015, 'listener', 'Listening on', { address: '/tmp/mongodb-27017.sock' });
  log('NETWORK', 23015, 'listener', 'Listening on', { address: bind === '*' ? '0.0.0.0' : bind });
  log('NETWORK', 23016, 'listener', 'Waiting for connections', { port, ssl: 'off' });

  const signal = await waitForSignal(context);
  listener?.close();
  if (signal === 'SIGKILL') return signalStatus(signal);
  log('CONTROL', 23377, 'SignalHandler', 'Received signal', {
    signal: SIGNAL_NUMBERS[signal] ?? 15,
    error: signal === 'SIGINT' ? 'Interrupt' : 'Terminated',
  });
  log('CONTROL', 23378, 'SignalHandler', 'Signal was sent by kill(2)', { pid: 0, uid: 0 });
  log('CONTROL', 23381, 'SignalHandler', 'will terminate after current cmd ends');
  log('STORAGE', 4795902, 'SignalHandler', 'Closing WiredTiger', {
    closeConfig: 'leak_memory=true,use_timestamp=false,',
  });
  log('CONTROL', 20565, 'SignalHandler', 'Now exiting');
  log('CONTROL', 8423404, 'SignalHandler', 'mongod shutdown complete', {
    'Summary of time elapsed': { Statistics: {} },
  });
  log('CONTROL', 23138, 'SignalHandler', 'Shutting down', { exitCode: 0 });
  return 0;
}

/** `docker-entrypoint.sh` of the mongo image: mongod gets `--bind_ip_all` unless bound already. */
export function mongoEntrypoint(context: ProgramContext): Promise<number> | number {
  let args = context.argv.slice(1);
  if (args[0]?.startsWith('-')) args = ['mongod', ...args];
  if (args[0] === 'mongod' && !args.some((arg) => arg.startsWith('--bind_ip'))) {
    args = [...args, '--bind_ip_all'];
  }
  if (
    args[0] === 'mongod' &&
    (context.env.MONGO_INITDB_ROOT_USERNAME || context.env.MONGO_INITDB_ROOT_PASSWORD)
  ) {
    context.io.stderr(
      'dockyard: the mongo entrypoint does not create MONGO_INITDB_ROOT_USERNAME here; users and auth are not simulated\n',
    );
  }
  return args.length > 0 ? context.spawn(args) : 0;
}
