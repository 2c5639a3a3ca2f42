import { describe, expect, it } from 'vitest';
import { mkdirp } from '../../fs/ops.ts';
import type { TestMachine } from '../testing.ts';
import { startProgram } from './server-testing.ts';

// The entrypoint's and initdb's output and the server's log lines as the postgres:18 image
// prints them; the test clock stands still at 2026-12-04 16:22:11 UTC.

function postgresImage(env: Record<string, string>) {
  return (machine: TestMachine) => {
    machine.fs.set(
      '/usr/local/bin/docker-entrypoint.sh',
      machine.fs.get('/usr/bin/postgres-entrypoint')!,
    );
    mkdirp(machine.fs, '/var/lib/postgresql');
    Object.assign(machine.env, {
      PG_MAJOR: '18',
      PG_VERSION: '18.1-1.pgdg13+1',
      PGDATA: '/var/lib/postgresql/18/docker',
      ...env,
    });
  };
}

const ENTRYPOINT = ['docker-entrypoint.sh', 'postgres'];

describe('the postgres image', () => {
  it('requires POSTGRES_PASSWORD on first start, in the entrypoint words', async () => {
    const server = await startProgram(ENTRYPOINT, postgresImage({}));
    expect(await server.exit).toBe(1);
    expect(server.machine.stderr).toMatch(
      /^Error: Database is uninitialized and superuser password is not specified\.\n {7}You must specify POSTGRES_PASSWORD to a non-empty value for the\n/,
    );
    expect(server.machine.fs.get('/var/lib/postgresql/18/docker')).toBeUndefined();
  });

  it('initialises PGDATA, runs a temporary server, then listens on 5432', async () => {
    const server = await startProgram(ENTRYPOINT, postgresImage({ POSTGRES_PASSWORD: 'pw' }));
    const out = server.machine.stdout;
    expect(out).toMatch(
      /^The files belonging to this database system will be owned by user "postgres"\.\n/,
    );
    expect(out).toContain(
      'fixing permissions on existing directory /var/lib/postgresql/18/docker ... ok\n',
    );
    expect(out).toContain(
      '/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*\n',
    );
    expect(out).toMatch(/PostgreSQL init process complete; ready for start up\.\n\n$/);
    const err = server.machine.stderr.trimEnd().split('\n');
    expect(err.at(-1)).toBe(
      '2026-12-04 16:22:11.000 UTC [1] LOG:  database system is ready to accept connections',
    );
    expect(err).toContain(
      '2026-12-04 16:22:11.000 UTC [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432',
    );
    expect(err).toContain(
      '2026-12-04 16:22:11.000 UTC [1] LOG:  starting PostgreSQL 18.1 (Debian 18.1-1.pgdg13+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 14.2.0-19) 14.2.0, 64-bit',
    );
    expect(server.machine.stderr).toContain(
      '[51] LOG:  database system was shut down at 2026-12-04 16:22:11 UTC\n',
    );
    expect(server.net.handlers.has(5432)).toBe(true);
    expect(server.machine.fs.get('/var/lib/postgresql/18/docker/PG_VERSION')).toMatchObject({
      content: '18\n',
    });
  });

  it('stops fast on SIGINT, the image STOPSIGNAL, and skips initialisation next time', async () => {
    const first = await startProgram(ENTRYPOINT, postgresImage({ POSTGRES_PASSWORD: 'pw' }));
    first.machine.stderr = '';
    expect(await first.stop('SIGINT')).toBe(0);
    expect(first.machine.stderr.split('\n')[0]).toBe(
      '2026-12-04 16:22:11.000 UTC [1] LOG:  received fast shutdown request',
    );
    expect(first.machine.stderr).toContain('[1] LOG:  database system is shut down\n');
    const again = await startProgram(ENTRYPOINT, (m) => delete m.env.POSTGRES_PASSWORD, first);
    expect(again.machine.stdout).toBe(
      '\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n',
    );
    expect(again.machine.stderr).toContain(
      '[4] LOG:  database system was shut down at 2026-12-04 16:22:11 UTC\n',
    );
    expect(await again.stop('SIGTERM')).toBe(0);
    expect(again.machine.stderr).toContain('[1] LOG:  received smart shutdown request\n');
  });
});
