import { describe, expect, it } from 'vitest';
import { fileEntry } from '../../fs/entry.ts';
import { mkdirp } from '../../fs/ops.ts';
import { TEST_NOW, testMachine, type TestMachine } from '../testing.ts';
import { startProgram } from './server-testing.ts';

// Banner, log lines, listing and error page as Python's http.server printed them (3.11, run
// on 127.0.0.1); the clock is the test machine's, 2026-12-04 16:22:11 UTC.

function site(machine: TestMachine): void {
  machine.env.PYTHON_VERSION = '3.14.0';
  machine.cwd = '/srv';
  mkdirp(machine.fs, '/srv/sub');
  machine.fs.set('/srv/a.txt', { ...fileEntry('hi\n'), mtime: TEST_NOW });
  machine.fs.set('/srv/B c.txt', { ...fileEntry('x\n'), mtime: TEST_NOW });
}

describe('python -m http.server', () => {
  it('listens on 0.0.0.0:8000 and serves a directory listing', async () => {
    const server = await startProgram(['python', '-m', 'http.server'], site);
    expect(server.net.handlers.get(8000)?.host).toBe('0.0.0.0');
    const response = server.net.request(8000, '/');
    expect(response.status).toBe(200);
    expect(response.headers).toEqual([
      ['Server', 'SimpleHTTP/0.6 Python/3.14.0'],
      ['Date', 'Fri, 04 Dec 2026 16:22:11 GMT'],
      ['Content-type', 'text/html; charset=utf-8'],
      ['Content-Length', String(response.body.length)],
    ]);
    expect(response.body).toBe(
      '<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n<li><a href="a.txt">a.txt</a></li>\n<li><a href="B%20c.txt">B c.txt</a></li>\n<li><a href="sub/">sub/</a></li>\n</ul>\n<hr>\n</body>\n</html>\n',
    );
    expect(server.machine.stderr).toBe(
      '172.17.0.1 - - [04/Dec/2026 16:22:11] "GET / HTTP/1.1" 200 -\n',
    );
  });

  it('serves files, redirects a folder without its slash and answers 404 with its page', async () => {
    const server = await startProgram(['python', '-m', 'http.server', '8080'], site);
    const file = server.net.request(8080, '/a.txt');
    expect(file.body).toBe('hi\n');
    expect(file.headers).toContainEqual(['Content-type', 'text/plain']);
    expect(file.headers).toContainEqual(['Last-Modified', 'Fri, 04 Dec 2026 16:22:11 GMT']);
    const moved = server.net.request(8080, '/sub');
    expect([moved.status, moved.statusText]).toEqual([301, 'Moved Permanently']);
    expect(moved.headers).toContainEqual(['Location', '/sub/']);
    const missing = server.net.request(8080, '/nope');
    expect([missing.status, missing.statusText]).toEqual([404, 'File not found']);
    expect(missing.body).toContain(
      '<p>Error code explanation: 404 - Nothing matches the given URI.</p>',
    );
    expect(missing.headers).toContainEqual(['Content-Length', '335']);
    expect(server.machine.stderr.split('\n')).toEqual([
      '172.17.0.1 - - [04/Dec/2026 16:22:11] "GET /a.txt HTTP/1.1" 200 -',
      '172.17.0.1 - - [04/Dec/2026 16:22:11] "GET /sub HTTP/1.1" 301 -',
      '172.17.0.1 - - [04/Dec/2026 16:22:11] code 404, message File not found',
      '172.17.0.1 - - [04/Dec/2026 16:22:11] "GET /nope HTTP/1.1" 404 -',
      '',
    ]);
  });

  it('serves index.html in place of a listing, from --directory, on --bind', async () => {
    const server = await startProgram(
      ['python', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', 'sub', '9000'],
      (m) => {
        site(m);
        m.fs.set('/srv/sub/index.html', fileEntry('<h1>home</h1>\n'));
      },
    );
    expect(server.net.handlers.get(9000)?.host).toBe('127.0.0.1');
    expect(server.net.request(9000, '/').body).toBe('<h1>home</h1>\n');
  });

  it('holds its banner in the stdout buffer without a terminal, and loses it on SIGTERM', async () => {
    const server = await startProgram(['python', '-m', 'http.server'], site);
    expect(server.machine.stdout).toBe('');
    expect(await server.stop('SIGTERM')).toBe(143);
    expect(server.machine.stdout).toBe('');
  });

  it('prints the banner at once with PYTHONUNBUFFERED, and exits 0 on Ctrl+C', async () => {
    const server = await startProgram(['python', '-m', 'http.server'], (m) => {
      site(m);
      m.env.PYTHONUNBUFFERED = '1';
    });
    expect(server.machine.stdout).toBe(
      'Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...\n',
    );
    expect(await server.stop('SIGINT')).toBe(0);
    expect(server.machine.stdout).toBe(
      'Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...\n\nKeyboard interrupt received, exiting.\n',
    );
    expect(server.net.closed).toEqual([8000]);
  });

  it('rejects a port that is not a number as argparse does', async () => {
    const machine = testMachine();
    expect(await machine.run(['python', '-m', 'http.server', 'eighty'])).toBe(2);
    expect(machine.stderr).toMatch(
      /\npython3 -m http\.server: error: argument port: invalid int value: 'eighty'\n$/,
    );
  });
});

describe('python', () => {
  it('prints its version and says plainly that it runs no Python code', async () => {
    const machine = testMachine();
    machine.env.PYTHON_VERSION = '3.13.9';
    expect(await machine.run(['python', '--version'])).toBe(0);
    expect(machine.stdout).toBe('Python 3.13.9\n');
    expect(await machine.run(['python', '-c', 'print(1)'])).toBe(1);
    expect(machine.stderr).toContain('running Python is not simulated');
    expect(await machine.run(['python', 'missing.py'])).toBe(2);
    expect(machine.stderr).toContain(
      "python: can't open file '/missing.py': [Errno 2] No such file or directory\n",
    );
  });

  it('ends at once without a terminal, as the REPL does on empty input', async () => {
    const machine = testMachine();
    expect(await machine.run(['python'])).toBe(0);
    expect(machine.stderr).toBe('');
  });
});
