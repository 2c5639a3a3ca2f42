import type { WebContainer } from '@webcontainer/api';
import { describe, expect, it } from 'vitest';
import { createSandbox, restoreSandbox } from '../index.ts';
import type { HttpResponse } from '../shell/program.ts';
import { fakeEnvironment, LESSON_DOCKERFILE, runLine, type FakeEnvironment } from '../testing.ts';
import { FakeWebContainer, type FakeBehaviour } from './fake-webcontainer.ts';
import { RUNTIME_MESSAGES } from './messages.ts';
import {
  EXIT_TIMEOUT_MS,
  STEP_TIMEOUT_MS,
  webContainerRuntime,
  type WebContainerHost,
  type WebContainerLike,
} from './webcontainer.ts';

// The real class fits the runtime's interface, so the page can hand over what `boot()` returns.
const fits: (wc: WebContainer) => WebContainerLike = (wc) => wc;
void fits;

const PAGE = '<h1>From the image</h1>\n';

const REAL_LOCK = `${JSON.stringify(
  {
    name: 'api',
    lockfileVersion: 3,
    packages: {
      '': { name: 'api', dependencies: { express: '^4.21.2' } },
      'node_modules/express': {
        version: '4.21.2',
        resolved: 'https://registry.npmjs.org/express/-/express-4.21.2.tgz',
      },
    },
  },
  null,
  2,
)}\n`;

function html(body: string): HttpResponse {
  return {
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'text/html; charset=UTF-8']],
    body,
  };
}

/** npm installs and exits; http-server prints its banner and serves 8080 on the next task. */
const LESSON_BEHAVIOUR: FakeBehaviour = (process, wc) => {
  if (process.command === 'npm') {
    process.write('\r\nadded 48 packages in 2s\r\n');
    process.end(0);
  } else if (process.command === 'http-server') {
    setTimeout(() => {
      process.write('\u001b[33mStarting up http-server, serving \u001b[36m./\u001b[39m\r\n\r\n');
      process.write('\u001b[33mAvailable on:\u001b[39m\r\n');
      process.write('  http://127.0.0.1:8080\r\n');
      wc.serve(8080, (request) => html(`<h1>real ${request.url}</h1>\n`));
    }, 0);
  }
};

interface Setup {
  environment: FakeEnvironment;
  host: WebContainerHost & { boots: number; fallbacks: Array<[string, string]> };
  wc: FakeWebContainer;
  finishBoot: () => void;
}

function setup(
  options: {
    behave?: FakeBehaviour;
    unavailable?: string;
    /** `manual`: the boot ends when the test calls `finishBoot`. */
    boot?: 'never' | 'fails' | 'manual';
    timeoutMs?: number;
    stepTimeoutMs?: number;
    requestTimeoutMs?: number;
    exitTimeoutMs?: number;
  } = {},
): Setup {
  const wc = new FakeWebContainer(options.behave ?? LESSON_BEHAVIOUR);
  const fallbacks: Array<[string, string]> = [];
  let finishBoot = () => {};
  const host = {
    boots: 0,
    fallbacks,
    bootTimeoutMs: options.timeoutMs ?? 10_000,
    ...(options.stepTimeoutMs !== undefined ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
    ...(options.requestTimeoutMs !== undefined
      ? { requestTimeoutMs: options.requestTimeoutMs }
      : {}),
    ...(options.exitTimeoutMs !== undefined ? { exitTimeoutMs: options.exitTimeoutMs } : {}),
    unavailable: () => options.unavailable,
    boot(): Promise<WebContainerLike> {
      host.boots++;
      if (options.boot === 'never') return new Promise(() => {});
      if (options.boot === 'fails')
        return Promise.reject(new Error('Unable to create more instances'));
      if (options.boot === 'manual') {
        return new Promise((resolve) => (finishBoot = () => resolve(wc)));
      }
      return Promise.resolve(wc);
    },
    fellBack: (container: string, sentence: string) => void fallbacks.push([container, sentence]),
  };
  return { environment: fakeEnvironment(), host, wc, finishBoot: () => finishBoot() };
}

async function lessonSandbox(
  { environment, host }: Setup,
  files: Record<string, string> = {},
  dockerfile = LESSON_DOCKERFILE,
) {
  const sandbox = createSandbox({
    files: { Dockerfile: dockerfile, 'index.html': PAGE, ...files },
    environment,
    runtimes: { webcontainer: webContainerRuntime(host) },
  });
  expect((await runLine(sandbox, 'docker build -q -t site .')).status).toBe(0);
  return sandbox;
}

/** Lets queued tasks run until `done` holds; fails rather than hangs when it never does. */
async function until(done: () => boolean, tasks = 200): Promise<void> {
  for (let i = 0; i < tasks && !done(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(done()).toBe(true);
}

/** `work`'s result, or `hung` after two seconds of real time: a test fails rather than hangs. */
async function within<T>(work: Promise<T>): Promise<T | 'hung'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 2000)));
  const result = await Promise.race([work, hung]);
  clearTimeout(timer);
  return result;
}

