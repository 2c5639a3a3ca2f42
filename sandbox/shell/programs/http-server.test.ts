import { describe, expect, it } from 'vitest';
import { fileEntry } from '../../fs/entry.ts';
import type { HttpHandler, HttpRequest, NetworkAccess } from '../program.ts';
import { TEST_NOW, testMachine, type TestMachine } from '../testing.ts';
import { parseMinimist } from './http-server.ts';

/** A container network that records what listens and lets a test send requests. */
class FakeNetwork implements NetworkAccess {
  readonly addresses = ['127.0.0.1', '172.17.0.2'];
  readonly handlers = new Map<number, { host: string; handler: HttpHandler }>();
  closed: number[] = [];

  listen(port: number, host: string, handler: HttpHandler) {
    if (this.handlers.has(port)) return 'EADDRINUSE' as const;
    this.handlers.set(port, { host, handler });
    return { close: () => this.closed.push(port) };
  }

  get(port: number, url: string, headers: Record<string, string> = {}) {
    const request: HttpRequest = {
      method: 'GET',
      url,
      headers: { host: `localhost:${port}`, 'user-agent': 'curl/8.14.1', ...headers },
      remoteAddress: '172.17.0.1',
    };
    return this.handlers.get(port)!.handler(request);
  }
}

async function start(argv: string[], prepare?: (machine: TestMachine) => void) {
  const machine = testMachine();
  const net = new FakeNetwork();
  machine.net = net;
  machine.cwd = '/app';
  machine.fs.set('/app', { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: TEST_NOW });
  machine.fs.set('/app/index.html', { ...fileEntry('<h1>hi</h1>\n'), mtime: TEST_NOW });
  machine.fs.set('/app/sub', { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: TEST_NOW });
  machine.fs.set('/app/sub/a.txt', { ...fileEntry('x\n'), mtime: TEST_NOW });
  prepare?.(machine);
  const exit = machine.run(['http-server', ...argv]);
  await Promise.resolve();
  await new Promise((done) => setTimeout(done, 0));
  return { machine, net, exit };
}

// Banner, headers and log lines as http-server 14.1.1 printed them on Node 20.
const BANNER = [
  'Starting up http-server, serving ./',
  '',
  'http-server version: 14.1.1',
  '',
  'http-server settings: ',
  'CORS: disabled',
  'Cache: 3600 seconds',
  'Connection Timeout: 120 seconds',
  'Directory Listings: visible',
  'AutoIndex: visible',
  'Serve GZIP Files: false',
  'Serve Brotli Files: false',
  'Default File Extension: none',
  '',
  'Available on:',
  '  http://127.0.0.1:8080',
  '  http://172.17.0.2:8080',
  'Hit CTRL-C to stop the server',
  '',
  '',
].join('\n');

