import { dirEntry, fileEntry } from '../../fs/entry.ts';
import type { ProgramContext } from '../program.ts';
import { attempt } from './common.ts';
import { entrypointTime, listenRaw, pad, signalStatus, waitForSignal } from './serving.ts';

/**
 * The mysql image at run time: `docker-entrypoint.sh` (the password check, the first-run
 * initialisation with its temporary server, the optional database and user) and `mysqld` itself
 * with MySQL 8.4's log lines, listening on 3306 and 33060 until a signal stops it.
 *
 * Initialisation writes small stand-ins for the real data files (sizes as MySQL makes them) under
 * the data directory, so a volume keeps them and a later start skips initialisation. The SQL
 * protocol is not modelled: a client connecting to the ports gets no MySQL session.
 */

const DATADIR = '/var/lib/mysql';
const FALLBACK_VERSION = '8.4.7-1.el9';

function versions(context: ProgramContext): { full: string; server: string } {
  const full = context.env.MYSQL_VERSION || FALLBACK_VERSION;
  return { full, server: full.replace(/-.*$/, '') };
}

/** `2026-12-04T16:22:11.512019Z`: mysqld's log time, with made-up but steady microseconds. */
class ServerLog {
  private tick = 0;
  constructor(private readonly context: ProgramContext) {}

  line(
    thread: number,
    level: 'System' | 'Warning' | 'ERROR',
    code: string,
    part: string,
    text: string,
  ) {
    const d = new Date(this.context.now());
    const micros = pad(
      (d.getUTCMilliseconds() * 1000 + 104_527 + this.tick++ * 37_911) % 1_000_000,
      6,
    );
    const time = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${micros}Z`;
    this.context.io.stderr(`${time} ${thread} [${level}] [${code}] [${part}] ${text}\n`);
  }
}

/** What MySQL 8.4 creates in an empty data directory, with the sizes it gives them. */
const DATA_FILES: Array<[string, number]> = [
  ['auto.cnf', 56],
  ['binlog.000001', 158],
  ['binlog.index', 16],
  ['ca-key.pem', 1705],
  ['ca.pem', 1108],
  ['client-cert.pem', 1108],
  ['client-key.pem', 1705],
  ['ib_buffer_pool', 3_474],
  ['ibdata1', 12_582_912],
  ['ibtmp1', 12_582_912],
  ['mysql.ibd', 25_165_824],
  ['private_key.pem', 1705],
  ['public_key.pem', 452],
  ['server-cert.pem', 1108],
  ['server-key.pem', 1705],
  ['undo_001', 16_777_216],
  ['undo_002', 16_777_216],
];
const DATA_DIRS = ['#innodb_redo', '#innodb_temp', 'mysql', 'performance_schema', 'sys'];

function initialised(context: ProgramContext): boolean {
  return context.fs.get(`${DATADIR}/mysql`)?.kind === 'dir';
}

function writeDataFiles(context: ProgramContext, database: string | undefined): string | undefined {
  const now = context.now();
  const owner = { uid: 999, gid: 999, mtime: now };
  return attempt(() => {
    if (context.fs.get(DATADIR)?.kind !== 'dir')
      context.fs.set(DATADIR, { ...dirEntry(0o755), ...owner });
    for (const dir of [...DATA_DIRS, ...(database ? [database] : [])]) {
      context.fs.set(`${DATADIR}/${dir}`, { ...dirEntry(0o750), ...owner });
    }
    for (const [name, size] of DATA_FILES) {
      const entry = fileEntry(
        `(MySQL data file ${name})\n`,
        name.endsWith('key.pem') ? 0o600 : 0o640,
      );
      context.fs.set(`${DATADIR}/${name}`, { ...entry, ...owner, size });
    }
    context.fs.set(`${DATADIR}/#innodb_redo/#ib_redo6`, {
      ...fileEntry('(InnoDB redo log)\n', 0o640),
      ...owner,
      size: 3_276_800,
    });
  });
}

/** Lets `ms` of sandbox time pass; true when a signal arrived meanwhile (the process ends). */
async function pause(context: ProgramContext, ms: number): Promise<boolean> {
  if (context.delay && !context.signal.aborted)
    await context.delay(ms, context.signal).catch(() => undefined);
  return context.signal.aborted;
}

