/** The sandbox's public face: createSandbox, run, state, fetch, save and restoreSandbox. */
import { describe, expect, it } from 'vitest';
import { createSandbox, restoreSandbox } from './index.ts';
import { fakeEnvironment, LESSON_DOCKERFILE, runLine } from './testing.ts';

const DOCKERFILE = `FROM alpine
RUN mkdir -p /data && echo seed > /data/seed.txt
VOLUME /data
CMD ["sleep", "3600"]
`;

async function started() {
  const environment = fakeEnvironment();
  const sandbox = createSandbox({ files: { Dockerfile: DOCKERFILE }, environment });
  await runLine(sandbox, 'docker build -q -t app .');
  return { sandbox, environment };
}

describe('createSandbox', () => {
  it('puts the given files in the project folder, the build context', () => {
    const sandbox = createSandbox({
      files: { Dockerfile: 'FROM alpine\n', 'src/a.js': 'a' },
      environment: fakeEnvironment(),
    });
    expect(sandbox.state().files).toEqual({ Dockerfile: 'FROM alpine\n', 'src/a.js': 'a' });
    expect(sandbox.prompt()).toBe('learner@dockyard:~/project$ ');
  });

  it('starts with no images, containers or volumes', () => {
    const state = createSandbox({ files: {}, environment: fakeEnvironment() }).state();
    expect([state.images, state.containers, state.volumes]).toEqual([[], [], []]);
  });

  it('tells subscribers about a change and stops after unsubscribing', () => {
    const sandbox = createSandbox({ files: {}, environment: fakeEnvironment() });
    const seen: string[][] = [];
    const stop = sandbox.subscribe((state) => seen.push(Object.keys(state.files)));
    sandbox.writeFile('a.txt', 'a');
    stop();
    sandbox.writeFile('b.txt', 'b');
    expect(seen).toEqual([['a.txt']]);
  });
});