describe('http-server', () => {
  it('prints its banner with every address and listens on 0.0.0.0', async () => {
    const { machine, net } = await start(['-p', '8080']);
    expect(machine.stdout).toBe(BANNER);
    expect(net.handlers.get(8080)?.host).toBe('0.0.0.0');
  });

  it('serves ./public when it exists and no path is given', async () => {
    const { machine } = await start([], (m) => {
      m.fs.set('/app/public', { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 });
    });
    expect(machine.stdout.split('\n')[0]).toBe('Starting up http-server, serving ./public');
  });

  it('lists only the -a address when one is given', async () => {
    const { machine } = await start(['-a', '127.0.0.1', '-p', '18080']);
    expect(machine.stdout).toContain('Available on:\n  http://127.0.0.1:18080\nHit CTRL-C');
  });

  it('serves index.html for a directory with its headers and logs the request', async () => {
    const { machine, net } = await start(['-p', '8080']);
    const response = net.get(8080, '/');
    expect(response.status).toBe(200);
    expect(response.body).toBe('<h1>hi</h1>\n');
    expect(response.headers.map(([name]) => name)).toEqual([
      'accept-ranges',
      'cache-control',
      'last-modified',
      'etag',
      'content-length',
      'content-type',
      'Date',
      'Connection',
      'Keep-Alive',
    ]);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'cache-control': 'max-age=3600',
      'content-length': '12',
      'content-type': 'text/html; charset=UTF-8',
      'last-modified': 'Fri, 04 Dec 2026 16:22:11 GMT',
    });
    expect(machine.stdout.endsWith('[2026-12-04T16:22:11.000Z]  "GET /" "curl/8.14.1"\n')).toBe(
      true,
    );
  });

  it('redirects a directory without its slash and lists one without an index', async () => {
    const { net } = await start(['-p', '8080']);
    const redirect = net.get(8080, '/sub');
    expect(redirect.status).toBe(302);
    expect(Object.fromEntries(redirect.headers).location).toBe('/sub/');
    const listing = net.get(8080, '/sub/');
    expect(listing.status).toBe(200);
    expect(listing.body).toContain('<title>Index of /sub/</title>');
    expect(listing.body).toContain(
      '<tr><td><i class="icon icon-_blank"></i></td><td class="perms"><code>(drwxr-xr-x)</code></td><td class="last-modified">04-Dec-2026 16:22</td><td class="file-size"><code></code></td><td class="display-name"><a href="./../">../</a></td></tr>\n' +
        '<tr><td><i class="icon icon-txt"></i></td><td class="perms"><code>(-rw-r--r--)</code></td><td class="last-modified">04-Dec-2026 16:22</td><td class="file-size"><code>2B</code></td><td class="display-name"><a href="./a.txt">a.txt</a></td></tr>\n</table>',
    );
    expect(listing.body).toContain('server running @ localhost:8080</address>\n</body></html>');
  });

  it('answers a missing file with an empty 404 and logs the error line', async () => {
    const { machine, net } = await start(['-p', '8080']);
    const response = net.get(8080, '/nope');
    expect(response.status).toBe(404);
    expect(response.body).toBe('');
    expect(machine.stdout).toContain(
      '[2026-12-04T16:22:11.000Z]  "GET /nope" "curl/8.14.1"\n[2026-12-04T16:22:11.000Z]  "GET /nope" Error (404): "Not found"\n',
    );
  });

  it('serves 404.html with status 404 when the site has one', async () => {
    const { net } = await start(['-p', '8080'], (m) => {
      m.fs.set('/app/404.html', fileEntry('gone\n'));
    });
    const response = net.get(8080, '/nope');
    expect(response.status).toBe(404);
    expect(response.body).toBe('gone\n');
  });

  it('logs nothing with -s', async () => {
    const { machine, net } = await start(['-s', '-p', '8080']);
    net.get(8080, '/');
    expect(machine.stdout).toBe('');
  });

  it('stops when killed, closing its port and saying so', async () => {
    const { machine, net, exit } = await start(['-p', '8080']);
    machine.abort();
    expect(await exit).toBe(0);
    expect(machine.stdout.endsWith('Hit CTRL-C to stop the server\n\nhttp-server stopped.\n')).toBe(
      true,
    );
    expect(net.closed).toEqual([8080]);
  });

  it('fails like node when the port is taken', async () => {
    const { machine } = await start(['-p', '8080'], (m) => {
      (m.net as FakeNetwork).listen(8080, '0.0.0.0', () => ({
        status: 200,
        statusText: 'OK',
        headers: [],
        body: '',
      }));
    });
    expect(machine.stderr).toContain(
      'Error: listen EADDRINUSE: address already in use 0.0.0.0:8080\n',
    );
  });
});

describe('parseMinimist', () => {
  it.each([
    ['-p 8080', { p: 8080 }],
    ['-p8080', { p: 8080 }],
    ['--port=9000', { port: 9000 }],
    ['-c-1', { c: -1 }],
    ['-s ./public', { s: './public' }],
    ['--no-dotfiles', { dotfiles: false }],
    ['. -p 80', { _: ['.'], p: 80 }],
  ])('%s', (line, expected) => {
    expect(parseMinimist(line.split(' '))).toMatchObject(expected);
  });
});
