/**
 * The daemon's rules through the terminal, where a transcript cannot show them: how long
 * `docker stop` waits, which host ports the daemon picks, what a volume holds on first use, and
 * the shell `docker exec -i` hands the terminal to.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createHostFs, PROJECT } from '../cli/host.ts';
import { createSandbox, restoreSandbox } from '../index.ts';
import { HostSession } from '../cli/session.ts';
import { fakeEnvironment, runLine, type FakeEnvironment } from '../testing.ts';
import { EPHEMERAL_PORTS, Engine, pid1Program, signalName, type Container } from './engine.ts';

const SLEEPER = `FROM alpine
RUN mkdir -p /data && echo seeded > /data/seed.txt
VOLUME /data
EXPOSE 80 53/udp
CMD ["sleep", "3600"]
`;

const SERVER = `FROM node:latest
RUN npm install -g http-server
WORKDIR /app
COPY index.html .
EXPOSE 8080
CMD ["http-server", "-p", "8080"]
`;

let environment: FakeEnvironment;
let engine: Engine;
let session: HostSession;

async function sh(line: string, tty = false) {
  let output = '';
  const status = await session.run(line, {
    tty,
    columns: 80,
    write: (text) => (output += text),
  });
  return { status, output };
}

function container(name: string): Container {
  const found = engine.findContainer(name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}

beforeEach(async () => {
  environment = fakeEnvironment();
  const host = createHostFs(
    {
      Dockerfile: SLEEPER,
      'server.Dockerfile': SERVER,
      'index.html': '<h1>hi</h1>\n',
      'site/page.txt': 'from the host\n',
    },
    environment.now(),
  );
  engine = new Engine(host, environment);
  session = new HostSession(engine, host, environment, PROJECT);
  expect((await sh('docker build -q -t app .')).status).toBe(0);
});

describe('docker stop, kill, restart', () => {
  it('waits the 10 s timeout for a PID 1 without a SIGTERM handler, then kills it: 137', async () => {
    await sh('docker run -d --name nap app');
    const before = environment.now();
    expect(await sh('docker stop nap')).toEqual({ status: 0, output: 'nap\n' });
    expect(environment.now() - before).toBe(10_000);
    expect(container('nap').state).toBe('exited');
    expect(container('nap').exitCode).toBe(137);
    expect((await sh('docker ps -a')).output).toContain('Exited (137) Less than a second ago');
  });

  it('waits only -t seconds, and not at all with -t 0 or -s KILL', async () => {
    await sh('docker run -d --name a1 app');
    await sh('docker run -d --name a2 app');
    await sh('docker run -d --name a3 app');
    let before = environment.now();
    await sh('docker stop -t 3 a1');
    expect(environment.now() - before).toBe(3_000);
    before = environment.now();
    await sh('docker stop -t 0 a2');
    await sh('docker stop -s KILL a3');
    expect(environment.now() - before).toBe(0);
    expect([container('a2').exitCode, container('a3').exitCode]).toEqual([137, 137]);
  });

  it('stops http-server at once on SIGTERM, which it handles: status 0, "http-server stopped."', async () => {
    expect((await sh('docker build -q -f server.Dockerfile -t web .')).status).toBe(0);
    await sh('docker run -d --name srv web');
    const before = environment.now();
    await sh('docker stop srv');
    expect(environment.now()).toBe(before);
    expect(container('srv').exitCode).toBe(0);
    expect((await sh('docker logs srv')).output).toMatch(/http-server stopped\.\n$/);
  });

  it('lets PID 1 ignore a signal it has no handler for, and ends it on SIGKILL', async () => {
    await sh('docker run -d --name k1 app');
    expect(await sh('docker kill -s TERM k1')).toEqual({ status: 0, output: 'k1\n' });
    expect(container('k1').state).toBe('running');
    expect(await sh('docker kill k1')).toEqual({ status: 0, output: 'k1\n' });
    expect(container('k1').exitCode).toBe(137);
    expect(await sh('docker kill k1')).toEqual({
      status: 1,
      output: `Error response from daemon: cannot kill container: k1: container ${container('k1').id} is not running\n`,
    });
  });

  it('restarts a stopped or running container', async () => {
    await sh('docker run -d --name r1 app');
    await sh('docker kill r1');
    expect(await sh('docker restart r1')).toEqual({ status: 0, output: 'r1\n' });
    expect(container('r1').state).toBe('running');
    const before = environment.now();
    await sh('docker restart -t 1 r1');
    expect(environment.now() - before).toBe(1_000);
    expect(container('r1').state).toBe('running');
  });

  it('knows signals by name, SIG name and number, as Docker does', () => {
    expect(['TERM', 'sigterm', '15', 'SIGKILL', '9', 'HUP'].map(signalName)).toEqual([
      'SIGTERM',
      'SIGTERM',
      'SIGTERM',
      'SIGKILL',
      'SIGKILL',
      'SIGHUP',
    ]);
    expect(['NOPE', '99', ''].map(signalName)).toEqual([undefined, undefined, undefined]);
  });

  it('sees the program a shell form or docker-entrypoint.sh execs as PID 1', async () => {
    await sh('docker create --name p1 app sh -c "http-server -p 80"');
    await sh('docker create --name p2 app sh -c "http-server; echo done"');
    await sh('docker create --name p3 --entrypoint docker-entrypoint.sh app nginx -g x');
    expect(['p1', 'p2', 'p3'].map((name) => pid1Program(container(name)))).toEqual([
      'http-server',
      'sh',
      'nginx',
    ]);
  });
});

describe('published ports', () => {
  it('takes a host port from 32768-60999 for -p 80, and another one for the next container', async () => {
    await sh('docker run -d --name one -p 80 app');
    await sh('docker run -d --name two -p 80 app');
    const ports = ['one', 'two'].map((name) => container(name).ports[0]!.hostPort);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(EPHEMERAL_PORTS.first);
      expect(port).toBeLessThanOrEqual(EPHEMERAL_PORTS.last);
    }
    expect(ports[0]).not.toBe(ports[1]);
    const inspected = await sh(
      `docker inspect -f '{{json .HostConfig.PortBindings}} {{json .NetworkSettings.Ports}}' one`,
    );
    expect(inspected.output).toBe(
      `{"80/tcp":[{"HostIp":"","HostPort":""}]} {"53/udp":null,"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"${ports[0]}"},{"HostIp":"::","HostPort":"${ports[0]}"}]}\n`,
    );
  });

  it('keeps a daemon-chosen host port when the page reloads the sandbox', async () => {
    const first = createSandbox({ files: { Dockerfile: SLEEPER }, environment });
    await runLine(first, 'docker build -q -t app .');
    await runLine(first, 'docker run -d --name kept -p 80 app');
    const before = first.state().containers[0]!.ports[0]!.hostPort;
    const saved = JSON.parse(JSON.stringify(first.save()));
    first.dispose();
    const second = restoreSandbox(saved, { environment })!;
    await environment.delay(0);
    expect(second.state().containers[0]!.ports[0]!.hostPort).toBe(before);
    expect((await runLine(second, 'docker port kept 80')).output).toBe(
      `0.0.0.0:${before}\n[::]:${before}\n`,
    );
    second.dispose();
  });

  it('publishes every EXPOSEd port with -P, each protocol its own', async () => {
    await sh('docker run -d --name all -P app');
    const bindings = container('all').ports.map((p) => `${p.containerPort}/${p.protocol}`);
    expect(bindings.sort()).toEqual(['53/udp', '80/tcp']);
  });

  it('lets TCP and UDP share a host port number, and refuses a second TCP holder', async () => {
    await sh('docker run -d --name tcp -p 5000:80 app');
    expect((await sh('docker run -d --name udp -p 5000:53/udp app')).status).toBe(0);
    const refused = await sh('docker run -d --name tcp2 -p 5000:80 app');
    expect(refused.status).toBe(125);
    expect(refused.output).toMatch(/Bind for 0\.0\.0\.0:5000 failed: port is already allocated/);
    expect(container('tcp2').state).toBe('created');
  });

  it('answers curl only where a process listens on the published container port', async () => {
    expect((await sh('docker build -q -f server.Dockerfile -t web .')).status).toBe(0);
    await sh('docker run -d --name ok -p 8888:8080 web');
    await sh('docker run -d --name wrong -p 8889:3000 web');
    await sh('docker run -d --name local -p 8890:8080 web http-server -a 127.0.0.1 -p 8080');
    await sh('docker run -d --name lo -p 127.0.0.1:8891:8080 web');
    expect(await sh('curl -s localhost:8888')).toEqual({ status: 0, output: '<h1>hi</h1>\n' });
    expect((await sh('curl localhost:8889')).output).toBe(
      'curl: (56) Recv failure: Connection reset by peer\n',
    );
    expect((await sh('curl localhost:8890')).status).toBe(56);
    expect((await sh('curl -s 127.0.0.1:8891')).status).toBe(0);
    expect((await sh('curl localhost:8892')).status).toBe(7);
    await sh('docker stop ok');
    expect((await sh('curl localhost:8888')).status).toBe(7);
  });
});

describe('volumes and mounts', () => {
  it('gives each container of an image its own anonymous volume, filled from the image', async () => {
    await sh('docker run -d --name v1 app');
    await sh('docker run -d --name v2 app');
    const [a, b] = ['v1', 'v2'].map((name) => container(name).mounts[0]!.name!);
    expect(a).not.toBe(b);
    expect(engine.volumeFiles(engine.volumes.get(b!)!)).toEqual([{ path: '/seed.txt', size: 7 }]);
  });

  it('fills a new named volume once, and hides the image content under a bind mount', async () => {
    await sh('docker run --rm -v named:/data app sh -c "rm /data/seed.txt; echo mine > /data/x"');
    expect((await sh('docker run --rm -v named:/data app ls /data')).output).toBe('x\n');
    expect((await sh('docker run --rm -v ./site:/data app ls /data')).output).toBe('page.txt\n');
  });

  it('removes anonymous volumes with --rm and rm -v, never named ones', async () => {
    await sh('docker volume create keep');
    await sh('docker run --rm -v keep:/keep app true');
    await sh('docker run -d --name gone -v keep:/keep app');
    const anonymous = container('gone').mounts.find((m) => m.destination === '/data')!.name!;
    await sh('docker rm -f -v gone');
    expect(engine.volumes.has(anonymous)).toBe(false);
    expect(engine.volumes.has('keep')).toBe(true);
    expect([...engine.volumes.values()].filter((v) => v.anonymous)).toEqual([]);
  });

  it('keeps an anonymous volume that a later --rm container mounted by its name', async () => {
    await sh('docker run --name first app true');
    const anonymous = container('first').mounts[0]!.name!;
    await sh('docker rm first');
    await sh(`docker run --rm -v ${anonymous}:/data app true`);
    expect(engine.volumes.has(anonymous)).toBe(true);
    expect((await sh(`docker run --rm -v ${anonymous}:/data app ls /data`)).output).toBe(
      'seed.txt\n',
    );
  });

  it('shares volumes with --volumes-from, read-only with :ro', async () => {
    await sh('docker run -d --name owner app');
    await sh('docker run --rm --volumes-from owner app sh -c "echo shared > /data/s.txt"');
    expect((await sh('docker exec owner cat /data/s.txt')).output).toBe('shared\n');
    const refused = await sh(
      'docker run --rm --volumes-from owner:ro app sh -c "echo no > /data/n.txt"',
    );
    expect(refused.status).not.toBe(0);
  });

  it('starts a tmpfs mount empty every time and keeps it out of the volumes', async () => {
    await sh('docker run -d --name tmp --mount type=tmpfs,target=/scratch app');
    await sh('docker exec tmp sh -c "echo x > /scratch/f"');
    expect((await sh('docker exec tmp ls /scratch')).output).toBe('f\n');
    await sh('docker restart -t 0 tmp');
    expect((await sh('docker exec tmp ls /scratch')).output).toBe('');
    expect((await sh(`docker inspect -f '{{range .Mounts}}{{.Type}} {{end}}' tmp`)).output).toBe(
      'volume tmpfs \n',
    );
  });

  it('refuses to remove a volume a container mounts, even with -f', async () => {
    await sh('docker create --name holder -v held:/data app');
    const refused = await sh('docker volume rm -f held');
    expect(refused).toEqual({
      status: 1,
      output: `Error response from daemon: remove held: volume is in use - [${container('holder').id}]\n`,
    });
    expect(await sh('docker volume rm -f never-made')).toEqual({
      status: 0,
      output: 'never-made\n',
    });
  });

  it('prunes only unused anonymous volumes, and named ones too with -a', async () => {
    await sh('docker volume create lonely');
    await sh('docker run -d --name used app');
    await sh('docker create --name stopped app');
    await sh('docker rm stopped');
    const orphan = [...engine.volumes.values()].find(
      (v) => v.anonymous && engine.volumeUsers(v).length === 0,
    )!.name;
    expect((await sh('docker volume ls -q -f dangling=true')).output).toBe(
      [orphan, 'lonely'].sort().join('\n') + '\n',
    );
    expect((await sh('docker volume prune')).output).toBe(
      'WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ',
    );
    expect(engine.volumes.has(orphan)).toBe(true);
    expect((await sh('echo y | docker volume prune')).output).toBe(
      `WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] Deleted Volumes:\n${orphan}\n\nTotal reclaimed space: 7B\n`,
    );
    expect((await sh('docker volume prune -a -f')).output).toBe(
      'Deleted Volumes:\nlonely\n\nTotal reclaimed space: 0B\n',
    );
    expect(engine.volumes.size).toBe(1);
  });
});

describe('docker exec and docker cp', () => {
  it('hands the terminal to a shell in the container until exit', async () => {
    await sh('docker run -d --name box -w /data app');
    expect(await sh('docker exec -it box sh', true)).toEqual({ status: 0, output: '' });
    expect(session.prompt()).toBe('/data # ');
    expect((await sh('cat seed.txt')).output).toBe('seeded\n');
    expect((await sh('echo $HOSTNAME')).output).toBe(`${container('box').id.slice(0, 12)}\n`);
    await sh('cd /');
    expect(session.prompt()).toBe('/ # ');
    await sh('exit');
    expect(session.prompt()).toBe('learner@dockyard:~/project$ ');
    expect((await sh('pwd')).output).toBe(`${PROJECT}\n`);
  });

  it("gives bash's prompt and farewell in an image that has bash, dash's prompt for sh", async () => {
    await sh('docker run -d --name deb node:latest sleep 3600');
    const id = container('deb').id.slice(0, 12);
    await sh('docker exec -it deb bash', true);
    expect(session.prompt()).toBe(`root@${id}:/# `);
    await sh('cd /root');
    expect(session.prompt()).toBe(`root@${id}:~# `);
    expect(await sh('exit')).toEqual({ status: 0, output: 'exit\n' });
    await sh('docker exec -it deb sh', true);
    expect(session.prompt()).toBe('# ');
    expect(await sh('exit 3')).toEqual({ status: 3, output: '' });
    expect(session.prompt()).toBe('learner@dockyard:~/project$ ');
  });

  it('gives the terminal to the main shell of docker run -it, and ends the container with it', async () => {
    expect(await sh('docker run -it --name inter app sh', true)).toEqual({ status: 0, output: '' });
    expect(session.prompt()).toBe('/ # ');
    expect(container('inter').state).toBe('running');
    expect((await sh('cat /data/seed.txt')).output).toBe('seeded\n');
    expect(await sh('exit 3')).toEqual({ status: 3, output: '' });
    await environment.delay(0);
    expect(session.prompt()).toBe('learner@dockyard:~/project$ ');
    expect(container('inter').state).toBe('exited');
    expect(container('inter').exitCode).toBe(3);
    await sh('docker run -it --rm --name gone node:latest bash', true);
    expect(session.prompt()).toMatch(/^root@[0-9a-f]{12}:\/# $/);
    expect((await sh('exit')).output).toBe('exit\n');
    await environment.delay(0);
    expect(engine.findContainer('gone')).toBeUndefined();
  });

  it('ends the container shell on exit after other commands on the line, and the host shell too', async () => {
    await sh('docker run -it --name semi app sh', true);
    expect(await sh('echo inside; exit 4; echo never')).toEqual({ status: 4, output: 'inside\n' });
    await environment.delay(0);
    expect(session.prompt()).toBe('learner@dockyard:~/project$ ');
    expect(container('semi').exitCode).toBe(4);
    expect(session.exited()).toBe(false);
    // `( exit 2 )` is a subshell: only it ends.
    expect((await sh('( exit 2 ); echo still')).output).toBe('still\n');
    expect(session.exited()).toBe(false);
    expect((await sh('echo host; exit 5')).status).toBe(5);
    expect(session.exited()).toBe(true);
  });

  it('ends a command in the container shell on Ctrl+C, and keeps the shell', async () => {
    await sh('docker run -d --name ctl app');
    await sh('docker exec -it ctl sh', true);
    const ctrlC = new AbortController();
    const running = session.run('sleep 7200', {
      tty: true,
      columns: 80,
      signal: ctrlC.signal,
      write: () => {},
    });
    await environment.delay(0);
    ctrlC.abort();
    expect(await running).toBe(130);
    expect(session.prompt()).toBe('/ # ');
    expect((await sh('echo still here')).output).toBe('still here\n');
    expect(container('ctl').state).toBe('running');
  });

  it('runs what a pipe gives docker exec -i, and leaves the terminal to the host', async () => {
    await sh('docker run -d --name piped -w /data app');
    expect(await sh("printf 'ls\\npwd\\n' | docker exec -i piped sh")).toEqual({
      status: 0,
      output: 'seed.txt\n/data\n',
    });
    expect((await sh('echo hello | docker exec -i piped cat')).output).toBe('hello\n');
    expect(session.prompt()).toBe('learner@dockyard:~/project$ ');
  });

  it('says Successfully copied with the tar size when a terminal is attached', async () => {
    await sh('docker run -d --name src app');
    expect(await sh('docker cp src:/data/seed.txt got.txt', true)).toEqual({
      status: 0,
      output: `Successfully copied 2.05kB to ${PROJECT}/got.txt\n`,
    });
    expect((await sh('cat got.txt')).output).toBe('seeded\n');
    expect((await sh('docker cp src:/data/seed.txt .', true)).output).toBe(
      `Successfully copied 2.05kB to ${PROJECT}/.\n`,
    );
    expect((await sh('docker cp site src:/data', true)).output).toBe(
      'Successfully copied 2.56kB to src:/data\n',
    );
    expect((await sh('docker exec src cat /data/site/page.txt')).output).toBe('from the host\n');
    await sh('docker run -d --name locked -v ./site:/site:ro app');
    expect(await sh('docker cp index.html locked:/site/')).toEqual({
      status: 1,
      output: 'Error response from daemon: mounted volume is marked read-only\n',
    });
  });
});

describe('the user a container runs as', () => {
  it('gives a uid with no passwd entry only its primary group, as id shows it', async () => {
    expect((await sh('docker run --rm -u 1234 app id')).output).toBe(
      'uid=1234 gid=0(root) groups=0(root)\n',
    );
  });
});