describe('run and state', () => {
  it('returns the exit status of the command line', async () => {
    const sandbox = createSandbox({ files: {}, environment: fakeEnvironment() });
    expect((await runLine(sandbox, 'false')).status).toBe(1);
    expect(await runLine(sandbox, 'echo hi')).toEqual({ status: 0, output: 'hi\n' });
  });

  it('shows a running container with its status text, ports and mounts', async () => {
    const { sandbox, environment } = await started();
    await runLine(sandbox, 'docker run -d --name web -p 8080:80 app');
    environment.advance(3_000);
    const [container] = sandbox.state().containers;
    expect(container).toMatchObject({
      name: 'web',
      image: 'app',
      command: 'sleep 3600',
      state: 'running',
      status: 'Up 3 seconds',
      ports: [{ hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' }],
    });
    expect(container!.mounts).toEqual([
      expect.objectContaining({ type: 'volume', destination: '/data', readWrite: true }),
    ]);
  });

  it('lists no ports for a stopped container', async () => {
    const { sandbox } = await started();
    await runLine(sandbox, 'docker run -d --name web -p 8080:80 app');
    await runLine(sandbox, 'docker stop web');
    expect(sandbox.state().containers[0]!.ports).toEqual([]);
  });
});

describe('fetch', () => {
  it('fails as curl would when nothing is published on the port', () => {
    const sandbox = createSandbox({ files: {}, environment: fakeEnvironment() });
    expect(sandbox.fetch('http://localhost:8888/')).toEqual({
      ok: false,
      message: "Failed to connect to localhost port 8888 after 0 ms: Couldn't connect to server",
    });
  });

  it('resets the connection when the port is published but nothing listens', async () => {
    const { sandbox } = await started();
    await runLine(sandbox, 'docker run -d -p 8888:80 app');
    expect(sandbox.fetch('http://localhost:8888/')).toEqual({
      ok: false,
      message: 'Recv failure: Connection reset by peer',
    });
  });
});

describe('state', () => {
  it('names a container’s image by short ID once a rebuild moves the tag, as docker ps does', async () => {
    const environment = fakeEnvironment();
    const sandbox = createSandbox({
      files: { Dockerfile: 'FROM alpine\nCOPY . /site\nCMD ["sleep", "3600"]\n', 'a.txt': 'one' },
      environment,
    });
    await runLine(sandbox, 'docker build -q -t app .');
    await runLine(sandbox, 'docker run -d --name web app');
    expect(sandbox.state().containers[0]!.image).toBe('app');
    const oldId = sandbox.state().images[0]!.id;

    sandbox.writeFile('a.txt', 'two');
    await runLine(sandbox, 'docker build -q -t app .');
    expect(sandbox.state().containers[0]!.image).toBe(oldId.slice(7, 19));
    expect((await runLine(sandbox, 'docker ps')).output).toContain(` ${oldId.slice(7, 19)} `);
  });
});

describe('save and restoreSandbox', () => {
  it('declines data that is not a saved sandbox', () => {
    expect(restoreSandbox(null)).toBeUndefined();
    expect(restoreSandbox({ version: 2, home: {}, cwd: '/' })).toBeUndefined();
    expect(restoreSandbox('{}')).toBeUndefined();
  });

  it('declines saved data whose layers are missing', async () => {
    const { sandbox } = await started();
    const saved = JSON.parse(JSON.stringify(sandbox.save()));
    saved.engine.layers = {};
    expect(restoreSandbox(saved, { environment: fakeEnvironment() })).toBeUndefined();
  });

  it('survives a JSON round trip with images, containers, volumes and files intact', async () => {
    const { sandbox } = await started();
    sandbox.writeFile('notes.txt', 'keep me');
    await runLine(
      sandbox,
      'docker run --name once -v data:/data app sh -c "echo kept > /data/new.txt"',
    );
    await runLine(sandbox, 'cd /home/learner');
    const before = sandbox.state();

    const restored = restoreSandbox(JSON.parse(JSON.stringify(sandbox.save())), {
      environment: fakeEnvironment(11),
    })!;
    const after = restored.state();

    expect(after.files).toEqual(before.files);
    expect(after.images.map((image) => [image.id, image.tags])).toEqual(
      before.images.map((image) => [image.id, image.tags]),
    );
    expect(after.containers.map((c) => [c.id, c.name, c.state])).toEqual(
      before.containers.map((c) => [c.id, c.name, c.state]),
    );
    expect(after.volumes.find((v) => v.name === 'data')!.files.map((f) => f.path)).toEqual([
      '/new.txt',
      '/seed.txt',
    ]);
    expect(restored.prompt()).toBe('learner@dockyard:~$ ');
  });

  it('keeps the build cache, so a rebuild after restore is fully CACHED', async () => {
    const { sandbox } = await started();
    const restored = restoreSandbox(JSON.parse(JSON.stringify(sandbox.save())), {
      environment: fakeEnvironment(11),
    })!;
    const { output } = await runLine(restored, 'docker build --progress=plain -t app .');
    expect(output).toMatch(
      /#\d+ \[2\/2\] RUN mkdir -p \/data && echo seed > \/data\/seed\.txt\n#\d+ CACHED\n/,
    );
  });

  it('keeps a stopped container’s writable layer', async () => {
    const { sandbox } = await started();
    await runLine(
      sandbox,
      'docker run --name once app sh -c "echo changed > /etc/motd; rm /data/seed.txt"',
    );
    const restored = restoreSandbox(JSON.parse(JSON.stringify(sandbox.save())), {
      environment: fakeEnvironment(11),
    })!;
    await runLine(restored, 'docker start once');
    expect(restored.state().containers[0]!.name).toBe('once');
  });

  it('starts again the containers that were running when saved, with their published ports', async () => {
    const { sandbox } = await started();
    await runLine(sandbox, 'docker run -d --name web -p 8080:80 app');
    const restored = restoreSandbox(JSON.parse(JSON.stringify(sandbox.save())), {
      environment: fakeEnvironment(11),
    })!;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const [web] = restored.state().containers;
    expect(web).toMatchObject({ name: 'web', state: 'running' });
    expect((await runLine(restored, 'docker run -d -p 8080:80 app')).status).toBe(125);
  });

  it('carries on a running server after restore: same start time, one banner, new visits logged', async () => {
    const environment = fakeEnvironment();
    const sandbox = createSandbox({
      files: { Dockerfile: LESSON_DOCKERFILE, 'index.html': '<h1>hi</h1>' },
      environment,
    });
    await runLine(sandbox, 'docker build -q -t site .');
    await runLine(sandbox, 'docker run -d -p 8888:8080 --name web site');
    environment.advance(90_000);
    const restored = restoreSandbox(JSON.parse(JSON.stringify(sandbox.save())), { environment })!;
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(restored.state().containers[0]!.status).toBe('Up About a minute');
    expect(restored.fetch('http://localhost:8888/')).toMatchObject({ ok: true, status: 200 });
    const { output } = await runLine(restored, 'docker logs web');
    expect(output.match(/Starting up http-server/g)).toHaveLength(1);
    expect(output.match(/"GET \/"/g)).toHaveLength(1);
  });
});
