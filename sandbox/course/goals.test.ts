import { describe, expect, it } from 'vitest';
import { createSandbox } from '../index.ts';
import { fakeEnvironment, runLine } from '../testing.ts';
import type { Sandbox } from '../api.ts';
import { GoalChecker, startedProgram, type Goal } from './goals.ts';

const spine = [
  'FROM node:latest',
  'WORKDIR /app',
  'COPY . .',
  'RUN npm install -g http-server',
  'EXPOSE 8080',
  'CMD ["http-server", "-p", "8080"]',
  '',
].join('\n');
const page = '<!doctype html>\n<h1>Hello from the dock</h1>\n';

function sandboxWith(files: Record<string, string> = {}): Sandbox {
  return createSandbox({
    files: { Dockerfile: spine, 'index.html': page, ...files },
    environment: fakeEnvironment(),
  });
}

async function run(sandbox: Sandbox, ...lines: string[]): Promise<void> {
  for (const line of lines) {
    const { status, output } = await runLine(sandbox, line);
    if (status !== 0) throw new Error(`${line} exited ${status}: ${output}`);
  }
}

function goal(check: Goal['check'], args: Goal['with'] = {}): Goal {
  return { check, with: args, text: '' };
}

describe('image checks', () => {
  it('say which images exist when the tag is missing', async () => {
    const sandbox = sandboxWith();
    const checker = new GoalChecker(sandbox);
    expect(checker.check(goal('image-exists', { ref: 'aaa:ccc' }), 'en')).toEqual({
      met: false,
      reason: 'no image is tagged `aaa:ccc`; `docker images` lists none yet',
    });
    await run(sandbox, 'docker build -t aaa:bbb .');
    expect(checker.check(goal('image-exists', { ref: 'aaa:ccc' }), 'en')).toEqual({
      met: false,
      reason: 'no image is tagged `aaa:ccc`; `docker images` lists `aaa:bbb`',
    });
    await run(sandbox, 'docker build -t aaa:ccc .');
    expect(checker.check(goal('image-exists', { ref: 'aaa:ccc' }), 'en').met).toBe(true);
    expect(
      checker.check(goal('image-exists', { ref: 'docker.io/library/aaa:ccc' }), 'en').met,
    ).toBe(true);
  });

  it('read the start command, workdir, ports and files from the built image', async () => {
    const sandbox = sandboxWith();
    await run(sandbox, 'docker build -t aaa:ccc .');
    const checker = new GoalChecker(sandbox);
    const ref = 'aaa:ccc';
    expect(checker.check(goal('image-runs', { ref, program: 'http-server' }), 'en').met).toBe(true);
    expect(checker.check(goal('image-runs', { ref, program: 'nginx' }), 'en')).toEqual({
      met: false,
      reason: '`aaa:ccc` starts `docker-entrypoint.sh http-server -p 8080`, not `nginx`',
    });
    expect(checker.check(goal('image-workdir', { ref, path: '/app' }), 'en').met).toBe(true);
    expect(checker.check(goal('image-workdir', { ref, path: '/srv' }), 'en')).toEqual({
      met: false,
      reason: '`aaa:ccc` works in `/app`, not `/srv`',
    });
    expect(checker.check(goal('image-exposes', { ref, port: 8080 }), 'en').met).toBe(true);
    expect(checker.check(goal('image-exposes', { ref, port: '8080/tcp' }), 'en').met).toBe(true);
    expect(checker.check(goal('image-exposes', { ref, port: 80 }), 'en')).toEqual({
      met: false,
      reason: '`aaa:ccc` exposes 8080/tcp, not 80/tcp',
    });
    const file = { ref, path: '/app/index.html' };
    expect(checker.check(goal('image-has-file', file), 'en').met).toBe(true);
    expect(checker.check(goal('image-has-file', { ...file, contains: 'the dock' }), 'en').met).toBe(
      true,
    );
    expect(checker.check(goal('image-has-file', { ...file, contains: 'harbour' }), 'en')).toEqual({
      met: false,
      reason: '`/app/index.html` in `aaa:ccc` does not contain “harbour”',
    });
    expect(checker.check(goal('image-has-file', { ref, path: '/app/nope' }), 'en')).toEqual({
      met: false,
      reason: '`aaa:ccc` has no file `/app/nope`',
    });
    expect(checker.check(goal('image-declares-volume', { ref, path: '/app' }), 'en')).toEqual({
      met: false,
      reason: '`aaa:ccc` declares no VOLUME, so nothing at `/app`',
    });
  });

  it('pass the shell form of CMD as well as the exec form', async () => {
    const sandbox = sandboxWith({ Dockerfile: spine.replace(/CMD .*/, 'CMD http-server -p 8080') });
    await run(sandbox, 'docker build -t aaa:shell .');
    const checker = new GoalChecker(sandbox);
    expect(
      checker.check(goal('image-runs', { ref: 'aaa:shell', program: 'http-server' }), 'en').met,
    ).toBe(true);
  });

  it('count our layers on top of the base image', async () => {
    const sandbox = sandboxWith();
    await run(sandbox, 'docker build -t aaa:ccc .');
    const checker = new GoalChecker(sandbox);
    const args = { ref: 'aaa:ccc', base: 'node:latest' };
    // WORKDIR, COPY and RUN each add a layer.
    expect(checker.check(goal('image-layers-added', { ...args, atLeast: 3 }), 'en').met).toBe(true);
    expect(checker.check(goal('image-layers-added', { ...args, atLeast: 5 }), 'en')).toEqual({
      met: false,
      reason: '`aaa:ccc` adds 3 layers on top of `node:latest`, fewer than 5',
    });
  });
});

