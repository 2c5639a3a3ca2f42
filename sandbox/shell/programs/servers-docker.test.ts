/**
 * The server images through the whole sandbox: `docker run` with a published port, a request
 * from the host's curl, `docker logs`, and `docker stop` with the image's stop signal.
 */
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../index.ts';
import { fakeEnvironment, runLine } from '../../testing.ts';

function sandbox() {
  return createSandbox({ files: {}, environment: fakeEnvironment() });
}

/** Lets sandbox time pass until a container's log shows `text` (a server's start-up takes time). */
async function waitForLog(s: ReturnType<typeof sandbox>, name: string, text: string) {
  for (let i = 0; i < 100; i++) {
    if ((await runLine(s, `docker logs ${name}`)).output.includes(text)) return;
    await runLine(s, 'sleep 1');
  }
  throw new Error(`${name} never logged ${text}`);
}

describe('server images through docker', () => {
  it('nginx: the welcome page on the published port, its access log, a graceful stop', async () => {
    const s = sandbox();
    expect((await runLine(s, 'docker run -d -p 8080:80 --name web nginx')).status).toBe(0);
    const page = await runLine(s, 'curl -s localhost:8080');
    expect(page.output).toContain('<h1>Welcome to nginx!</h1>');
    const logs = await runLine(s, 'docker logs web');
    expect(logs.output).toMatch(
      /\n172\.17\.0\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "curl\/[\d.]+" "-"\n/,
    );
    expect((await runLine(s, 'docker stop web')).status).toBe(0);
    const after = await runLine(s, 'docker logs web');
    expect(after.output).toContain('[notice] 1#1: signal 3 (SIGQUIT) received, shutting down\n');
    expect((await runLine(s, 'docker ps -a')).output).toMatch(/Exited \(0\)/);
  });

  it('redis, mysql and postgres answer curl as non-HTTP servers do', async () => {
    const s = sandbox();
    await runLine(s, 'docker run -d -p 6379:6379 --name cache redis');
    const redis = await runLine(s, 'curl localhost:6379');
    expect(redis.status).toBe(1);
    expect(redis.output).toBe('curl: (1) Received HTTP/0.9 when not allowed\n');
    await runLine(s, 'docker run -d -p 3306:3306 -e MYSQL_ROOT_PASSWORD=pw --name db mysql:8.4');
    // While it initialises nothing listens behind the published port: the proxy resets.
    expect((await runLine(s, 'curl -s localhost:3306')).status).toBe(56);
    await waitForLog(s, 'db', 'port: 3306');
    expect((await runLine(s, 'curl -s localhost:3306')).status).toBe(1);
    await runLine(s, 'docker run -d -p 5432:5432 -e POSTGRES_PASSWORD=pw --name pg postgres');
    const pg = await runLine(s, 'curl localhost:5432');
    expect(pg.status).toBe(52);
    expect(pg.output).toBe('curl: (52) Empty reply from server\n');
  });

  it('mysql keeps its data in a named volume across containers', async () => {
    const s = sandbox();
    await runLine(
      s,
      'docker run -d -e MYSQL_ROOT_PASSWORD=pw -v data:/var/lib/mysql --name one mysql:8.4',
    );
    await waitForLog(s, 'one', 'port: 3306');
    expect((await runLine(s, 'docker logs one')).output).toContain('Initializing database files');
    await runLine(s, 'docker rm -f one');
    await runLine(s, 'docker run -d -v data:/var/lib/mysql --name two mysql:8.4');
    const logs = (await runLine(s, 'docker logs two')).output;
    expect(logs).not.toContain('Initializing database files');
    expect(logs).not.toContain('password option is not specified');
  });

  it('docker stop ends each server cleanly with its stop signal, without the SIGKILL timeout', async () => {
    const s = sandbox();
    await runLine(s, 'docker run -d -e MYSQL_ROOT_PASSWORD=pw --name db mysql:8.4');
    await waitForLog(s, 'db', 'port: 3306');
    await runLine(s, 'docker run -d --name web httpd');
    await runLine(s, 'docker run -d --name cache redis');
    await runLine(s, 'docker run -d -e POSTGRES_PASSWORD=pw --name pg postgres');
    await runLine(s, 'docker run -d --name mg mongo');
    for (const name of ['db', 'web', 'cache', 'pg', 'mg']) {
      expect((await runLine(s, `docker stop ${name}`)).status, name).toBe(0);
    }
    const ps = (await runLine(s, 'docker ps -a --format "{{.Names}} {{.Status}}"')).output;
    for (const name of ['db', 'web', 'cache', 'pg', 'mg']) {
      expect(ps, name).toMatch(new RegExp(`^${name} Exited \\(0\\)`, 'm'));
    }
    expect((await runLine(s, 'docker logs web')).output).toContain(
      'AH00492: caught SIGWINCH, shutting down gracefully',
    );
    expect((await runLine(s, 'docker logs pg')).output).toContain('received fast shutdown request');
  });

  it('python -m http.server as PID 1 ignores SIGTERM, so docker stop ends it with SIGKILL', async () => {
    const s = sandbox();
    await runLine(s, 'docker run -d --name py python python -m http.server');
    await runLine(s, 'docker stop py');
    const ps = (await runLine(s, 'docker ps -a --format "{{.Status}}"')).output;
    expect(ps).toMatch(/^Exited \(137\)/);
  });
});
