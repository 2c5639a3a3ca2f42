import { dirEntry, fileEntry } from '../../fs/entry.ts';
import type { ProgramContext } from '../program.ts';
import { attempt } from './common.ts';
import { listenRaw, pad, signalStatus, waitForSignal } from './serving.ts';

/**
 * The postgres image at run time: `docker-entrypoint.sh` (the POSTGRES_PASSWORD check, initdb's
 * report, the temporary server and its shutdown) and `postgres` with its log lines, listening on
 * 5432. The cluster is a few small files under PGDATA, so a volume keeps it and a later start
 * skips initialisation. SQL is not modelled.
 */

const FALLBACK_VERSION = '18.1';

function versionOf(context: ProgramContext): { version: string; package: string; major: string } {
  const pkg = context.env.PG_VERSION || `${FALLBACK_VERSION}-1.pgdg13+1`;
  const version = pkg.replace(/-.*$/, '');
  return { version, package: pkg, major: context.env.PG_MAJOR || version.split('.')[0]! };
}

function pgdata(context: ProgramContext): string {
  return context.env.PGDATA || '/var/lib/postgresql/data';
}

/** `2026-12-04 16:22:11.123 UTC`, postgres's log_line_prefix time. */
function logTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} UTC`;
}

function shutdownTime(ms: number): string {
  return logTime(ms).replace(/\.\d{3}/, '');
}

function logger(context: ProgramContext) {
  return (pid: number, text: string) =>
    context.io.stderr(`${logTime(context.now())} [${pid}] LOG:  ${text}\n`);
}

function startLines(context: ProgramContext, pid: number, tcp: boolean): void {
  const log = logger(context);
  const { version, package: pkg } = versionOf(context);
  log(
    pid,
    context.fs.get('/etc/alpine-release')
      ? `starting PostgreSQL ${version} on x86_64-pc-linux-musl, compiled by gcc (Alpine 14.2.0) 14.2.0, 64-bit`
      : `starting PostgreSQL ${version} (Debian ${pkg}) on x86_64-pc-linux-gnu, compiled by gcc (Debian 14.2.0-19) 14.2.0, 64-bit`,
  );
  if (tcp) {
    log(pid, 'listening on IPv4 address "0.0.0.0", port 5432');
    log(pid, 'listening on IPv6 address "::", port 5432');
  }
  log(pid, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"');
  const control = context.fs.get(`${pgdata(context)}/global/pg_control`);
  const shutAt = control?.kind === 'file' ? control.content.trim() : shutdownTime(context.now());
  log(pid + 3, `database system was shut down at ${shutAt}`);
  log(pid, 'database system is ready to accept connections');
}

function shutdownLines(context: ProgramContext, pid: number, signal: string): void {
  const log = logger(context);
  log(
    pid,
    signal === 'SIGTERM' ? 'received smart shutdown request' : 'received fast shutdown request',
  );
  if (signal !== 'SIGTERM') log(pid, 'aborting any active transactions');
  log(
    pid,
    `background worker "logical replication launcher" (PID ${pid + 6}) exited with exit code 1`,
  );
  log(pid + 1, 'shutting down');
  log(pid + 1, 'checkpoint starting: shutdown immediate');
  log(
    pid + 1,
    'checkpoint complete: wrote 3 buffers (0.0%), wrote 0 SLRU buffers; 0 WAL file(s) added, 0 removed, 0 recycled; write=0.002 s, sync=0.001 s, total=0.005 s; sync files=2, longest=0.001 s, average=0.001 s; distance=0 kB, estimate=0 kB; lsn=0/1B4E2A0, redo lsn=0/1B4E2A0',
  );
  log(pid, 'database system is shut down');
  attempt(() =>
    context.fs.set(`${pgdata(context)}/global/pg_control`, {
      ...fileEntry(`${shutdownTime(context.now())}\n`, 0o600),
      uid: 999,
      gid: 999,
      size: 8_192,
    }),
  );
}

function initialised(context: ProgramContext): boolean {
  const entry = context.fs.get(`${pgdata(context)}/PG_VERSION`);
  return entry?.kind === 'file' && entry.content.trim() !== '';
}

/** `postgres` in the foreground, listening on 5432 until SIGINT (fast) or SIGTERM (smart). */
export async function postgres(context: ProgramContext): Promise<number> {
  const args = context.argv.slice(1);
  const { version, package: pkg } = versionOf(context);
  if (args.includes('--version') || args.includes('-V')) {
    context.io.stdout(`postgres (PostgreSQL) ${version} (Debian ${pkg})\n`);
    return 0;
  }
  if (!initialised(context)) {
    context.io.stderr(
      `postgres: could not access the server configuration file "${pgdata(context)}/postgresql.conf": No such file or directory\n`,
    );
    return 2;
  }
  const listeners = listenRaw(context, [5432]);
  if (typeof listeners === 'number') {
    context.io.stderr(
      `${logTime(context.now())} [1] LOG:  could not bind IPv4 address "0.0.0.0": Address already in use\n`,
    );
    return 1;
  }
  startLines(context, 1, true);
  const signal = await waitForSignal(context);
  listeners.close();
  if (signal === 'SIGKILL') return signalStatus(signal);
  shutdownLines(context, 1, signal);
  return 0;
}

function writeCluster(context: ProgramContext): string | undefined {
  const data = pgdata(context);
  const owner = { uid: 999, gid: 999, mtime: context.now() };
  const { major } = versionOf(context);
  return attempt(() => {
    const parts = data.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const path = `/${parts.slice(0, i).join('/')}`;
      if (context.fs.get(path)?.kind !== 'dir')
        context.fs.set(path, { ...dirEntry(0o700), ...owner });
    }
    for (const dir of ['base', 'global', 'pg_wal', 'pg_xact', 'pg_stat', 'pg_tblspc']) {
      context.fs.set(`${data}/${dir}`, { ...dirEntry(0o700), ...owner });
    }
    context.fs.set(`${data}/PG_VERSION`, { ...fileEntry(`${major}\n`, 0o600), ...owner });
    context.fs.set(`${data}/postgresql.conf`, {
      ...fileEntry(
        "listen_addresses = '*'\nmax_connections = 100\nshared_buffers = 128MB\n",
        0o600,
      ),
      ...owner,
      size: 32_030,
    });
    context.fs.set(`${data}/pg_hba.conf`, {
      ...fileEntry('local all all trust\nhost all all all scram-sha-256\n', 0o600),
      ...owner,
      size: 5_743,
    });
    context.fs.set(`${data}/pg_wal/000000010000000000000001`, {
      ...fileEntry('(WAL segment)\n', 0o600),
      ...owner,
      size: 16_777_216,
    });
  });
}

/** `docker-entrypoint.sh` of the postgres image. */
export async function postgresEntrypoint(context: ProgramContext): Promise<number> {
  let args = context.argv.slice(1);
  if (args[0]?.startsWith('-')) args = ['postgres', ...args];
  if (args[0] !== 'postgres') return args.length > 0 ? context.spawn(args) : 0;
  const me = '/usr/local/bin/docker-entrypoint.sh';
  const out = (text: string) => context.io.stdout(text);
  const env = context.env;
  if (initialised(context)) {
    out(
      '\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n',
    );
    return context.spawn(args);
  }
  if (!env.POSTGRES_PASSWORD && env.POSTGRES_HOST_AUTH_METHOD !== 'trust') {
    context.io.stderr(
      'Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".\n\n       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all\n       connections without a password. This is *not* recommended.\n\n       See PostgreSQL documentation about "trust":\n       https://www.postgresql.org/docs/current/auth-trust.html\n',
    );
    return 1;
  }
  const data = pgdata(context);
  if (writeCluster(context)) {
    context.io.stderr(
      `initdb: error: could not create directory "${data}": Read-only file system\n`,
    );
    return 1;
  }
  out(
    `The files belonging to this database system will be owned by user "postgres".\nThis user must also own the server process.\n\nThe database cluster will be initialized with locale "en_US.utf8".\nThe default database encoding has accordingly been set to "UTF8".\nThe default text search configuration will be set to "english".\n\nData page checksums are enabled.\n\nfixing permissions on existing directory ${data} ... ok\ncreating subdirectories ... ok\nselecting dynamic shared memory implementation ... posix\nselecting default "max_connections" ... 100\nselecting default "shared_buffers" ... 128MB\nselecting default time zone ... Etc/UTC\ncreating configuration files ... ok\nrunning bootstrap script ... ok\nperforming post-bootstrap initialization ... ok\nsyncing data to disk ... ok\n\n\nSuccess. You can now start the database server using:\n\n    pg_ctl -D ${data} -l logfile start\n\n`,
  );
  context.io.stderr(
    'initdb: warning: enabling "trust" authentication for local connections\ninitdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb.\n',
  );
  out('waiting for server to start....');
  startLines(context, 48, false);
  out(' done\nserver started\n');
  if (env.POSTGRES_DB && env.POSTGRES_DB !== (env.POSTGRES_USER || 'postgres'))
    out('CREATE DATABASE\n');
  out('\n');
  const scripts =
    context.fs.get('/docker-entrypoint-initdb.d')?.kind === 'dir'
      ? context.fs.list('/docker-entrypoint-initdb.d').sort()
      : [];
  if (scripts.length === 0) out(`${me}: ignoring /docker-entrypoint-initdb.d/*\n`);
  for (const name of scripts) {
    const path = `/docker-entrypoint-initdb.d/${name}`;
    if (name.endsWith('.sh')) {
      out(`${me}: running ${path}\n`);
      const status = await context.spawn(['/bin/sh', path]);
      if (status !== 0) return status;
    } else if (name.endsWith('.sql') || name.endsWith('.sql.gz')) {
      out(`${me}: running ${path}\n`);
      out('dockyard: the SQL in it is not run; SQL is not simulated\n');
    } else out(`${me}: ignoring ${path}\n`);
  }
  out('\nwaiting for server to shut down...');
  shutdownLines(context, 48, 'SIGINT');
  out(' done\nserver stopped\n\nPostgreSQL init process complete; ready for start up.\n\n');
  return context.spawn(args);
}