/** A wait longer than the fake clock plays out: it stays pending, so only a stop can end it. */
const FOREVER_MS = 3_600_000;

/** Lets a few tasks run, for checks that something did not happen. */
async function tasks(count = 20): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((r) => setTimeout(r, 0));
}

describe('the webcontainer runtime', () => {
  it('mounts the working folder, installs the global packages and starts the command with its env and cwd', async () => {
    const context = setup();
    const sandbox = await lessonSandbox(context);
    const run = await runLine(
      sandbox,
      'docker run -d --runtime=webcontainer -p 8888:8080 -e GREETING=hi --name web site',
    );
    expect(run.status).toBe(0);
    const id = run.output.trim().slice(0, 12);
    const { wc } = context;
    await until(() => wc.processes.length >= 2);

    expect(wc.mounts).toHaveLength(1);
    expect(wc.mounts[0]!.mountPoint).toBe(`containers/${id}`);
    expect(wc.mounts[0]!.tree).toEqual({
      Dockerfile: { file: { contents: LESSON_DOCKERFILE } },
      'index.html': { file: { contents: PAGE } },
    });

    const [install, main] = wc.processes;
    expect([install!.command, ...install!.args]).toEqual([
      'npm',
      'install',
      '--no-progress',
      '--prefix',
      `globals/${id}`,
      'http-server@14.1.1',
    ]);
    expect([main!.command, ...main!.args]).toEqual(['http-server', '-p', '8080']);
    expect(main!.options?.cwd).toBe(`containers/${id}`);
    const env = main!.options!.env!;
    expect(env.GREETING).toBe('hi');
    expect(env.HOSTNAME).toBe(id);
    expect(env.HOME).toBeUndefined();
    expect(env.PATH!.split(':')).toEqual([
      `/home/dockyard/globals/${id}/node_modules/.bin`,
      `/home/dockyard/containers/${id}/node_modules/.bin`,
      '/usr/local/bin',
      '/usr/bin',
      '/bin',
    ]);
    expect(sandbox.state().containers[0]).toMatchObject({ runtime: 'webcontainer' });
    expect(context.host.fallbacks).toEqual([]);
  });

  it('answers with the simulated page while the WebContainer boots, then points at the real one', async () => {
    // A boot limit of an hour: the fake clock leaves such a wait pending, so the test decides.
    const context = setup({ boot: 'manual', timeoutMs: 3_600_000 });
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    await tasks(5);
    expect(context.host.boots).toBe(1);
    const booting = sandbox.fetch('http://localhost:8888/');
    expect(booting).toMatchObject({ ok: true, status: 200, body: PAGE });
    expect(booting.ok && 'liveUrl' in booting).toBe(false);
    // The twin prints nowhere: the log is the real process's.
    expect((await runLine(sandbox, 'docker logs web')).output).toBe('');

    context.finishBoot();
    await until(() => context.wc.servers.has(8080));
    expect(sandbox.fetch('http://localhost:8888/')).toMatchObject({
      ok: true,
      body: PAGE,
      liveUrl: 'https://fake--8080.webcontainer.test/',
    });
    expect(context.host.fallbacks).toEqual([]);
  });

  it('tells subscribers when the real server takes over a port the twin already listens on, and when it goes', async () => {
    const context = setup();
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    // The twin listens at once; the real server announces the same port later (npm install ran).
    expect(sandbox.state().containers[0]!.listening).toEqual([{ port: 8080, address: '0.0.0.0' }]);
    const heard: Array<ReadonlyArray<{ port: number; address: string; liveUrl?: string }>> = [];
    sandbox.subscribe((state) => heard.push(state.containers[0]!.listening));
    await until(() => context.wc.servers.has(8080));

    const live = [
      { port: 8080, address: '0.0.0.0', liveUrl: 'https://fake--8080.webcontainer.test' },
    ];
    expect(heard.at(-1)).toEqual(live);
    expect(sandbox.state().containers[0]!.listening).toEqual(live);

    heard.length = 0;
    context.wc.close(8080);
    expect(heard.at(-1)).toEqual([{ port: 8080, address: '0.0.0.0' }]);
    expect(sandbox.state().containers[0]!.listening).toEqual([{ port: 8080, address: '0.0.0.0' }]);
  });

  it('streams the install and the program output into docker logs, plain, with \\n line ends', async () => {
    const context = setup();
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    await until(() => context.wc.servers.has(8080));
    await tasks(5);

    const { output } = await runLine(sandbox, 'docker logs web');
    expect(output).toBe(
      '\nadded 48 packages in 2s\nStarting up http-server, serving ./\n\nAvailable on:\n  http://127.0.0.1:8080\n',
    );
  });

  it('routes the published port to the real server: fetch gives its URL, curl its answer', async () => {
    const context = setup();
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    await until(() => context.wc.servers.has(8080));

    const page = sandbox.fetch('http://localhost:8888/index.html?x=1');
    expect(page).toMatchObject({
      ok: true,
      status: 200,
      liveUrl: 'https://fake--8080.webcontainer.test/index.html?x=1',
    });
    // The synchronous answer is the simulated twin's: the image's page.
    expect(page.ok && page.body).toBe(PAGE);

    const curl = await runLine(sandbox, 'curl -s localhost:8888/about');
    expect(curl).toEqual({ status: 0, output: '<h1>real /about</h1>\n' });
    expect(context.wc.requests).toHaveLength(1);
    expect(context.wc.requests[0]).toMatchObject({
      port: 8080,
      request: { method: 'GET', url: '/about', headers: { host: 'localhost:8888' } },
    });

    // The twin's own visits are not logged: docker logs shows only what the real process printed.
    const { output } = await runLine(sandbox, 'docker logs web');
    expect(output).not.toMatch(/GET/);
  });

  it('tells curl the connection was reset when the real server does not answer', async () => {
    const context = setup();
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    await until(() => context.wc.servers.has(8080));
    context.wc.servers.delete(8080);

    expect(await runLine(sandbox, 'curl localhost:8888')).toEqual({
      status: 56,
      output: 'curl: (56) Recv failure: Connection reset by peer\n',
    });
  });

  it('serves a port only the real server opens through a stand-in that points at it', async () => {
    const context = setup({
      behave: (process, wc) => {
        if (process.command === 'npm') process.end(0);
        if (process.command === 'http-server') {
          setTimeout(() => wc.serve(9000, () => html('real on 9000\n')), 0);
        }
      },
    });
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 9999:9000 --name web site');
    await until(() => context.wc.servers.has(9000));

    const page = sandbox.fetch('http://localhost:9999/');
    expect(page).toMatchObject({ ok: true, liveUrl: 'https://fake--9000.webcontainer.test/' });
    expect(page.ok && page.body).toBe(
      `${RUNTIME_MESSAGES.realOnly('https://fake--9000.webcontainer.test')}\n`,
    );
    expect((await runLine(sandbox, 'curl -s localhost:9999')).output).toBe('real on 9000\n');

    context.wc.close(9000);
    expect(sandbox.fetch('http://localhost:9999/')).toEqual({
      ok: false,
      message: 'Recv failure: Connection reset by peer',
    });
  });

  it('leaves out a lockfile the simulated npm wrote', async () => {
    const context = setup({
      behave: (process) => {
        if (process.command === 'npm') process.end(0);
      },
    });
    const dockerfile =
      'FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["npm", "start"]\n';
    const manifest = '{"name":"api","version":"1.0.0","dependencies":{"http-server":"^14.1.1"}}\n';
    const sandbox = await lessonSandbox(context, { 'package.json': manifest }, dockerfile);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer site');
    await until(() => context.wc.processes.length >= 2);

    expect(Object.keys(context.wc.mounts[0]!.tree).sort()).toEqual([
      'Dockerfile',
      'index.html',
      'package.json',
    ]);
    expect(context.wc.processes.map((p) => [p.command, ...p.args])).toEqual([
      ['npm', 'install', '--no-progress'],
      ['npm', 'start'],
    ]);
  });

  it('gives each container running for real the ports its own program listens on', async () => {
    const context = setup({
      behave: (process, wc) => {
        if (process.command === 'npm') process.end(0);
        if (process.command === 'http-server') {
          const port = Number(process.args[1]);
          setTimeout(() => wc.serve(port, () => html(`real on ${port}\n`)), 0);
        }
      },
    });
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name one site');
    await runLine(
      sandbox,
      'docker run -d --runtime=webcontainer -p 8889:8081 --name two site http-server -p 8081',
    );
    await until(() => context.wc.servers.has(8080) && context.wc.servers.has(8081));

    expect(sandbox.fetch('http://localhost:8888/')).toMatchObject({
      liveUrl: 'https://fake--8080.webcontainer.test/',
    });
    expect(sandbox.fetch('http://localhost:8889/')).toMatchObject({
      liveUrl: 'https://fake--8081.webcontainer.test/',
    });
    expect((await runLine(sandbox, 'curl -s localhost:8889')).output).toBe('real on 8081\n');
    // Neither container takes the other's port: the second one's 8080 stays closed.
    expect(sandbox.state().containers.find((c) => c.name === 'two')!.listening).toEqual([
      { port: 8081, address: '0.0.0.0', liveUrl: 'https://fake--8081.webcontainer.test' },
    ]);
  });

  it('installs the working folder package.json for real, with the project lockfile', async () => {
    const context = setup({
      behave: (process) => {
        if (process.command === 'npm') process.end(0);
      },
    });
    const dockerfile = [
      'FROM node:latest',
      'WORKDIR /app',
      'COPY package.json .',
      'RUN npm install',
      'COPY server.js package-lock.json ./',
      'CMD ["node", "/app/server.js"]',
      '',
    ].join('\n');
    const manifest = '{"name":"api","version":"1.0.0","dependencies":{"express":"^4.21.2"}}\n';
    const sandbox = await lessonSandbox(
      context,
      {
        'package.json': manifest,
        'server.js': 'require("express")().listen(3000);\n',
        'package-lock.json': REAL_LOCK,
      },
      dockerfile,
    );
    const { output } = await runLine(sandbox, 'docker run -d --runtime=webcontainer site');
    const id = output.trim().slice(0, 12);
    await until(() => context.wc.processes.length >= 2);

    // The project's own lockfile (copied after the simulated install replaced it) goes along.
    const tree = context.wc.mounts[0]!.tree;
    expect(Object.keys(tree).sort()).toEqual(['package-lock.json', 'package.json', 'server.js']);
    expect(tree['package-lock.json']).toEqual({ file: { contents: REAL_LOCK } });
    const [install, main] = context.wc.processes;
    expect([install!.command, ...install!.args]).toEqual(['npm', 'install', '--no-progress']);
    expect(install!.options?.cwd).toBe(`containers/${id}`);
    // A path in the container's working folder is the same file in the WebContainer.
    expect([main!.command, ...main!.args]).toEqual([
      'node',
      `/home/dockyard/containers/${id}/server.js`,
    ]);
  });

  it('runs in the foreground like any container: the output as it comes, the real status, --rm', async () => {
    const context = setup({
      behave: (process) => {
        if (process.command === 'npm') process.end(0);
        if (process.command === 'node') {
          setTimeout(() => {
            process.write('hello from real node\r\n');
            process.end(4);
          }, 0);
        }
      },
    });
    const sandbox = await lessonSandbox(context);
    expect(
      await runLine(sandbox, 'docker run --rm --runtime=webcontainer site sh -c "node hello.js"'),
    ).toEqual({ status: 4, output: 'hello from real node\n' });
    // `sh -c` with one command hands PID 1 to it, so node is what runs for real.
    expect([context.wc.processes[1]!.command, ...context.wc.processes[1]!.args]).toEqual([
      'node',
      'hello.js',
    ]);
    expect(sandbox.state().containers).toEqual([]);
  });

  it('lets the real process decide the exit status, and ends the twin with it', async () => {
    const context = setup({
      behave: (process) => {
        if (process.command === 'npm') process.end(0);
        if (process.command === 'http-server') {
          setTimeout(() => {
            process.write('Error: listen EADDRINUSE\r\n');
            process.end(3);
          }, 0);
        }
      },
    });
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    await until(() => sandbox.state().containers[0]!.state === 'exited');

    expect(sandbox.state().containers[0]).toMatchObject({
      status: 'Exited (3) Less than a second ago',
    });
    expect((await runLine(sandbox, 'docker logs web')).output).toBe('Error: listen EADDRINUSE\n');
    expect(context.wc.subscribers()).toBe(0);
  });

  it('kills the real process on docker stop, with the status the program gives that signal', async () => {
    const context = setup();
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    await until(() => context.wc.servers.has(8080));
    const main = context.wc.processes[1]!;

    expect((await runLine(sandbox, 'docker stop web')).status).toBe(0);
    expect(main.killed).toBe(true);
    // http-server handles SIGTERM (it logs that it stopped and exits 0), so the stop signal ends
    // it at once, with status 0 as under runc.
    expect(sandbox.state().containers[0]).toMatchObject({ state: 'exited' });
    expect((await runLine(sandbox, 'docker inspect -f "{{.State.ExitCode}}" web')).output).toBe(
      '0\n',
    );
    expect(sandbox.fetch('http://localhost:8888/')).toMatchObject({ ok: false });
    expect(context.wc.subscribers()).toBe(0);
  });

  it('ends with 137 on docker kill, which no program handles', async () => {
    const context = setup();
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    await until(() => context.wc.servers.has(8080));

    expect((await runLine(sandbox, 'docker kill web')).status).toBe(0);
    await until(() => sandbox.state().containers[0]!.state === 'exited');
    expect(context.wc.processes[1]!.killed).toBe(true);
    expect((await runLine(sandbox, 'docker inspect -f "{{.State.ExitCode}}" web')).output).toBe(
      '137\n',
    );
  });

  it('lets docker stop end a container whose files never finish mounting', async () => {
    const context = setup({ stepTimeoutMs: FOREVER_MS });
    context.wc.stallMount = true;
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    await until(() => context.wc.folders.length === 1);

    expect(await within(runLine(sandbox, 'docker stop -t 1 web'))).toEqual({
      status: 0,
      output: 'web\n',
    });
    expect(sandbox.state().containers[0]).toMatchObject({ state: 'exited' });
    expect(context.host.fallbacks).toEqual([]);
    expect(context.wc.subscribers()).toBe(0);
  });

  it('lets docker stop end a container whose command never finishes starting', async () => {
    const context = setup({ stepTimeoutMs: FOREVER_MS });
    context.wc.stallSpawn = 'http-server';
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    await until(() => context.wc.processes.length === 1);
    await tasks(5);

    expect(await within(runLine(sandbox, 'docker stop -t 1 web'))).toEqual({
      status: 0,
      output: 'web\n',
    });
    expect(sandbox.state().containers[0]).toMatchObject({ state: 'exited' });
  });

  it('gives curl an error within the request time limit when the request helper never starts', async () => {
    const context = setup();
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    await until(() => context.wc.servers.has(8080));
    context.wc.stallSpawn = 'node';

    const started = context.environment.now();
    expect(await within(runLine(sandbox, 'curl localhost:8888'))).toEqual({
      status: 56,
      output: 'curl: (56) Recv failure: Connection reset by peer\n',
    });
    const waited = context.environment.now() - started;
    expect(waited).toBeGreaterThanOrEqual(10_000);
    expect(waited).toBeLessThan(11_000);
  });

  describe('a container that runs again while its old server is still going', () => {
    /** http-server serves its port as the process that owns it, so killing it closes the port. */
    const OWNED: FakeBehaviour = (process, wc) => {
      if (process.command === 'npm') process.end(0);
      if (process.command === 'http-server') {
        setTimeout(() => wc.serve(8080, () => html('real\n'), process), 0);
      }
    };
    const servers = (wc: FakeWebContainer) =>
      wc.processes.filter((process) => process.command === 'http-server');

    it('keeps the new run on the real server when the old one closes its port after the restart', async () => {
      const context = setup({ behave: OWNED, exitTimeoutMs: FOREVER_MS });
      context.wc.killDelayMs = 20;
      const sandbox = await lessonSandbox(context);
      await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
      await until(() => context.wc.servers.has(8080));

      expect(await within(runLine(sandbox, 'docker restart web'))).toEqual({
        status: 0,
        output: 'web\n',
      });
      await until(() => servers(context.wc).length === 2 && context.wc.servers.has(8080));
      // Long enough for any late event of the old server to have come.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(servers(context.wc)[0]!.killed).toBe(true);
      expect(sandbox.fetch('http://localhost:8888/')).toMatchObject({
        ok: true,
        liveUrl: 'https://fake--8080.webcontainer.test/',
      });
      expect((await runLine(sandbox, 'curl -s localhost:8888')).output).toBe('real\n');
    });

    it('waits for the old processes a bounded time only', async () => {
      const context = setup({ behave: OWNED });
      context.wc.killDelayMs = 'never';
      const sandbox = await lessonSandbox(context);
      await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
      await until(() => context.wc.servers.has(8080));

      const started = context.environment.now();
      expect((await within(runLine(sandbox, 'docker restart web'))) !== 'hung').toBe(true);
      await until(() => servers(context.wc).length === 2);
      expect(context.environment.now() - started).toBeGreaterThanOrEqual(EXIT_TIMEOUT_MS);
    });
  });

  it('ends host curl with 130 on Ctrl+C while it waits for the real server', async () => {
    const context = setup({ requestTimeoutMs: FOREVER_MS });
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site');
    await until(() => context.wc.servers.has(8080));
    context.wc.stallSpawn = 'node';

    const ctrlC = new AbortController();
    let output = '';
    const curl = sandbox.run('curl localhost:8888', {
      tty: false,
      onOutput: (text) => (output += text),
      signal: ctrlC.signal,
    });
    await tasks(5);
    ctrlC.abort('SIGINT');
    expect(await within(curl)).toBe(130);
    expect(output).toBe('');
  });

  it('leaves nothing running when the sandbox is disposed', async () => {
    const context = setup();
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8888:8080 site');
    await until(() => context.wc.servers.has(8080));

    sandbox.dispose();
    await tasks(5);
    expect(context.wc.processes.filter((p) => p.command !== 'npm').every((p) => p.killed)).toBe(
      true,
    );
    expect(context.wc.subscribers()).toBe(0);
  });

  it('kills an install in progress when the container is removed', async () => {
    const context = setup({ behave: () => {} });
    const sandbox = await lessonSandbox(context);
    await runLine(sandbox, 'docker run -d --runtime=webcontainer --name web site');
    await until(() => context.wc.processes.length === 1);

    expect((await runLine(sandbox, 'docker rm -f web')).status).toBe(0);
    await tasks(5);
    expect(context.wc.processes).toHaveLength(1);
    expect(context.wc.processes[0]!.killed).toBe(true);
  });
});