describe('container checks', () => {
  it('point at docker ps when the port is not published', async () => {
    const sandbox = sandboxWith();
    await run(sandbox, 'docker build -t aaa:ccc .', 'docker run -d --name web aaa:ccc');
    const checker = new GoalChecker(sandbox);
    const published = goal('port-published', { hostPort: 8888, containerPort: 8080 });
    expect(checker.check(published, 'en')).toEqual({
      met: false,
      reason:
        'no container publishes port 8080 on host port 8888; `docker ps` shows `web` with no published ports',
    });
    expect(checker.check(goal('container-running', { name: 'web' }), 'en').met).toBe(true);
    expect(checker.check(goal('named-container', { name: 'web' }), 'en').met).toBe(true);
    expect(checker.check(goal('generated-name'), 'en')).toEqual({
      met: false,
      reason: 'every container has a name given with `--name` (`web`); run one without it',
    });
  });

  it('accept --publish, -p and any flag order alike', async () => {
    for (const line of [
      'docker run -d -p 8888:8080 --name web aaa:ccc',
      'docker run --publish 8888:8080 -d aaa:ccc',
      'docker run --name=web --detach --publish=8888:8080 aaa:ccc',
    ]) {
      const sandbox = sandboxWith();
      await run(sandbox, 'docker build -t aaa:ccc .', line);
      const checker = new GoalChecker(sandbox);
      expect(
        checker.check(goal('port-published', { hostPort: 8888, containerPort: 8080 }), 'en'),
      ).toEqual({ met: true });
      expect(checker.check(goal('container-running', { image: 'aaa:ccc' }), 'en').met).toBe(true);
    }
  });

  it('say a stopped container is not running', async () => {
    const sandbox = sandboxWith();
    await run(
      sandbox,
      'docker build -t aaa:ccc .',
      'docker run -d --name web aaa:ccc',
      'docker stop web',
    );
    const result = new GoalChecker(sandbox).check(goal('container-running', { name: 'web' }), 'en');
    expect(result.met).toBe(false);
    expect(!result.met && result.reason).toMatch(
      /^the container `web` is not running; `docker ps -a` shows it as “Exited \(\d+\) .*”$/,
    );
  });

  it('see the page through the published port, and not after the file changes without a rebuild', async () => {
    const sandbox = sandboxWith();
    const checker = new GoalChecker(sandbox);
    const pageGoal = goal('page-contains', { port: 8888, file: 'index.html' });
    expect(checker.check(pageGoal, 'en')).toEqual({
      met: false,
      reason:
        "nothing answers at http://localhost:8888: Failed to connect to localhost port 8888 after 0 ms: Couldn't connect to server",
    });
    await run(
      sandbox,
      'docker build -t aaa:ccc .',
      'docker run -d -p 8888:8080 --name web aaa:ccc',
    );
    expect(checker.check(pageGoal, 'en')).toEqual({ met: true });
    sandbox.writeFile('index.html', '<h1>Changed on the host</h1>');
    expect(checker.check(pageGoal, 'en')).toEqual({
      met: false,
      reason: 'the page at http://localhost:8888 does not show “Changed on the host”',
    });
  });

  it('ask the page without adding an access line to the container log', async () => {
    const sandbox = sandboxWith();
    await run(
      sandbox,
      'docker build -t aaa:ccc .',
      'docker run -d -p 8888:8080 --name web aaa:ccc',
    );
    const checker = new GoalChecker(sandbox);
    const pageGoal = goal('page-contains', { port: 8888, text: 'the dock' });
    for (let i = 0; i < 5; i += 1) expect(checker.check(pageGoal, 'en').met).toBe(true);
    expect((await runLine(sandbox, 'docker logs web')).output).not.toContain('"GET /"');
    sandbox.fetch('http://localhost:8888/');
    expect((await runLine(sandbox, 'docker logs web')).output.match(/"GET \/"/g)?.length).toBe(1);
  });

  it('find a bind mount and the anonymous volume that outlives its container', async () => {
    const sandbox = sandboxWith({ '2.Dockerfile': spine.replace('COPY', 'VOLUME /app\nCOPY') });
    await run(sandbox, 'docker build -t aaa:ddd -f 2.Dockerfile .');
    const checker = new GoalChecker(sandbox);
    const kept = goal('anonymous-volume-kept', { path: '/app' });
    expect(
      checker.check(goal('image-declares-volume', { ref: 'aaa:ddd', path: '/app' }), 'en').met,
    ).toBe(true);
    expect(checker.check(kept, 'en')).toEqual({
      met: false,
      reason:
        'no anonymous volume exists yet; run an image that declares `VOLUME /app` without `-v`',
    });

    await run(sandbox, 'docker run -d -p 8888:8080 -v ~/Desktop:/app --name desk aaa:ddd');
    expect(
      checker.check(goal('bind-mount', { target: '/app', sourceEndsWith: '/Desktop' }), 'en'),
    ).toEqual({
      met: true,
    });
    expect(
      checker.check(goal('bind-mount', { target: '/app', sourceEndsWith: '/Music' }), 'en'),
    ).toEqual({
      met: false,
      reason:
        'the bind mount at `/app` comes from `/home/learner/Desktop`, not a folder ending in `/Music`',
    });

    await run(sandbox, 'docker run -d aaa:ddd');
    expect(checker.check(goal('generated-name'), 'en').met).toBe(true);
    const used = checker.check(kept, 'en');
    expect(!used.met && used.reason).toMatch(
      /^the anonymous volume `[0-9a-f]{12}` is still used by `[a-z]+_[a-z]+`; remove the container with `docker rm`$/,
    );
    const name = sandbox.state().containers.find((c) => c.name !== 'desk')?.name ?? '';
    await run(sandbox, `docker rm -f ${name}`);
    expect(checker.check(kept, 'en')).toEqual({ met: true });
  });

  it('speak Chinese when asked', async () => {
    const sandbox = sandboxWith();
    await run(sandbox, 'docker build -t aaa:ccc .', 'docker run -d --name web aaa:ccc');
    const checker = new GoalChecker(sandbox);
    expect(
      checker.check(goal('port-published', { hostPort: 8888, containerPort: 8080 }), 'zh'),
    ).toEqual({
      met: false,
      reason: '没有容器把端口 8080 发布到主机端口 8888；`docker ps` 显示 `web` 没有发布端口',
    });
  });
});

describe('startedProgram', () => {
  it.each([
    [['http-server', '-p', '8080'], 'http-server'],
    [['/usr/local/bin/http-server'], 'http-server'],
    [['/bin/sh', '-c', 'http-server -p 8080'], 'http-server'],
    [['sh', '-c', 'exec nginx -g daemon off;'], 'nginx'],
    [['docker-entrypoint.sh', 'node'], 'node'],
    [[], undefined],
  ])('%j starts %s', (argv, program) => {
    expect(startedProgram(argv)).toBe(program);
  });
});
