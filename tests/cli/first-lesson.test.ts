/**
 * The first lesson's command sequence through `dockyard shell`, checked against what Docker
 * Engine with BuildKit prints for it: BuildKit's plain progress, the classic `docker images` and
 * `docker ps` tables, http-server's log, a bind mount from the host, and the anonymous volume that
 * `VOLUME /app` creates and that outlives its container.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DOCKERFILE = `FROM node:latest
WORKDIR /app
COPY . .
RUN npm config set registry https://registry.npmmirror.com/
RUN npm install -g http-server
EXPOSE 8080
CMD ["http-server", "-p", "8080"]
`;

const VOLUME_DOCKERFILE = DOCKERFILE.replace('WORKDIR /app\n', 'WORKDIR /app\nVOLUME /app\n');

const PAGE = '<!doctype html>\n<html><body><h1>Hello from the test</h1></body></html>\n';

let context: string;

function dockyardShell(lines: string[]): { stdout: string; status: number } {
  const result = spawnSync('node', ['build/dockyard.mjs', 'shell', '--context', context], {
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    env: { ...process.env, DOCKYARD_TIME: '2026-12-04T10:00:00Z', DOCKYARD_SEED: '7' },
  });
  return { stdout: result.stdout + result.stderr, status: result.status ?? -1 };
}

beforeAll(() => {
  context = mkdtempSync(join(tmpdir(), 'dockyard-cli-'));
  writeFileSync(join(context, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(context, '2.Dockerfile'), VOLUME_DOCKERFILE);
  writeFileSync(join(context, 'index.html'), PAGE);
});

afterAll(() => rmSync(context, { recursive: true, force: true }));

describe('dockyard shell: build', () => {
  it('prints BuildKit plain progress with five numbered steps and the export', () => {
    const { stdout, status } = dockyardShell(['docker build -t aaa:ccc .']);
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('#0 building with "default" instance using docker driver');
    expect(stdout).toContain('#1 [internal] load build definition from Dockerfile\n');
    expect(stdout).toContain(
      `#1 transferring dockerfile: ${Buffer.byteLength(DOCKERFILE)}B done\n`,
    );
    expect(stdout).toContain('[internal] load metadata for docker.io/library/node:latest\n');
    expect(stdout).toContain('[internal] load .dockerignore\n');
    expect(stdout).toMatch(
      /#\d+ \[1\/5\] FROM docker\.io\/library\/node:latest@sha256:[0-9a-f]{64}\n/,
    );
    const steps = [
      '[2/5] WORKDIR /app',
      '[3/5] COPY . .',
      '[4/5] RUN npm config set registry https://registry.npmmirror.com/',
      '[5/5] RUN npm install -g http-server',
    ];
    let last = -1;
    for (const step of steps) {
      const at = stdout.indexOf(` ${step}\n`);
      expect(at, step).toBeGreaterThan(last);
      last = at;
    }
    expect(stdout).toMatch(/#\d+ writing image sha256:[0-9a-f]{64} done\n/);
    expect(stdout).toContain('naming to docker.io/library/aaa:ccc done\n');
    expect(stdout).toMatch(/#\d+ DONE \d+\.\ds\n/);
  });

  it('takes every step from the cache on an unchanged rebuild and keeps the image ID', () => {
    const { stdout } = dockyardShell(['docker build -t aaa:ccc .', 'docker build -t aaa:ccc .']);
    const ids = [...stdout.matchAll(/writing image (sha256:[0-9a-f]{64})/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    const second = stdout.slice(stdout.lastIndexOf('#0 building'));
    for (const step of [
      '[2/5] WORKDIR /app',
      '[3/5] COPY . .',
      '[5/5] RUN npm install -g http-server',
    ]) {
      expect(second).toMatch(
        new RegExp(`#(\\d+) ${step.replace(/[[\]/.]/g, '\\$&')}\\n#\\1 CACHED\\n`),
      );
    }
  });

  it('fails a RUN whose program the image lacks as BuildKit does, with exit code 127', () => {
    writeFileSync(join(context, 'bad.Dockerfile'), 'FROM node:latest\nRUN foo\n');
    const { stdout, status } = dockyardShell(['docker build -f bad.Dockerfile .']);
    rmSync(join(context, 'bad.Dockerfile'));
    expect(status).toBe(1);
    expect(stdout).toContain('/bin/sh: 1: foo: not found\n');
    expect(stdout).toContain(' > [2/2] RUN foo:\n');
    expect(stdout).toContain(
      'bad.Dockerfile:2\n--------------------\n   1 |     FROM node:latest\n   2 | >>> RUN foo\n',
    );
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      'ERROR: failed to build: failed to solve: process "/bin/sh -c foo" did not complete successfully: exit code: 127',
    );
  });

  it('reports an unknown instruction with its line and a suggestion before any step runs', () => {
    writeFileSync(join(context, 'typo.Dockerfile'), 'FORM node:latest\n');
    const { stdout, status } = dockyardShell(['docker build -f typo.Dockerfile .']);
    rmSync(join(context, 'typo.Dockerfile'));
    expect(status).toBe(1);
    expect(stdout).toContain('   1 | >>> FORM node:latest\n');
    expect(stdout).toContain(
      'ERROR: failed to build: failed to solve: dockerfile parse error on line 1: unknown instruction: FORM (did you mean FROM?)',
    );
  });
});

describe('dockyard shell: history', () => {
  it('lists our steps newest first above the base image, metadata steps as 0B', () => {
    const { stdout } = dockyardShell(['docker build -q -t aaa:ccc .', 'docker history aaa:ccc']);
    const rows = stdout.split('\n').slice(1);
    expect(rows[0]).toBe(
      'IMAGE          CREATED                  CREATED BY                                      SIZE      COMMENT',
    );
    expect(rows[1]).toMatch(
      /^[0-9a-f]{12} {3}Less than a second ago {3}CMD \["http-server" "-p" "8080"\] {17}0B {8}buildkit\.dockerfile\.v0$/,
    );
    expect(rows[2]).toMatch(
      /^<missing> {6}Less than a second ago {3}EXPOSE map\[8080\/tcp:{}\] +0B /,
    );
    expect(rows[3]).toContain('RUN /bin/sh -c npm install -g http-server # …');
    expect(rows[6]).toMatch(/^<missing> {6}Less than a second ago {3}WORKDIR \/app +0B /);
    expect(rows[7]).toMatch(/^<missing> {6}3 weeks ago {14}CMD \["node"\] /);
  });
});

describe('dockyard shell: run, publish, logs', () => {
  let out: string;
  beforeAll(() => {
    out = dockyardShell([
      'docker build -q -t aaa:ccc .',
      'docker images',
      'docker run -d -p 8888:8080 --name web aaa:ccc',
      'docker ps',
      'curl localhost:8888',
      'docker logs web',
      'curl localhost:8890',
    ]).stdout;
  });

  it('lists the image in the classic images table', () => {
    expect(out).toMatch(/REPOSITORY {3}TAG {7}IMAGE ID {7}CREATED {18}SIZE\n/);
    expect(out).toMatch(/aaa {10}ccc {7}[0-9a-f]{12} {3}Less than a second ago {3}1\.1\dGB\n/);
  });

  it('prints the full container ID for a detached run', () => {
    expect(out).toMatch(/\n[0-9a-f]{64}\n/);
  });

  it('shows the running container with its published port in docker ps', () => {
    expect(out).toContain(
      'CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                  PORTS                                         NAMES\n',
    );
    expect(out).toMatch(
      /[0-9a-f]{12} {3}aaa:ccc {3}"docker-entrypoint\.s…" {3}Less than a second ago {3}Up Less than a second {3}0\.0\.0\.0:8888->8080\/tcp, \[::\]:8888->8080\/tcp {3}web\n/,
    );
  });

  it('serves index.html at localhost:8888 through the published port', () => {
    expect(out).toContain(PAGE);
  });

  it("logs http-server's start-up on port 8080 and one access line per request", () => {
    expect(out).toContain('Starting up http-server, serving ./\n');
    expect(out).toContain(
      'Available on:\n  http://127.0.0.1:8080\n  http://172.17.0.2:8080\nHit CTRL-C to stop the server\n',
    );
    expect(out).toContain('[2026-12-04T10:00:00.000Z]  "GET /" "curl/8.14.1"\n');
    expect(out.match(/"GET \/"/g)).toHaveLength(1);
  });

  it('refuses a port nothing publishes with curl exit 7 text', () => {
    expect(out).toContain(
      "curl: (7) Failed to connect to localhost port 8890 after 0 ms: Couldn't connect to server\n",
    );
  });
});

describe('dockyard shell: bind mounts and anonymous volumes', () => {
  let out: string;
  beforeAll(() => {
    out = dockyardShell([
      'docker build -q -t aaa:ddd -f 2.Dockerfile .',
      'docker run -d -p 8889:8080 -v ~/Desktop:/app --name desk aaa:ddd',
      'curl -s localhost:8889',
      'docker inspect -f "{{json .Mounts}}" desk',
      'docker run -d aaa:ddd',
      'docker ps -l',
      'docker inspect -f "{{json .Mounts}}" $(docker ps -lq)',
      'docker rm -f $(docker ps -lq)',
      'docker volume ls',
      'docker run --rm -v $(docker volume ls -q | tail -1):/data aaa:ddd ls /data',
    ]).stdout;
  });

  it('replaces /app with the host folder when ~/Desktop is bind-mounted', () => {
    expect(out).toContain('<h1>Served from ~/Desktop</h1>');
    expect(out).toContain(
      '[{"Type":"bind","Source":"/home/learner/Desktop","Destination":"/app","Mode":"","RW":true,"Propagation":"rprivate"}]',
    );
  });

  it('names a container that was given no name adjective_surname', () => {
    expect(out).toMatch(/ {3}[a-z]+_[a-z]+\n/);
  });

  it('creates an anonymous volume with a 64-hex name under /var/lib/docker/volumes for VOLUME /app', () => {
    const match =
      /\[\{"Type":"volume","Name":"([0-9a-f]{64})","Source":"\/var\/lib\/docker\/volumes\/\1\/_data","Destination":"\/app","Driver":"local","Mode":"","RW":true,"Propagation":""\}\]/.exec(
        out,
      );
    expect(match).not.toBeNull();
    expect(out).toContain(`DRIVER    VOLUME NAME\nlocal     ${match![1]}\n`);
  });

  it('keeps the volume and the files COPY put in /app after the container is removed', () => {
    expect(out).toMatch(/\n2\.Dockerfile\nDockerfile\nindex\.html\n/);
  });
});

describe('dockyard shell: Docker errors', () => {
  let out: string;
  beforeAll(() => {
    out = dockyardShell([
      'docker build -q -t aaa:ccc .',
      'docker run -d -p 8888:8080 --name web aaa:ccc',
      'docker run -d --name web aaa:ccc',
      'docker run -d -p 8888:8080 aaa:ccc',
      'docker rm web',
      'docker foo',
      'docker run --foo aaa:ccc',
      'docker run Aaa',
      'docker run -p 99999:80 aaa:ccc',
      'docker run nosuchimage',
    ]).stdout;
  });

  it('refuses a name that is taken, naming the container that holds it', () => {
    expect(out).toMatch(
      /docker: Error response from daemon: Conflict\. The container name "\/web" is already in use by container "[0-9a-f]{64}"\. You have to remove \(or rename\) that container to be able to reuse that name\.\n\nRun 'docker run --help' for more information\n/,
    );
  });

  it('refuses a host port another container publishes', () => {
    expect(out).toContain('Bind for 0.0.0.0:8888 failed: port is already allocated\n');
  });

  it('refuses to remove a running container without -f', () => {
    expect(out).toContain(
      'Error response from daemon: cannot remove container "/web": container is running: stop the container before removing or force remove\n',
    );
  });

  it('answers unknown commands, flags, references and ports as the docker client does', () => {
    expect(out).toContain(
      "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n",
    );
    expect(out).toContain(
      "unknown flag: --foo\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n",
    );
    expect(out).toContain(
      "docker: invalid reference format: repository name (library/Aaa) must be lowercase\n\nRun 'docker run --help' for more information\n",
    );
    expect(out).toContain(
      "docker: invalid hostPort: 99999\n\nRun 'docker run --help' for more information\n",
    );
  });

  it('fails to pull an image that exists nowhere', () => {
    expect(out).toContain("Unable to find image 'nosuchimage:latest' locally\n");
    expect(out).toContain(
      "docker: Error response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
    );
  });
});