describe('falling back to the simulated process', () => {
  async function fellBack(
    context: Setup,
    command = 'docker run -d --runtime=webcontainer -p 8888:8080 --name web site',
  ) {
    const sandbox = await lessonSandbox(context);
    const run = await runLine(sandbox, command);
    expect(run.status).toBe(0);
    await until(() => context.host.fallbacks.length > 0);
    await tasks(3);
    const id = run.output.trim().slice(0, 12);
    // Whatever the reason, the simulated process runs in the real one's place: the log says why
    // and the published page answers, with no real server behind it.
    const { output } = await runLine(sandbox, `docker logs ${id}`);
    expect(output).toContain(`dockyard: ${context.host.fallbacks[0]![1]}\n`);
    if (command.includes('-p 8888:8080')) {
      const page = sandbox.fetch('http://localhost:8888/');
      expect(page).toMatchObject({ ok: true, status: 200, body: PAGE });
      expect(page.ok && 'liveUrl' in page).toBe(false);
      expect(output).toContain('Starting up http-server');
    }
    return { sandbox, id };
  }

  it('when the page is not cross-origin isolated, at once and without booting', async () => {
    const context = setup({ unavailable: 'This page is not cross-origin isolated.' });
    const { sandbox, id } = await fellBack(context);
    const sentence = context.host.fallbacks[0]![1];
    expect(sentence).toBe(
      'This page is not cross-origin isolated, so this container runs in the simulation instead.',
    );
    expect(context.host.fallbacks).toEqual([[id, sentence]]);
    expect(sandbox.state().containers[0]!.id.startsWith(id)).toBe(true);
    expect(context.host.boots).toBe(0);
    const { output } = await runLine(sandbox, 'docker logs web');
    expect(output.split('\n')[0]).toBe(`dockyard: ${sentence}`);
    expect(output).toContain('Starting up http-server');
    // The simulated page is served, with no real server behind it.
    const page = sandbox.fetch('http://localhost:8888/');
    expect(page).toMatchObject({ ok: true, status: 200, body: PAGE });
    expect(page.ok && 'liveUrl' in page).toBe(false);
  });

  it('when PID 1 is not a Node program', async () => {
    const context = setup();
    const { sandbox } = await fellBack(
      context,
      'docker run -d --runtime=webcontainer --name web site sleep 3600',
    );
    expect(context.host.fallbacks[0]![1]).toBe(
      'Only Node programs (node, npm, npx and the programs of npm packages) run for real, and this container starts sleep, so it runs in the simulation instead.',
    );
    expect(context.host.boots).toBe(0);
    expect(sandbox.state().containers[0]).toMatchObject({ state: 'running' });
  });

  it('when the boot does not finish in time, and at once for later containers', async () => {
    const context = setup({ boot: 'never', timeoutMs: 10_000 });
    const started = context.environment.now();
    const { sandbox } = await fellBack(context);
    expect(context.environment.now() - started).toBeGreaterThanOrEqual(10_000);
    expect(context.host.fallbacks[0]![1]).toBe(
      "The WebContainer did not start within 10 s (it needs StackBlitz's servers, so it cannot start offline), so this container runs in the simulation instead.",
    );
    expect(sandbox.fetch('http://localhost:8888/')).toMatchObject({ ok: true, body: PAGE });

    await runLine(sandbox, 'docker run -d --runtime=webcontainer -p 8889:8080 site');
    await until(() => context.host.fallbacks.length === 2);
    expect(context.host.fallbacks[1]![1]).toBe(RUNTIME_MESSAGES.bootTimedOutBefore);
    expect(context.host.boots).toBe(1);
  });

  it('when the boot fails, with its message', async () => {
    const context = setup({ boot: 'fails' });
    await fellBack(context);
    expect(context.host.fallbacks[0]![1]).toBe(
      'The WebContainer could not start (Unable to create more instances), so this container runs in the simulation instead.',
    );
  });

  it('when mounting the files fails', async () => {
    const context = setup();
    context.wc.failMount = 'out of space';
    await fellBack(context);
    expect(context.host.fallbacks[0]![1]).toBe(
      "The WebContainer could not receive the container's files (out of space), so this container runs in the simulation instead.",
    );
  });

  it('when mounting the files takes longer than a step may', async () => {
    const context = setup();
    context.wc.stallMount = true;
    const started = context.environment.now();
    await fellBack(context);
    expect(context.environment.now() - started).toBeGreaterThanOrEqual(STEP_TIMEOUT_MS);
    expect(context.host.fallbacks[0]![1]).toBe(
      "The WebContainer could not receive the container's files (no answer within 60 s), so this container runs in the simulation instead.",
    );
  });

  it('when npm install fails, after its output', async () => {
    const context = setup({
      behave: (process) => {
        process.write('npm error code E404\r\n');
        process.end(1);
      },
    });
    const { sandbox, id } = await fellBack(context);
    expect(context.host.fallbacks[0]![1]).toBe(
      `The WebContainer could not install the image's npm packages (npm install --no-progress --prefix globals/${id} http-server@14.1.1 exited with status 1), so this container runs in the simulation instead.`,
    );
    const { output } = await runLine(sandbox, 'docker logs web');
    expect(output.split('\n').slice(0, 2)).toEqual([
      'npm error code E404',
      `dockyard: ${context.host.fallbacks[0]![1]}`,
    ]);
    expect(sandbox.fetch('http://localhost:8888/')).toMatchObject({ ok: true, body: PAGE });
  });

  it('when the command cannot be started', async () => {
    const context = setup();
    context.wc.failSpawn = 'spawn ENOENT';
    await fellBack(context);
    expect(context.host.fallbacks[0]![1]).toBe(
      "The WebContainer could not start the container's command (spawn ENOENT), so this container runs in the simulation instead.",
    );
    expect(context.wc.subscribers()).toBe(0);
  });
});