/** The server's start-up lines; `port` 0 is the temporary server, which has no TCP port. */
async function serverStart(
  context: ProgramContext,
  log: ServerLog,
  pid: number,
  port: number,
): Promise<boolean> {
  const { server } = versions(context);
  log.line(0, 'System', 'MY-015015', 'Server', 'MySQL Server - start.');
  log.line(
    0,
    'System',
    'MY-010116',
    'Server',
    `/usr/sbin/mysqld (mysqld ${server}) starting as process ${pid}`,
  );
  log.line(1, 'System', 'MY-013576', 'InnoDB', 'InnoDB initialization has started.');
  if (await pause(context, 400)) return false;
  log.line(1, 'System', 'MY-013577', 'InnoDB', 'InnoDB initialization has ended.');
  log.line(0, 'Warning', 'MY-010068', 'Server', 'CA certificate ca.pem is self signed.');
  log.line(
    0,
    'System',
    'MY-013602',
    'Server',
    'Channel mysql_main configured to support TLS. Encrypted connections are now supported for this channel.',
  );
  log.line(
    0,
    'Warning',
    'MY-011810',
    'Server',
    "Insecure configuration for --pid-file: Location '/var/run/mysqld' in the path is accessible to all OS users. Consider choosing a different directory.",
  );
  log.line(
    0,
    'System',
    'MY-011323',
    'Server',
    port === 0
      ? 'X Plugin ready for connections. Socket: /var/run/mysqld/mysqlx.sock'
      : "X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock",
  );
  log.line(
    0,
    'System',
    'MY-010931',
    'Server',
    `/usr/sbin/mysqld: ready for connections. Version: '${server}'  socket: '/var/run/mysqld/mysqld.sock'  port: ${port}  MySQL Community Server - GPL.`,
  );
  return true;
}

function serverStop(context: ProgramContext, log: ServerLog, thread: number, from: string) {
  const { server } = versions(context);
  log.line(
    thread,
    'System',
    'MY-013172',
    'Server',
    `Received SHUTDOWN from ${from}. Shutting down mysqld (Version: ${server}).`,
  );
  log.line(
    0,
    'System',
    'MY-010910',
    'Server',
    `/usr/sbin/mysqld: Shutdown complete (mysqld ${server})  MySQL Community Server - GPL.`,
  );
  log.line(0, 'System', 'MY-015016', 'Server', 'MySQL Server - end.');
}

/** `mysqld` in the foreground: listens on 3306 and 33060 until SIGTERM (or SIGINT) ends it. */
export async function mysqld(context: ProgramContext): Promise<number> {
  const args = context.argv.slice(1);
  const { server } = versions(context);
  if (args.includes('--version') || args.includes('-V')) {
    context.io.stdout(
      `/usr/sbin/mysqld  Ver ${server} for Linux on x86_64 (MySQL Community Server - GPL)\n`,
    );
    return 0;
  }
  const log = new ServerLog(context);
  if (!initialised(context)) {
    log.line(0, 'System', 'MY-015015', 'Server', 'MySQL Server - start.');
    log.line(0, 'ERROR', 'MY-011011', 'Server', 'Failed to find valid data directory.');
    log.line(0, 'ERROR', 'MY-010020', 'Server', 'Data Dictionary initialization failed.');
    log.line(0, 'ERROR', 'MY-010119', 'Server', 'Aborting');
    log.line(0, 'System', 'MY-015016', 'Server', 'MySQL Server - end.');
    return 1;
  }
  // The first packet of the MySQL protocol: the server's handshake with its version.
  const listeners = listenRaw(context, [3306, 33060], `J\n${server}\0`);
  if (typeof listeners === 'number') {
    log.line(
      0,
      'ERROR',
      'MY-010262',
      'Server',
      `Can't start server: Bind on TCP/IP port: Address already in use`,
    );
    return 1;
  }
  if (!(await serverStart(context, log, 1, 3306))) {
    listeners.close();
    return signalStatus(String(context.signal.reason));
  }
  const signal = await waitForSignal(context);
  listeners.close();
  if (signal === 'SIGKILL') return signalStatus(signal);
  const { server: version } = versions(context);
  log.line(
    0,
    'System',
    'MY-013172',
    'Server',
    `Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: ${version}).`,
  );
  log.line(
    0,
    'System',
    'MY-010910',
    'Server',
    `/usr/sbin/mysqld: Shutdown complete (mysqld ${version})  MySQL Community Server - GPL.`,
  );
  log.line(0, 'System', 'MY-015016', 'Server', 'MySQL Server - end.');
  return 0;
}

