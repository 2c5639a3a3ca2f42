import { describe, expect, it } from 'vitest';
import { fileEntry } from '../../fs/entry.ts';
import { MemoryFs } from '../../fs/file-system.ts';
import { mkdirp, walk } from '../../fs/ops.ts';
import { lookupCatalog } from '../../image/catalog.ts';
import { imageFilesystem } from '../../image/image.ts';
import { parseReference, type Reference } from '../../image/reference.ts';
import type { TestMachine } from '../testing.ts';
import { startProgram } from './server-testing.ts';

// Start-up notices, the error page, the log formats and the shutdown notices as nginx 1.22
// (Debian) printed them on 127.0.0.1, with the official image's build line and entrypoint.

/** The test machine with the nginx image's files (its entrypoint, config and pages) on top. */
function nginxImage(machine: TestMachine): void {
  const found = lookupCatalog(parseReference('nginx:1.29') as Reference);
  if (found.kind !== 'found') throw new Error('nginx:1.29 missing from the catalog');
  const fs: MemoryFs = imageFilesystem(found.image);
  mkdirp(machine.fs, '/usr/share');
  for (const [path, entry] of walk(fs, '/')) {
    if (
      path.startsWith('/etc/nginx') ||
      path.startsWith('/usr/share/nginx') ||
      path.startsWith('/docker-entrypoint')
    ) {
      machine.fs.set(path, entry);
    }
  }
  for (const entry of found.image.config.Env) {
    const at = entry.indexOf('=');
    machine.env[entry.slice(0, at)] = entry.slice(at + 1);
  }
}

const ENTRYPOINT_LINES = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
  '',
].join('\n');

const START = [
  '2026/12/04 16:22:11 [notice] 1#1: using the "epoll" event method',
  '2026/12/04 16:22:11 [notice] 1#1: nginx/1.29.3',
  '2026/12/04 16:22:11 [notice] 1#1: built by gcc 14.2.0 (Debian 14.2.0-19) ',
  '2026/12/04 16:22:11 [notice] 1#1: OS: Linux 6.10.14-linuxkit',
  '2026/12/04 16:22:11 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
  '2026/12/04 16:22:11 [notice] 1#1: start worker processes',
  '2026/12/04 16:22:11 [notice] 1#1: start worker process 29',
  '2026/12/04 16:22:11 [notice] 1#1: start worker process 30',
  '',
].join('\n');

const IMAGE_CMD = ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'];

