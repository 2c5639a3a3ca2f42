import { describe, expect, it } from 'vitest';
import { fileEntry } from '../../fs/entry.ts';
import { mkdirp } from '../../fs/ops.ts';
import type { TestMachine } from '../testing.ts';
import { startProgram } from './server-testing.ts';

// Headers and output as Node 20 printed them for the same scripts on 127.0.0.1.

const HELLO = `const http = require('http');
const hostname = '0.0.0.0';
const port = process.env.PORT || 3000;

// The example from Node's guide.
const server = http.createServer((req, res) => {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/plain');
  res.end('Hello World\\n');
});

server.listen(port, hostname, () => {
  console.log(\`Server running at http://\${hostname}:\${port}/\`);
});
`;

const EXPRESS = `import express from 'express';
const app = express();
const PORT = Number(process.env.PORT ?? 8080);
app.get('/', (req, res) => res.send('Hello from express'));
app.get('/health', (req, res) => { res.status(200).json({ ok: true, name: 'api' }); });
app.listen(PORT, () => console.log('listening on', PORT));
`;

function script(name: string, text: string, env: Record<string, string> = {}) {
  return (machine: TestMachine) => {
    mkdirp(machine.fs, '/app');
    machine.cwd = '/app';
    machine.fs.set(`/app/${name}`, fileEntry(text));
    machine.env.NODE_VERSION = '25.2.1';
    Object.assign(machine.env, env);
  };
}

describe('node running a small server script', () => {
  it('serves what http.createServer answers, on the port and host it names', async () => {
    const server = await startProgram(['node', 'server.js'], script('server.js', HELLO));
    expect(server.machine.stdout).toBe('Server running at http://0.0.0.0:3000/\n');
    expect(server.net.handlers.get(3000)?.host).toBe('0.0.0.0');
    const response = server.net.request(3000, '/anything');
    expect(response.status).toBe(200);
    expect(response.body).toBe('Hello World\n');
    expect(response.headers).toEqual([
      ['Content-Type', 'text/plain'],
      ['Date', 'Fri, 04 Dec 2026 16:22:11 GMT'],
      ['Connection', 'keep-alive'],
      ['Keep-Alive', 'timeout=5'],
      ['Content-Length', '12'],
    ]);
    expect(await server.stop('SIGTERM')).toBe(143);
  });

  it('takes the port from PORT when the script reads it', async () => {
    const server = await startProgram(
      ['node', 'server.js'],
      script('server.js', HELLO, { PORT: '4000' }),
    );
    expect(server.net.handlers.has(4000)).toBe(true);
    expect(server.machine.stdout).toBe('Server running at http://0.0.0.0:4000/\n');
  });

  it('fails as Node does when express is not installed', async () => {
    const server = await startProgram(['node', 'app.mjs'], script('app.mjs', EXPRESS));
    expect(await server.exit).toBe(1);
    expect(server.machine.stderr).toContain(
      "Error: Cannot find module 'express'\nRequire stack:\n- /app/app.mjs\n",
    );
    expect(server.machine.stderr).toMatch(/\n\nNode\.js v25\.2\.1\n$/);
  });

  it('serves express routes, and answers other paths with Cannot GET', async () => {
    const server = await startProgram(['node', 'app.mjs'], (m) => {
      script('app.mjs', EXPRESS)(m);
      mkdirp(m.fs, '/app/node_modules/express');
    });
    expect(server.machine.stdout).toBe('listening on 8080\n');
    expect(server.net.handlers.get(8080)?.host).toBe('::');
    const home = server.net.request(8080, '/');
    expect(home.body).toBe('Hello from express');
    expect(home.headers.slice(0, 3)).toEqual([
      ['X-Powered-By', 'Express'],
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Content-Length', '18'],
    ]);
    const health = server.net.request(8080, '/health');
    expect(health.body).toBe('{"ok":true,"name":"api"}');
    const missing = server.net.request(8080, '/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<pre>Cannot GET /nope</pre>');
    expect(await server.stop('SIGINT')).toBe(130);
  });

  it('reports a port already in use with Node error', async () => {
    const first = await startProgram(['node', 'server.js'], script('server.js', HELLO));
    const second = await startProgram(['node', 'server.js'], undefined, first);
    expect(await second.exit).toBe(1);
    expect(second.machine.stderr).toContain(
      'Error: listen EADDRINUSE: address already in use 0.0.0.0:3000\n',
    );
  });

  it('says plainly that a script it cannot read is not interpreted', async () => {
    const server = await startProgram(
      ['node', 'job.js'],
      script(
        'job.js',
        "const fs = require('fs');\nfor (const f of fs.readdirSync('.')) console.log(f);\n",
      ),
    );
    expect(await server.exit).toBe(1);
    expect(server.machine.stderr).toBe(
      'dockyard: node job.js: running JavaScript is not simulated; node ran nothing and ends with status 1\n',
    );
    expect(server.net.handlers.size).toBe(0);
  });

  it('counts a dependency npm install skipped as installed, once package-lock.json exists', async () => {
    const manifest = '{ "name": "app", "dependencies": { "express": "^5.1.0" } }\n';
    const server = await startProgram(['node', 'app.mjs'], (m) => {
      script('app.mjs', EXPRESS)(m);
      m.fs.set('/app/package.json', fileEntry(manifest));
      m.fs.set('/app/package-lock.json', fileEntry('{}\n'));
    });
    expect(server.machine.stdout).toBe('listening on 8080\n');
    const notInstalled = await startProgram(['node', 'app.mjs'], (m) => {
      script('app.mjs', EXPRESS)(m);
      m.fs.set('/app/package.json', fileEntry(manifest));
    });
    expect(await notInstalled.exit).toBe(1);
  });
});