/** `docker-entrypoint.sh` of the mysql image. */
export async function mysqlEntrypoint(context: ProgramContext): Promise<number> {
  let args = context.argv.slice(1);
  if (args[0]?.startsWith('-')) args = ['mysqld', ...args];
  const wantsHelp = args.some((arg) =>
    ['-?', '--help', '--print-defaults', '-V', '--version'].includes(arg),
  );
  if (args[0] !== 'mysqld' || wantsHelp) return args.length > 0 ? context.spawn(args) : 0;
  const { full } = versions(context);
  const note = (text: string) =>
    context.io.stdout(`${entrypointTime(context.now())} [Note] [Entrypoint]: ${text}\n`);
  const error = (text: string) =>
    context.io.stderr(`${entrypointTime(context.now())} [ERROR] [Entrypoint]: ${text}\n`);
  note(`Entrypoint script for MySQL Server ${full} started.`);
  if (context.user.uid === 0) {
    note("Switching to dedicated user 'mysql'");
    note(`Entrypoint script for MySQL Server ${full} started.`);
  }
  const env = context.env;
  if (!initialised(context)) {
    if (
      !env.MYSQL_ROOT_PASSWORD &&
      !env.MYSQL_ALLOW_EMPTY_PASSWORD &&
      !env.MYSQL_RANDOM_ROOT_PASSWORD
    ) {
      error('Database is uninitialized and password option is not specified');
      context.io.stderr(
        '    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n',
      );
      return 1;
    }
    if (env.MYSQL_USER === 'root') {
      error(
        'MYSQL_USER="root", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user',
      );
      context.io.stderr(
        '    Remove MYSQL_USER="root" and use one of the following to control the root user password:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n',
      );
      return 1;
    }
    const log = new ServerLog(context);
    const { server } = versions(context);
    note('Initializing database files');
    log.line(0, 'System', 'MY-015017', 'Server', 'MySQL Server Initialization - start.');
    log.line(
      0,
      'System',
      'MY-013169',
      'Server',
      `/usr/sbin/mysqld (mysqld ${server}) initializing of server in progress as process 80`,
    );
    log.line(1, 'System', 'MY-013576', 'InnoDB', 'InnoDB initialization has started.');
    if (await pause(context, 600)) return signalStatus(String(context.signal.reason));
    log.line(1, 'System', 'MY-013577', 'InnoDB', 'InnoDB initialization has ended.');
    const failed = writeDataFiles(context, env.MYSQL_DATABASE || undefined);
    if (failed) {
      log.line(
        0,
        'ERROR',
        'MY-010457',
        'Server',
        `--initialize specified but the data directory has files in it. Aborting.`,
      );
      return 1;
    }
    if (await pause(context, 1_200)) return signalStatus(String(context.signal.reason));
    log.line(
      6,
      'Warning',
      'MY-010453',
      'Server',
      'root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.',
    );
    if (await pause(context, 1_500)) return signalStatus(String(context.signal.reason));
    log.line(0, 'System', 'MY-015018', 'Server', 'MySQL Server Initialization - end.');
    note('Database files initialized');
    note('Starting temporary server');
    if (!(await serverStart(context, log, 124, 0)))
      return signalStatus(String(context.signal.reason));
    note('Temporary server started.');
    context.io.stdout(`'${DATADIR}/mysql.sock' -> '/var/run/mysqld/mysqld.sock'\n`);
    for (const name of [
      'iso3166.tab',
      'leap-seconds.list',
      'leapseconds',
      'tzdata.zi',
      'zone.tab',
      'zone1970.tab',
    ]) {
      context.io.stderr(
        `Warning: Unable to load '/usr/share/zoneinfo/${name}' as time zone. Skipping it.\n`,
      );
    }
    if (env.MYSQL_RANDOM_ROOT_PASSWORD) {
      note(`GENERATED ROOT PASSWORD: ${randomPassword(context)}`);
    }
    if (env.MYSQL_DATABASE) note(`Creating database ${env.MYSQL_DATABASE}`);
    if (env.MYSQL_USER && env.MYSQL_PASSWORD) {
      note(`Creating user ${env.MYSQL_USER}`);
      if (env.MYSQL_DATABASE)
        note(`Giving user ${env.MYSQL_USER} access to schema ${env.MYSQL_DATABASE}`);
    }
    context.io.stdout('\n');
    note('Stopping temporary server');
    serverStop(context, log, 10, 'user root');
    note('Temporary server stopped');
    context.io.stdout('\n');
    note('MySQL init process done. Ready for start up.');
    context.io.stdout('\n');
  } else {
    context.io.stdout(`'${DATADIR}/mysql.sock' -> '/var/run/mysqld/mysqld.sock'\n`);
  }
  return context.spawn(args);
}

function randomPassword(context: ProgramContext): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let seed = context.now();
  let out = '';
  for (let i = 0; i < 32; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out += letters[seed % letters.length];
  }
  return out;
}
