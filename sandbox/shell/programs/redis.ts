import { fileEntry } from '../../fs/entry.ts';
import type { ProgramContext } from '../program.ts';
import { attempt } from './common.ts';
import { listenRaw, pad, signalStatus, waitForSignal } from './serving.ts';

/**
 * The redis image at run time: `docker-entrypoint.sh` (arguments that start with `-` or name a
 * `.conf` file go to redis-server) and `redis-server` with its start-up log, listening on 6379.
 * SIGTERM or SIGINT saves the final snapshot to `dump.rdb` in the working directory (`/data`,
 * the image's volume), which the next start loads. Redis commands and modules are not modelled.
 */

const FALLBACK_VERSION = '8.2.3';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `04 Dec 2026 16:22:11.123`, redis's log time. */
function logTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

export async function redisServer(context: ProgramContext): Promise<number> {
  const args = context.argv.slice(1);
  const version = context.env.REDIS_VERSION || FALLBACK_VERSION;
  if (args.includes('--version') || args.includes('-v')) {
    context.io.stdout(
      `Redis server v=${version} sha=00000000:1 malloc=jemalloc-5.3.0 bits=64 build=1a2b3c4d5e6f7a8b\n`,
    );
    return 0;
  }
  const log = (role: 'C' | 'M', mark: '*' | '#', text: string) =>
    context.io.stdout(`1:${role} ${logTime(context.now())} ${mark} ${text}\n`);
  const portAt = args.indexOf('--port');
  const port = portAt >= 0 ? Number(args[portAt + 1]) || 6379 : 6379;

  log(
    'C',
    '#',
    "WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.",
  );
  log('C', '*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  log(
    'C',
    '*',
    `Redis version=${version}, bits=64, commit=00000000, modified=1, pid=1, just started`,
  );
  // Any argument, a config file or options, counts as configuration.
  if (args.length === 0) {
    log(
      'C',
      '#',
      'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf',
    );
  } else log('C', '*', 'Configuration loaded');
  const listeners = listenRaw(
    context,
    [port],
    "-ERR wrong number of arguments for 'get' command\r\n",
  );
  if (typeof listeners === 'number') {
    log(
      'M',
      '#',
      `Warning: Could not create server TCP listening socket *:${port}: bind: Address already in use`,
    );
    log('M', '#', `Failed listening on port ${port} (tcp), aborting.`);
    return 1;
  }
  log('M', '*', 'monotonic clock: POSIX clock_gettime');
  log('M', '*', `Running mode=standalone, port=${port}.`);
  log('M', '*', 'Server initialized');
  const dump = `${context.cwd.replace(/\/$/, '')}/dump.rdb`;
  if (context.fs.get(dump)?.kind === 'file') {
    log('M', '*', `Loading RDB produced by version ${version}`);
    log('M', '*', 'RDB age 0 seconds');
    log('M', '*', 'RDB memory usage when created 0.90 Mb');
    log('M', '*', 'Done loading RDB, keys loaded: 0, keys expired: 0.');
    log('M', '*', 'DB loaded from disk: 0.000 seconds');
  }
  log('M', '*', 'Ready to accept connections tcp');

  const signal = await waitForSignal(context);
  listeners.close();
  if (signal !== 'SIGTERM' && signal !== 'SIGINT') return signalStatus(signal);
  context.io.stdout(
    `1:signal-handler (${Math.floor(context.now() / 1000)}) Received ${signal} scheduling shutdown...\n`,
  );
  log('M', '*', 'User requested shutdown...');
  log('M', '*', 'Saving the final RDB snapshot before exiting.');
  const failed = attempt(() =>
    context.fs.set(dump, {
      ...fileEntry('REDIS0012\n', 0o600),
      uid: 999,
      gid: 999,
      mtime: context.now(),
      size: 88,
    }),
  );
  if (failed) {
    log(
      'M',
      '#',
      `Failed opening the temp RDB file temp-1.rdb (in server root dir ${context.cwd}) for saving: Read-only file system`,
    );
    log('M', '#', "Error trying to save the DB, can't exit.");
    return 1;
  }
  log('M', '*', 'DB saved on disk');
  log('M', '#', 'Redis is now ready to exit, bye bye...');
  return 0;
}

/** `docker-entrypoint.sh` of the redis image. */
export function redisEntrypoint(context: ProgramContext): Promise<number> | number {
  let args = context.argv.slice(1);
  if (args[0] !== undefined && (args[0].startsWith('-') || args[0].endsWith('.conf'))) {
    args = ['redis-server', ...args];
  }
  return args.length > 0 ? context.spawn(args) : 0;
}
