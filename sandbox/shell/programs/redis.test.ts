import { describe, expect, it } from 'vitest';
import { mkdirp } from '../../fs/ops.ts';
import type { TestMachine } from '../testing.ts';
import { startProgram } from './server-testing.ts';

// redis-server's log lines as the redis:8.2 image prints them (pid 1, role C then M).

function redisImage(machine: TestMachine): void {
  machine.fs.set(
    '/usr/local/bin/docker-entrypoint.sh',
    machine.fs.get('/usr/bin/redis-entrypoint')!,
  );
  mkdirp(machine.fs, '/data');
  machine.cwd = '/data';
  machine.env.REDIS_VERSION = '8.2.3';
}

const T = '04 Dec 2026 16:22:11.000';

describe('the redis image', () => {
  it('starts redis-server on 6379 with its start-up lines', async () => {
    const server = await startProgram(['docker-entrypoint.sh', 'redis-server'], redisImage);
    const lines = server.machine.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^1:C ${T} # WARNING Memory overcommit must be enabled!`));
    expect(lines.slice(1)).toEqual([
      `1:C ${T} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
      `1:C ${T} * Redis version=8.2.3, bits=64, commit=00000000, modified=1, pid=1, just started`,
      `1:C ${T} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
      `1:M ${T} * monotonic clock: POSIX clock_gettime`,
      `1:M ${T} * Running mode=standalone, port=6379.`,
      `1:M ${T} * Server initialized`,
      `1:M ${T} * Ready to accept connections tcp`,
      '',
    ]);
    expect(server.net.handlers.get(6379)?.host).toBe('0.0.0.0');
  });

  it('saves dump.rdb in /data on SIGTERM and loads it on the next start', async () => {
    const first = await startProgram(['docker-entrypoint.sh', 'redis-server'], redisImage);
    first.machine.stdout = '';
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.machine.stdout).toBe(
      [
        '1:signal-handler (1796401331) Received SIGTERM scheduling shutdown...',
        `1:M ${T} * User requested shutdown...`,
        `1:M ${T} * Saving the final RDB snapshot before exiting.`,
        `1:M ${T} * DB saved on disk`,
        `1:M ${T} # Redis is now ready to exit, bye bye...`,
        '',
      ].join('\n'),
    );
    expect(first.machine.fs.get('/data/dump.rdb')?.kind).toBe('file');
    const again = await startProgram(['docker-entrypoint.sh', 'redis-server'], undefined, first);
    expect(again.machine.stdout).toContain(`1:M ${T} * DB loaded from disk: 0.000 seconds\n`);
  });

  it('passes options and a .conf file to redis-server', async () => {
    const server = await startProgram(['docker-entrypoint.sh', '--port', '6380'], redisImage);
    expect(server.machine.stdout).toContain('* Running mode=standalone, port=6380.\n');
    expect(server.machine.stdout).toContain(' * Configuration loaded\n');
    expect(server.machine.stdout).not.toContain('no config file specified');
    expect(server.net.handlers.has(6380)).toBe(true);
  });
});
