/**
 * `docker` through the sandbox, on a pinned clock: containers, names, ports, volumes and the
 * rm/rmi rules, with Docker's own words for each refusal.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../api.ts';
import { createSandbox } from '../index.ts';
import { fakeEnvironment, runLine, type FakeEnvironment } from '../testing.ts';

const DOCKERFILE = `FROM alpine
WORKDIR /app
COPY . .
RUN mkdir -p /data && echo seed > /data/seed.txt
VOLUME /data
CMD ["sleep", "3600"]
`;

let environment: FakeEnvironment;
let sandbox: Sandbox;

async function docker(args: string) {
  return runLine(sandbox, `docker ${args}`);
}

function volumeNames() {
  return sandbox.state().volumes.map((volume) => volume.name);
}

beforeEach(async () => {
  environment = fakeEnvironment();
  sandbox = createSandbox({
    files: { Dockerfile: DOCKERFILE, 'index.html': '<h1>hi</h1>' },
    environment,
  });
  expect((await docker('build -q -t app .')).status).toBe(0);
});

describe('docker run: client-side checks', () => {
  it.each([
    ['run -p 99999:80 app', 'docker: invalid hostPort: 99999'],
    ['run -p abc:80 app', 'docker: invalid hostPort: abc'],
    ['run -p 8080:abc app', 'docker: invalid containerPort: abc'],
    ['run -p 70000 app', 'docker: invalid containerPort: 70000'],
    ['run -p 80:80/xyz app', 'docker: invalid proto: xyz'],
    ['run -p 1.2.3:80:80 app', 'docker: invalid IP address: 1.2.3'],
    ['run -p 80/tcp:80 app', 'docker: invalid hostPort: 80/tcp'],
    ['run -p 999.1.1.1:6001:80 app', 'docker: invalid IP address: 999.1.1.1'],
    ['run -v :/app app', 'docker: invalid spec: :/app: empty section between colons'],
  ])('refuses %j with exit status 125', async (args, message) => {
    const { status, output } = await docker(args);
    expect(status).toBe(125);
    expect(output).toBe(`${message}\n\nRun 'docker run --help' for more information\n`);
  });

  it.each([
    ['run -p', "flag needs an argument: 'p' in -p", 125],
    ['run -z app', "unknown shorthand flag: 'z' in -z", 125],
    ['run --bogus app', 'unknown flag: --bogus', 125],
  ])('rejects the flags of %j before anything runs', async (args, message, code) => {
    const { status, output } = await docker(args);
    expect(status).toBe(code);
    expect(output.split('\n')[0]).toBe(message);
    expect(output).toContain('Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]');
  });

  it('reads -dp 8888:8080 as detach plus publish, and then misses the image', async () => {
    const { status, output } = await docker('run -dp 8888:8080');
    expect(status).toBe(1);
    expect(output.split('\n')[0]).toBe("docker: 'docker run' requires at least 1 argument");
  });

  it('ends node:latest at once with status 0, its REPL reading an empty input', async () => {
    const { status, output } = await docker('run --name repl node:latest');
    expect(status).toBe(0);
    expect(output).toContain("Unable to find image 'node:latest' locally\n");
    expect(output).toContain('Status: Downloaded newer image for node:latest\n');
    expect(sandbox.state().containers.find((c) => c.name === 'repl')!.status).toMatch(
      /^Exited \(0\) /,
    );
  });

  it('says a real Docker command is not modelled, rather than unknown', async () => {
    expect(await docker('network ls')).toEqual({
      status: 1,
      output:
        "dockyard: 'docker network ls' is a Docker command that this simulation does not model yet\n",
    });
  });

  it('complains that docker ps takes no arguments', async () => {
    const { status, output } = await docker('ps extra');
    expect(status).toBe(1);
    expect(output.split('\n')[0]).toBe("docker: 'docker ps' accepts no arguments");
  });
});

describe('run-time settings the daemon checks', () => {
  it('refuses a relative working directory', async () => {
    const { output } = await docker('run -w rel app');
    expect(output.split('\n')[0]).toBe(
      "docker: Error response from daemon: the working directory 'rel' is invalid, it needs to be an absolute path",
    );
  });

  it('runs as the -u user from the image passwd file, and refuses one it lacks', async () => {
    expect((await docker('run --rm -u nobody app id -u')).output).toBe('65534\n');
    const { output } = await docker('run -u ghost app');
    expect(output.split('\n')[0]).toBe(
      'docker: Error response from daemon: unable to find user ghost: no matching entries in passwd file',
    );
  });

  it('refuses -it when the input is not a terminal', async () => {
    expect(await docker('run -it app')).toEqual({
      status: 1,
      output: 'the input device is not a TTY\n',
    });
  });

  it('picks a free host port for -p 0:80 and makes up a name for --name ""', async () => {
    await docker('run -d -p 0:80 --name= app');
    const [container] = sandbox.state().containers;
    expect(container!.ports[0]!.hostPort).toBeGreaterThanOrEqual(32768);
    expect(container!.name).toMatch(/^[a-z]+_[a-z]+$/);
  });
});

describe('containers', () => {
  it('prints the full ID of a detached container and lists it as Up with its ports', async () => {
    const { status, output } = await docker('run -d --name web -p 8080:80 app');
    expect(status).toBe(0);
    expect(output).toMatch(/^[0-9a-f]{64}\n$/);
    environment.advance(5_000);
    const rows = (await docker('ps')).output.trimEnd().split('\n');
    expect(rows[0]).toMatch(
      /^CONTAINER ID {3}IMAGE {5}COMMAND {8}CREATED {9}STATUS {9}PORTS {2,}NAMES$/,
    );
    expect(rows[1]).toContain(output.slice(0, 12));
    expect(rows[1]).toContain('"sleep 3600"');
    expect(rows[1]).toContain('5 seconds ago');
    expect(rows[1]).toContain('Up 5 seconds');
    expect(rows[1]).toContain('0.0.0.0:8080->80/tcp, [::]:8080->80/tcp');
    expect(rows[1]).toMatch(/ web$/);
  });

  it('shows an exited container only with -a, with its exit code', async () => {
    await docker('run --name once alpine sh -c "exit 3"');
    environment.advance(65_000);
    expect((await docker('ps')).output.trimEnd().split('\n')).toHaveLength(1);
    const row = (await docker('ps -a')).output.trimEnd().split('\n')[1];
    expect(row).toContain('Exited (3) About a minute ago');
  });

  it('passes the exit status of a foreground container on to docker run', async () => {
    expect((await docker('run --rm alpine sh -c "exit 4"')).status).toBe(4);
  });

  it('prints the output of a foreground container', async () => {
    const { output } = await docker('run --rm app echo hello');
    expect(output).toBe('hello\n');
  });

  it('refuses a name that is already taken, quoting the holder', async () => {
    const id = (await docker('run -d --name web app')).output.trim();
    const { status, output } = await docker('run -d --name web app');
    expect(status).toBe(125);
    expect(output.split('\n')[0]).toBe(
      `docker: Error response from daemon: Conflict. The container name "/web" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
  });

  it('accepts --name=web as --name web', async () => {
    await docker('run -d --name=web app');
    expect(sandbox.state().containers.map((c) => c.name)).toEqual(['web']);
  });

  it('refuses a name with characters Docker does not allow', async () => {
    const { output } = await docker('run -d --name "my web" app');
    expect(output.split('\n')[0]).toBe(
      'docker: Error response from daemon: Invalid container name (my web), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed',
    );
  });

  it('makes up an adjective_surname name when none is given', async () => {
    await docker('run -d app');
    expect(sandbox.state().containers[0]!.name).toMatch(/^[a-z]+_[a-z]+$/);
  });

  it('refuses a host port another container holds and leaves the new container Created', async () => {
    await docker('run -d --name one -p 8080:80 app');
    const { status, output } = await docker('run -d --name two -p 8080:80 app');
    expect(status).toBe(125);
    expect(output).toMatch(
      /^docker: Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint two \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8080 failed: port is already allocated\n/,
    );
    const two = sandbox.state().containers.find((c) => c.name === 'two')!;
    expect(two.status).toBe('Created');
  });

  it('frees the host port when the holder stops', async () => {
    await docker('run -d --name one -p 8080:80 app');
    await docker('stop one');
    expect((await docker('run -d --name two -p 8080:80 app')).status).toBe(0);
  });

  it('refuses to remove a running container without -f', async () => {
    await docker('run -d --name web app');
    const { status, output } = await docker('rm web');
    expect(status).toBe(1);
    expect(output).toBe(
      'Error response from daemon: cannot remove container "/web": container is running: stop the container before removing or force remove\n',
    );
    expect((await docker('rm -f web')).output).toBe('web\n');
    expect(sandbox.state().containers).toEqual([]);
  });

  it('says which container does not exist', async () => {
    const { status, output } = await docker('rm ghost');
    expect(status).toBe(1);
    expect(output).toBe('Error response from daemon: No such container: ghost\n');
  });

  it('reports a command the image lacks as the OCI runtime does, with status 127', async () => {
    const { status, output } = await docker('run --name bad app nosuchprogram');
    expect(status).toBe(127);
    expect(output).toContain('exec: "nosuchprogram": executable file not found in $PATH');
  });
});

describe('volumes', () => {
  it('fills an empty named volume from the image the first time it is mounted', async () => {
    await docker('volume create data');
    expect((await docker('run --rm -v data:/data app ls /data')).output).toBe('seed.txt\n');
  });

  it('bind-mounts a relative ./ path from the current folder', async () => {
    await runLine(sandbox, 'mkdir -p site && echo hi > site/a');
    expect((await docker('run --rm -v ./site:/s app cat /s/a')).output).toBe('hi\n');
  });

  it('creates an anonymous volume for VOLUME, filled from the image content', async () => {
    await docker('run -d --name web app');
    const [volume] = sandbox.state().volumes;
    expect(volume!.anonymous).toBe(true);
    expect(volume!.name).toMatch(/^[0-9a-f]{64}$/);
    expect(volume!.usedBy).toEqual(['web']);
    expect(volume!.files.map((file) => file.path)).toEqual(['/seed.txt']);
  });

  it('keeps the anonymous volume after docker rm', async () => {
    await docker('run -d --name web app');
    const names = volumeNames();
    await docker('rm -f web');
    expect(volumeNames()).toEqual(names);
  });

  it('removes the anonymous volume with docker rm -v', async () => {
    await docker('run -d --name web app');
    await docker('rm -f -v web');
    expect(volumeNames()).toEqual([]);
  });

  it('removes the anonymous volume of a --rm container when it exits', async () => {
    await docker('run --rm app true');
    expect(volumeNames()).toEqual([]);
  });

  it('keeps a named volume with docker rm -v', async () => {
    await docker('run -d --name web -v data:/data app');
    await docker('rm -f -v web');
    expect(volumeNames()).toEqual(['data']);
  });

  it('keeps data written to a named volume for the next container', async () => {
    await docker('run --rm -v notes:/notes alpine sh -c "echo kept > /notes/a.txt"');
    const { output } = await docker('run --rm -v notes:/notes alpine cat /notes/a.txt');
    expect(output).toBe('kept\n');
  });

  it('shows the host folder inside the container through a bind mount', async () => {
    await runLine(sandbox, 'mkdir -p ~/site && echo "<p>host</p>" > ~/site/index.html');
    const { output } = await docker(
      'run --rm -v /home/learner/site:/usr/share/site app cat /usr/share/site/index.html',
    );
    expect(output).toBe('<p>host</p>\n');
  });

  it('writes through a bind mount onto the host', async () => {
    await docker('run --rm -v /home/learner/out:/out app sh -c "echo made > /out/f"');
    expect((await runLine(sandbox, 'cat ~/out/f')).output).toBe('made\n');
  });

  it('refuses to remove a volume in use, naming the container', async () => {
    const id = (await docker('run -d --name web -v data:/data app')).output.trim();
    const { status, output } = await docker('volume rm data');
    expect(status).toBe(1);
    expect(output).toBe(`Error response from daemon: remove data: volume is in use - [${id}]\n`);
  });
});

describe('images', () => {
  it('untags and deletes an image no container uses', async () => {
    const id = sandbox.state().images.find((image) => image.tags.includes('app:latest'))!.id;
    expect((await docker('rmi app')).output).toBe(`Untagged: app:latest\nDeleted: ${id}\n`);
  });

  it('only untags when the image has another tag', async () => {
    await docker('build -q -t app:v2 .');
    expect((await docker('rmi app:v2')).output).toBe('Untagged: app:v2\n');
    expect(sandbox.state().images.some((image) => image.tags.includes('app:latest'))).toBe(true);
  });

  it('refuses to remove an image by name while a stopped container uses it', async () => {
    const id = (await docker('run --name once app true')).output;
    const container = sandbox.state().containers[0]!.id;
    const image = sandbox.state().images.find((i) => i.tags.includes('app:latest'))!.id;
    expect(id).toBe('');
    const { status, output } = await docker('rmi app');
    expect(status).toBe(1);
    expect(output).toBe(
      `Error response from daemon: conflict: unable to remove repository reference "app" (must force) - container ${container.slice(0, 12)} is using its referenced image ${image.slice(7, 19)}\n`,
    );
  });

  it('refuses to delete an image by ID while a running container uses it', async () => {
    await docker('run -d --name web app');
    const container = sandbox.state().containers[0]!.id;
    const image = sandbox.state().images.find((i) => i.tags.includes('app:latest'))!.id;
    const { output } = await docker(`rmi ${image.slice(7, 19)}`);
    expect(output).toBe(
      `Error response from daemon: conflict: unable to delete ${image.slice(7, 19)} (cannot be forced) - image is being used by running container ${container.slice(0, 12)}\n`,
    );
  });

  it('says which image does not exist', async () => {
    expect((await docker('rmi ghost')).output).toBe(
      'Error response from daemon: No such image: ghost:latest\n',
    );
  });

  it('lists the built image with its size in the images table', async () => {
    const rows = (await docker('images')).output.trimEnd().split('\n');
    expect(rows[0]).toBe('REPOSITORY   TAG       IMAGE ID       CREATED                  SIZE');
    expect(rows[1]).toMatch(
      /^app {10}latest {4}[0-9a-f]{12} {3}Less than a second ago {3}8\.31MB$/,
    );
  });
});
