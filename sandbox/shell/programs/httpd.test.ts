import { describe, expect, it } from 'vitest';
import { fileEntry } from '../../fs/entry.ts';
import { mkdirp, walk } from '../../fs/ops.ts';
import { lookupCatalog } from '../../image/catalog.ts';
import { imageFilesystem } from '../../image/image.ts';
import { parseReference, type Reference } from '../../image/reference.ts';
import type { TestMachine } from '../testing.ts';
import { startProgram } from './server-testing.ts';

// Headers, pages and log lines as Apache 2.4 printed them on 127.0.0.1 with the official
// image's log settings (errors on stderr, the common access log on stdout).

function httpdImage(machine: TestMachine): void {
  const found = lookupCatalog(parseReference('httpd:2.4') as Reference);
  if (found.kind !== 'found') throw new Error('httpd:2.4 missing from the catalog');
  mkdirp(machine.fs, '/usr/local');
  for (const [path, entry] of walk(imageFilesystem(found.image), '/')) {
    if (path.startsWith('/usr/local/apache2') || path.startsWith('/usr/local/bin/httpd')) {
      machine.fs.set(path, entry);
    }
  }
  for (const entry of found.image.config.Env) {
    const at = entry.indexOf('=');
    machine.env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  machine.cwd = '/usr/local/apache2';
}

const CMD = ['httpd-foreground'];

describe('the httpd image', () => {
  it('starts with its notices and serves It works! on port 80', async () => {
    const server = await startProgram(CMD, httpdImage);
    const fqdn =
      "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message";
    expect(server.machine.stderr.split('\n')).toEqual([
      fqdn,
      fqdn,
      '[Fri Dec 04 16:22:11.000000 2026] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) configured -- resuming normal operations',
      "[Fri Dec 04 16:22:11.000000 2026] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
      '',
    ]);
    const page = server.net.request(80, '/');
    expect(page.body).toBe('<html><body><h1>It works!</h1></body></html>\n');
    expect(page.headers.map(([name]) => name)).toEqual([
      'Date',
      'Server',
      'Last-Modified',
      'ETag',
      'Accept-Ranges',
      'Content-Length',
      'Content-Type',
    ]);
    expect(page.headers).toContainEqual(['Server', 'Apache/2.4.65 (Unix)']);
    expect(page.headers).toContainEqual(['Content-Length', '45']);
    expect(server.machine.stdout).toBe(
      '172.17.0.1 - - [04/Dec/2026:16:22:11 +0000] "GET / HTTP/1.1" 200 45\n',
    );
  });

  it('answers 404 and 301 with its pages, and lists a folder without index.html', async () => {
    const server = await startProgram(CMD, (m) => {
      httpdImage(m);
      mkdirp(m.fs, '/usr/local/apache2/htdocs/sub/d');
      m.fs.set('/usr/local/apache2/htdocs/sub/a.txt', fileEntry('x\n'));
    });
    server.machine.stdout = '';
    const missing = server.net.request(80, '/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers).toContainEqual(['Content-Length', '236']);
    expect(missing.body).toContain('<p>The requested URL was not found on this server.</p>');
    const moved = server.net.request(80, '/sub', { headers: { host: '127.0.0.1:8768' } });
    expect(moved.headers).toContainEqual(['Location', 'http://127.0.0.1:8768/sub/']);
    expect(moved.headers).toContainEqual(['Content-Length', '274']);
    const listing = server.net.request(80, '/sub/');
    expect(listing.body).toBe(
      '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n<html>\n <head>\n  <title>Index of /sub</title>\n </head>\n <body>\n<h1>Index of /sub</h1>\n<ul><li><a href="/"> Parent Directory</a></li>\n<li><a href="a.txt"> a.txt</a></li>\n<li><a href="d/"> d/</a></li>\n</ul>\n</body></html>\n',
    );
    expect(server.machine.stdout.split('\n')).toEqual([
      '172.17.0.1 - - [04/Dec/2026:16:22:11 +0000] "GET /nope HTTP/1.1" 404 236',
      '172.17.0.1 - - [04/Dec/2026:16:22:11 +0000] "GET /sub HTTP/1.1" 301 274',
      '172.17.0.1 - - [04/Dec/2026:16:22:11 +0000] "GET /sub/ HTTP/1.1" 200 311',
      '',
    ]);
  });

  it('stops gracefully on SIGWINCH, the image STOPSIGNAL', async () => {
    const server = await startProgram(CMD, httpdImage);
    server.machine.stderr = '';
    expect(await server.stop('SIGWINCH')).toBe(0);
    expect(server.machine.stderr).toBe(
      '[Fri Dec 04 16:22:11.000000 2026] [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, shutting down gracefully\n',
    );
    expect(server.net.closed).toEqual([80]);
  });

  it('serves the DocumentRoot and port httpd.conf names', async () => {
    const server = await startProgram(CMD, (m) => {
      httpdImage(m);
      m.fs.set(
        '/usr/local/apache2/conf/httpd.conf',
        fileEntry('ServerRoot "/usr/local/apache2"\nListen 8080\nDocumentRoot "/site"\n'),
      );
      mkdirp(m.fs, '/site');
      m.fs.set('/site/index.html', fileEntry('<p>mine</p>\n'));
    });
    expect(server.net.request(8080, '/').body).toBe('<p>mine</p>\n');
  });
});
