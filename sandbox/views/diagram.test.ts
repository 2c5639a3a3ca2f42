/**
 * The ports and mounts diagram over real sandbox state: each way a request from the host can
 * fail is drawn where curl says it fails, and volumes outlive their containers as dangling.
 */
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../api.ts';
import { createSandbox } from '../index.ts';
import { fakeEnvironment, runLine } from '../testing.ts';
import { diagramOf, type PortPath } from './diagram.ts';

const DOCKERFILE = `FROM node:latest
WORKDIR /app
COPY . .
RUN npm install -g http-server
EXPOSE 8080
CMD ["http-server", "-p", "8080"]
`;

const LOOPBACK_SERVER = `const http = require('http');
http.createServer((req, res) => res.end('hi')).listen(8080, '127.0.0.1');
`;

async function sandboxWithImage(): Promise<Sandbox> {
  const sandbox = createSandbox({
    files: {
      Dockerfile: DOCKERFILE,
      'index.html': '<h1>hi</h1>',
      'server.js': LOOPBACK_SERVER,
    },
    environment: fakeEnvironment(),
  });
  await run(sandbox, 'docker build -t aaa:ccc .');
  return sandbox;
}

async function run(sandbox: Sandbox, line: string): Promise<string> {
  const { status, output } = await runLine(sandbox, line);
  if (status !== 0) throw new Error(`${line} failed (${status}): ${output}`);
  return output;
}

function pathsOf(sandbox: Sandbox, name: string): PortPath[] {
  return diagramOf(sandbox.state()).containers.find((c) => c.name === name)!.ports;
}

describe('diagramOf', () => {
  it('follows host 8888 to container 8080 to http-server when the path works', async () => {
    const sandbox = await sandboxWithImage();
    await run(sandbox, 'docker run -d -p 8888:8080 --name web aaa:ccc');
    expect(pathsOf(sandbox, 'web')).toEqual([
      {
        containerPort: 8080,
        protocol: 'tcp',
        hostPort: 8888,
        hostIp: '',
        status: 'ok',
        exposed: true,
        listenAddress: '0.0.0.0',
      },
    ]);
    expect(sandbox.fetch('http://localhost:8888/').ok).toBe(true);
    const web = diagramOf(sandbox.state()).containers[0]!;
    expect(web.process).toBe('http-server -p 8080');
  });

  it('dims an EXPOSEd port that was not published', async () => {
    const sandbox = await sandboxWithImage();
    await run(sandbox, 'docker run -d --name quiet aaa:ccc');
    expect(pathsOf(sandbox, 'quiet')).toEqual([
      { containerPort: 8080, protocol: 'tcp', status: 'not-published', exposed: true },
    ]);
  });

  it('shows a host port forwarded to a container port nothing listens on', async () => {
    const sandbox = await sandboxWithImage();
    await run(sandbox, 'docker run -d -p 8888:80 --name wrong aaa:ccc');
    const paths = pathsOf(sandbox, 'wrong');
    expect(paths.find((p) => p.hostPort === 8888)).toMatchObject({
      containerPort: 80,
      status: 'wrong-port',
      exposed: false,
      listeningOn: [8080],
    });
    // The EXPOSEd 8080 is still reachable from nowhere.
    expect(paths.find((p) => p.containerPort === 8080)).toMatchObject({
      status: 'not-published',
      exposed: true,
    });
    const result = sandbox.fetch('http://localhost:8888/');
    expect(result.ok).toBe(false);
  });

  it('shows a published port with no process listening in the container', async () => {
    const sandbox = await sandboxWithImage();
    await run(sandbox, 'docker run -d -p 8888:8080 --name idle aaa:ccc sleep 1000');
    expect(pathsOf(sandbox, 'idle')).toMatchObject([
      { containerPort: 8080, hostPort: 8888, status: 'not-listening' },
    ]);
    expect(sandbox.fetch('http://localhost:8888/').ok).toBe(false);
  });

  it('shows a process that listens only on 127.0.0.1 inside the container', async () => {
    const sandbox = await sandboxWithImage();
    await run(sandbox, 'docker run -d -p 8888:8080 --name local aaa:ccc node server.js');
    expect(pathsOf(sandbox, 'local')).toMatchObject([
      { containerPort: 8080, hostPort: 8888, status: 'loopback-only', listenAddress: '127.0.0.1' },
    ]);
    const result = sandbox.fetch('http://localhost:8888/');
    expect(result).toEqual({ ok: false, message: 'Recv failure: Connection reset by peer' });
  });

  it('shows the container that holds a host port another one asked for', async () => {
    const sandbox = await sandboxWithImage();
    await run(sandbox, 'docker run -d -p 8888:8080 --name first aaa:ccc');
    const second = await runLine(sandbox, 'docker run -d -p 8888:8080 --name second aaa:ccc');
    expect(second.output).toContain('port is already allocated');
    expect(pathsOf(sandbox, 'second')).toMatchObject([
      { containerPort: 8080, hostPort: 8888, status: 'port-taken', holder: 'first' },
    ]);
  });

  it('draws bind mounts, named volumes and anonymous volumes, and keeps a removed container’s volume as dangling', async () => {
    const sandbox = await sandboxWithImage();
    sandbox.writeFile('2.Dockerfile', `${DOCKERFILE}VOLUME /app\n`);
    await run(sandbox, 'docker build -t aaa:ddd -f 2.Dockerfile .');
    await run(sandbox, 'docker run -d --name anon aaa:ddd');
    await run(
      sandbox,
      'docker run -d --name named -v data:/data -v /home/learner/site:/srv aaa:ccc',
    );
    const diagram = diagramOf(sandbox.state());
    const anon = diagram.containers.find((c) => c.name === 'anon')!;
    expect(anon.mounts).toHaveLength(1);
    expect(anon.mounts[0]!.kind).toBe('anonymous');
    expect(anon.mounts[0]!.source).toMatch(/^[0-9a-f]{64}$/);
    expect(anon.mounts[0]!.hostPath).toBe(
      `/var/lib/docker/volumes/${anon.mounts[0]!.source}/_data`,
    );
    expect(anon.mounts[0]!.destination).toBe('/app');
    const named = diagram.containers.find((c) => c.name === 'named')!;
    expect(named.mounts.map((m) => [m.kind, m.source, m.destination])).toEqual(
      expect.arrayContaining([
        ['named', 'data', '/data'],
        ['bind', '/home/learner/site', '/srv'],
      ]),
    );
    expect(diagram.volumes.every((volume) => !volume.dangling)).toBe(true);

    await run(sandbox, 'docker rm -f anon');
    const after = diagramOf(sandbox.state());
    const left = after.volumes.find((volume) => volume.anonymous)!;
    expect(left).toMatchObject({ name: anon.mounts[0]!.source, dangling: true, usedBy: [] });
    await run(sandbox, `docker volume rm ${left.name}`);
    expect(diagramOf(sandbox.state()).volumes.some((volume) => volume.anonymous)).toBe(false);
  });
});