describe('runtimes in the engine', () => {
  it('refuses a runtime nobody registered, as the daemon does, and makes no container', async () => {
    const sandbox = createSandbox({
      files: { Dockerfile: LESSON_DOCKERFILE },
      environment: fakeEnvironment(),
    });
    await runLine(sandbox, 'docker build -q -t site .');
    expect(await runLine(sandbox, 'docker run -d --runtime=webcontainer site')).toEqual({
      status: 125,
      output:
        "docker: Error response from daemon: unknown or invalid runtime name: webcontainer\n\nRun 'docker run --help' for more information\n",
    });
    expect(sandbox.state().containers).toEqual([]);
  });

  it('lists registered runtimes in docker info and keeps a container runtime across save and restore', async () => {
    const context = setup({ unavailable: 'No SharedArrayBuffer' });
    const sandbox = await lessonSandbox(context);
    const info = await runLine(sandbox, 'docker info');
    expect(info.output).toContain('\n Runtimes: io.containerd.runc.v2 runc webcontainer\n');
    expect(info.output).toContain('\n Default Runtime: runc\n');
    await runLine(sandbox, 'docker create --runtime webcontainer --name web site');
    expect((await runLine(sandbox, "docker inspect -f '{{.HostConfig.Runtime}}' web")).output).toBe(
      'webcontainer\n',
    );

    const restored = restoreSandbox(JSON.parse(JSON.stringify(sandbox.save())), {
      environment: context.environment,
      runtimes: { webcontainer: webContainerRuntime(context.host) },
    })!;
    expect(restored.state().containers[0]).toMatchObject({ name: 'web', runtime: 'webcontainer' });
    await runLine(restored, 'docker start web');
    await until(() => context.host.fallbacks.length === 1);
    expect(context.host.fallbacks[0]![1]).toBe(
      'No SharedArrayBuffer, so this container runs in the simulation instead.',
    );
  });

  it('runs the registered runtime for PID 1 and runc containers without it', async () => {
    const seen: string[][] = [];
    const sandbox = createSandbox({
      files: { Dockerfile: 'FROM alpine\n' },
      environment: fakeEnvironment(),
      runtimes: {
        traced: async (context, simulated) => {
          seen.push(context.argv);
          return simulated();
        },
      },
    });
    await runLine(sandbox, 'docker build -q -t a .');
    expect((await runLine(sandbox, 'docker run --rm --runtime traced a echo hi')).output).toBe(
      'hi\n',
    );
    expect((await runLine(sandbox, 'docker run --rm a echo plain')).output).toBe('plain\n');
    expect(seen).toEqual([['echo', 'hi']]);
    expect(sandbox.state().containers).toEqual([]);
  });

  it('keeps the built-in names for runc: a runtime registered as runc is not used', async () => {
    let called = false;
    const sandbox = createSandbox({
      files: { Dockerfile: 'FROM alpine\n' },
      environment: fakeEnvironment(),
      runtimes: {
        runc: async () => {
          called = true;
          return 0;
        },
      },
    });
    await runLine(sandbox, 'docker build -q -t a .');
    expect((await runLine(sandbox, 'docker run --rm a echo simulated')).output).toBe('simulated\n');
    expect(called).toBe(false);
    expect((await runLine(sandbox, 'docker info')).output).toContain(
      '\n Runtimes: io.containerd.runc.v2 runc\n',
    );
  });
});
