import { describe, expect, it } from 'vitest';
import { mkdirp } from '../../fs/ops.ts';
import type { TestMachine } from '../testing.ts';
import { startProgram } from './server-testing.ts';

// The entrypoint's notes and errors and mysqld's log lines as the mysql:8.4 image prints them;
// the test clock stands still at 2026-12-04 16:22:11 UTC.

const ENTRYPOINT = ['docker-entrypoint.sh', 'mysqld'];
const NOTE = '2026-12-04 16:22:11+00:00 [Note] [Entrypoint]:';

function mysqlImage(env: Record<string, string>) {
  return (machine: TestMachine) => {
    machine.fs.set(
      '/usr/local/bin/docker-entrypoint.sh',
      machine.fs.get('/usr/bin/mysql-entrypoint')!,
    );
    mkdirp(machine.fs, '/var/lib/mysql');
    Object.assign(machine.env, { MYSQL_VERSION: '8.4.7-1.el9', ...env });
  };
}

describe('the mysql image', () => {
  it('refuses to initialise without a root password option, as the entrypoint does', async () => {
    const server = await startProgram(ENTRYPOINT, mysqlImage({}));
    expect(await server.exit).toBe(1);
    expect(server.machine.stdout).toBe(
      [
        `${NOTE} Entrypoint script for MySQL Server 8.4.7-1.el9 started.`,
        `${NOTE} Switching to dedicated user 'mysql'`,
        `${NOTE} Entrypoint script for MySQL Server 8.4.7-1.el9 started.`,
        '',
      ].join('\n'),
    );
    expect(server.machine.stderr).toBe(
      '2026-12-04 16:22:11+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n' +
        '    You need to specify one of the following as an environment variable:\n' +
        '    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n',
    );
    expect(server.net.handlers.size).toBe(0);
  });

  it('initialises an empty data directory, then serves on 3306 and 33060', async () => {
    const server = await startProgram(
      ENTRYPOINT,
      mysqlImage({
        MYSQL_ROOT_PASSWORD: 'secret',
        MYSQL_DATABASE: 'shop',
        MYSQL_USER: 'app',
        MYSQL_PASSWORD: 'pw',
      }),
    );
    const out = server.machine.stdout;
    expect(out).toContain(`${NOTE} Initializing database files\n`);
    expect(out).toContain(`${NOTE} Creating database shop\n`);
    expect(out).toContain(`${NOTE} Creating user app\n`);
    expect(out).toContain(`${NOTE} Giving user app access to schema shop\n`);
    expect(out).toContain(`${NOTE} MySQL init process done. Ready for start up.\n`);
    const err = server.machine.stderr;
    expect(err).toMatch(
      /^2026-12-04T16:22:11\.\d{6}Z 0 \[System\] \[MY-015017\] \[Server\] MySQL Server Initialization - start\.\n/,
    );
    expect(err).toContain(
      "[System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.4.7'  socket: '/var/run/mysqld/mysqld.sock'  port: 0  MySQL Community Server - GPL.\n",
    );
    expect(err.trimEnd().split('\n').at(-1)).toMatch(
      /\[System\] \[MY-010931\] \[Server\] \/usr\/sbin\/mysqld: ready for connections\. Version: '8\.4\.7'  socket: '\/var\/run\/mysqld\/mysqld\.sock'  port: 3306  MySQL Community Server - GPL\.$/,
    );
    expect(err).toContain('starting as process 1\n');
    expect([...server.net.handlers.keys()]).toEqual([3306, 33060]);
    const fs = server.machine.fs;
    for (const name of [
      'ibdata1',
      'mysql.ibd',
      'auto.cnf',
      'mysql',
      'shop',
      'performance_schema',
    ]) {
      expect(fs.get(`/var/lib/mysql/${name}`), name).toBeDefined();
    }
    expect(fs.get('/var/lib/mysql/ibdata1')).toMatchObject({ size: 12_582_912 });
  });

  it('reuses the data on a second start and skips initialisation', async () => {
    const first = await startProgram(ENTRYPOINT, mysqlImage({ MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' }));
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.machine.stderr).toContain(
      '[System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld 8.4.7)  MySQL Community Server - GPL.\n',
    );
    expect(first.net.closed).toEqual([3306, 33060]);

    // The same data directory (a volume) and no password variable: the files are enough.
    const again = await startProgram(
      ENTRYPOINT,
      (m) => {
        delete m.env.MYSQL_ALLOW_EMPTY_PASSWORD;
      },
      first,
    );
    expect(again.machine.stdout).not.toContain('Initializing database files');
    expect(again.machine.stdout).toContain(
      "'/var/lib/mysql/mysql.sock' -> '/var/run/mysqld/mysqld.sock'\n",
    );
    expect(again.machine.stderr).not.toContain('MY-015017');
    expect(again.machine.stderr).toContain('port: 3306  MySQL Community Server - GPL.\n');
    expect(await again.stop('SIGTERM')).toBe(0);
  });

  it('prints a generated root password with MYSQL_RANDOM_ROOT_PASSWORD', async () => {
    const server = await startProgram(
      ENTRYPOINT,
      mysqlImage({ MYSQL_RANDOM_ROOT_PASSWORD: 'yes' }),
    );
    expect(server.machine.stdout).toMatch(
      /\[Note\] \[Entrypoint\]: GENERATED ROOT PASSWORD: \S{32}\n/,
    );
  });

  it('hands options to mysqld and other commands through as given', async () => {
    const server = await startProgram(
      ['docker-entrypoint.sh', 'mysqld', '--version'],
      mysqlImage({}),
    );
    expect(await server.exit).toBe(0);
    expect(server.machine.stdout).toContain(
      '/usr/sbin/mysqld  Ver 8.4.7 for Linux on x86_64 (MySQL Community Server - GPL)\n',
    );
    const echo = await startProgram(['docker-entrypoint.sh', 'echo', 'hi'], mysqlImage({}));
    expect(await echo.exit).toBe(0);
    expect(echo.machine.stdout).toBe('hi\n');
  });

  it('ends during initialisation when stopped, without starting the server', async () => {
    // Sandbox time stands still, so the stop arrives while InnoDB initialises.
    const never = (_ms: number, signal: AbortSignal) =>
      new Promise<void>((done) => signal.addEventListener('abort', () => done()));
    const server = await startProgram(
      ENTRYPOINT,
      mysqlImage({ MYSQL_ROOT_PASSWORD: 'pw' }),
      undefined,
      never,
    );
    expect(server.machine.stderr).toContain('InnoDB initialization has started.\n');
    expect(await server.stop('SIGTERM')).toBe(143);
    expect(server.machine.stderr).not.toContain('ready for connections');
    expect(server.net.handlers.size).toBe(0);
  });
});