describe('the nginx image', () => {
  it('runs its entrypoint scripts, then starts nginx on port 80', async () => {
    const server = await startProgram(IMAGE_CMD, nginxImage);
    expect(server.machine.stdout).toBe(ENTRYPOINT_LINES);
    expect(server.machine.stderr).toBe(START);
    expect(server.net.handlers.get(80)?.host).toBe('0.0.0.0');
    expect(server.machine.fs.get('/etc/nginx/conf.d/default.conf')).toMatchObject({
      content: expect.stringContaining('    listen       80;\n    listen  [::]:80;\n'),
    });
  });

  it('serves the welcome page and logs each request in the main format', async () => {
    const server = await startProgram(IMAGE_CMD, nginxImage);
    server.machine.stdout = '';
    const page = server.net.request(80, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Welcome to nginx!</title>');
    const length = new TextEncoder().encode(page.body).length;
    expect(page.headers.map(([name]) => name)).toEqual([
      'Server',
      'Date',
      'Content-Type',
      'Content-Length',
      'Last-Modified',
      'Connection',
      'ETag',
      'Accept-Ranges',
    ]);
    expect(page.headers).toContainEqual(['Server', 'nginx/1.29.3']);
    expect(page.headers).toContainEqual(['Content-Type', 'text/html']);
    expect(server.machine.stdout).toBe(
      `172.17.0.1 - - [04/Dec/2026:16:22:11 +0000] "GET / HTTP/1.1" 200 ${length} "-" "curl/8.14.1" "-"\n`,
    );
  });

  it('answers 404 with its own page and an error-log line', async () => {
    const server = await startProgram(IMAGE_CMD, nginxImage);
    server.machine.stdout = '';
    server.machine.stderr = '';
    const missing = server.net.request(80, '/nope', { headers: { host: 'localhost:8080' } });
    expect([missing.status, missing.statusText]).toEqual([404, 'Not Found']);
    expect(missing.body).toBe(
      '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.29.3</center>\r\n</body>\r\n</html>\r\n',
    );
    expect(missing.headers).toContainEqual(['Content-Length', '153']);
    expect(server.machine.stdout).toBe(
      '172.17.0.1 - - [04/Dec/2026:16:22:11 +0000] "GET /nope HTTP/1.1" 404 153 "-" "curl/8.14.1" "-"\n',
    );
    expect(server.machine.stderr).toBe(
      '2026/12/04 16:22:11 [error] 30#30: *1 open() "/usr/share/nginx/html/nope" failed (2: No such file or directory), client: 172.17.0.1, server: localhost, request: "GET /nope HTTP/1.1", host: "localhost:8080"\n',
    );
  });

  it('redirects a folder to its slash on its own port, and forbids a folder without index', async () => {
    const server = await startProgram(IMAGE_CMD, (m) => {
      nginxImage(m);
      m.fs.set('/usr/share/nginx/html/docs', {
        kind: 'dir',
        mode: 0o755,
        uid: 0,
        gid: 0,
        mtime: 0,
      });
    });
    const moved = server.net.request(80, '/docs', { headers: { host: 'localhost:8080' } });
    expect(moved.status).toBe(301);
    expect(moved.headers).toContainEqual(['Location', 'http://localhost/docs/']);
    expect(moved.headers).toContainEqual(['Content-Length', '169']);
    const forbidden = server.net.request(80, '/docs/');
    expect(forbidden.status).toBe(403);
    expect(server.machine.stderr).toContain(
      'directory index of "/usr/share/nginx/html/docs/" is forbidden, client: 172.17.0.1',
    );
  });

  it('stops gracefully on SIGQUIT, the image STOPSIGNAL', async () => {
    const server = await startProgram(IMAGE_CMD, nginxImage);
    server.machine.stderr = '';
    expect(await server.stop('SIGQUIT')).toBe(0);
    expect(server.machine.stderr.split('\n').map((l) => l.slice(29))).toEqual([
      '1#1: signal 3 (SIGQUIT) received, shutting down',
      '29#29: gracefully shutting down',
      '30#30: gracefully shutting down',
      '29#29: exiting',
      '30#30: exiting',
      '29#29: exit',
      '30#30: exit',
      '1#1: signal 17 (SIGCHLD) received from 30',
      '1#1: worker process 29 exited with code 0',
      '1#1: worker process 30 exited with code 0',
      '1#1: exit',
      '',
    ]);
    expect(server.net.closed).toEqual([80]);
  });

  it('stops fast on SIGTERM', async () => {
    const server = await startProgram(IMAGE_CMD, nginxImage);
    server.machine.stderr = '';
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.machine.stderr).toContain(
      '[notice] 1#1: signal 15 (SIGTERM) received, exiting\n',
    );
    expect(server.machine.stderr).not.toContain('gracefully');
  });

  it('says the config differs on a second start, and serves a root and port from conf.d', async () => {
    const server = await startProgram(IMAGE_CMD, (m) => {
      nginxImage(m);
      m.fs.set(
        '/etc/nginx/conf.d/default.conf',
        fileEntry('server {\n    listen 8080;\n    root /site;\n}\n'),
      );
      m.fs.set('/site', { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 });
      m.fs.set('/site/index.html', fileEntry('<p>mine</p>\n'));
    });
    expect(server.machine.stdout).toContain(
      '10-listen-on-ipv6-by-default.sh: info: /etc/nginx/conf.d/default.conf differs from the packaged version\n',
    );
    expect(server.net.handlers.has(80)).toBe(false);
    expect(server.net.request(8080, '/').body).toBe('<p>mine</p>\n');
  });

  it('fills templates from the environment, quietly with NGINX_ENTRYPOINT_QUIET_LOGS', async () => {
    const server = await startProgram(IMAGE_CMD, (m) => {
      nginxImage(m);
      m.env.NGINX_ENTRYPOINT_QUIET_LOGS = '1';
      m.env.NGINX_PORT = '8081';
      m.fs.set('/etc/nginx/templates', { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 });
      m.fs.set(
        '/etc/nginx/templates/site.conf.template',
        fileEntry('server {\n    listen ${NGINX_PORT};\n    root /usr/share/nginx/html;\n}\n'),
      );
    });
    expect(server.machine.stdout).toBe('');
    expect(server.machine.fs.get('/etc/nginx/conf.d/site.conf')).toMatchObject({
      content: 'server {\n    listen 8081;\n    root /usr/share/nginx/html;\n}\n',
    });
    expect(server.net.request(8081, '/').status).toBe(200);
  });

  it('exits at once without daemon off, as a forking nginx does', async () => {
    const server = await startProgram(['/docker-entrypoint.sh', 'nginx'], nginxImage);
    expect(await server.exit).toBe(0);
    expect(server.net.handlers.size).toBe(0);
  });

  it("names Alpine's compiler on the alpine variant", async () => {
    const server = await startProgram(IMAGE_CMD, (m) => {
      nginxImage(m);
      m.fs.set('/etc/alpine-release', fileEntry('3.22.2\n'));
    });
    expect(server.machine.stderr).toContain('[notice] 1#1: built by gcc 14.2.0 (Alpine 14.2.0) \n');
  });
});
