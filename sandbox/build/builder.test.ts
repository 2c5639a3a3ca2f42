/**
 * `runBuild` through `docker build --progress=plain`: step labels, layers, the cache and what
 * busts it, and the failure report with its source excerpt.
 */
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../api.ts';
import { createSandbox } from '../index.ts';
import { fakeEnvironment, runLine } from '../testing.ts';

const DOCKERFILE = `FROM alpine
WORKDIR /app
COPY package.json ./
RUN echo installed > deps.txt
COPY . .
RUN rm -f notes.txt
CMD ["sh"]
`;

function sandboxWith(files: Record<string, string>): Sandbox {
  return createSandbox({ files, environment: fakeEnvironment() });
}

async function build(sandbox: Sandbox, args = '-t app .') {
  return runLine(sandbox, `docker build --progress=plain ${args}`);
}

/** The step label (`[2/6] WORKDIR /app`) of every vertex that ended CACHED. */
function cachedSteps(output: string): string[] {
  const names = new Map<string, string>();
  const cached: string[] = [];
  for (const line of output.split('\n')) {
    const match = /^(#\d+) (.*)$/.exec(line);
    if (!match) continue;
    if (!names.has(match[1]!)) names.set(match[1]!, match[2]!);
    else if (match[2] === 'CACHED') cached.push(names.get(match[1]!)!);
  }
  return cached.filter((name) => name.startsWith('['));
}

function files() {
  return { Dockerfile: DOCKERFILE, 'package.json': '{"name":"app"}', 'server.js': 'listen()', 'notes.txt': 'x' };
}

describe('runBuild', () => {
  it('numbers the steps of a single stage without a stage name', async () => {
    const { status, output } = await build(sandboxWith(files()));
    expect(status).toBe(0);
    for (const step of ['[2/6] WORKDIR /app', '[3/6] COPY package.json ./', '[4/6] RUN echo installed > deps.txt', '[5/6] COPY . .', '[6/6] RUN rm -f notes.txt']) {
      expect(output).toMatch(new RegExp(`#\\d+ ${step.replace(/[[\]/.*+>]/g, '\\$&')}\\n`));
    }
    expect(output).toMatch(/#\d+ \[1\/6\] FROM docker\.io\/library\/alpine:latest@sha256:[0-9a-f]{64}\n/);
  });

  it('takes every step from the cache on an unchanged rebuild and gives the same image ID', async () => {
    const sandbox = sandboxWith(files());
    const first = await build(sandbox);
    const second = await build(sandbox);
    expect(cachedSteps(second.output)).toEqual([
      '[1/6] FROM docker.io/library/alpine:latest@' + /@(sha256:[0-9a-f]{64})/.exec(second.output)![1],
      '[2/6] WORKDIR /app',
      '[3/6] COPY package.json ./',
      '[4/6] RUN echo installed > deps.txt',
      '[5/6] COPY . .',
      '[6/6] RUN rm -f notes.txt',
    ]);
    const id = (text: string) => /writing image (sha256:[0-9a-f]{64})/.exec(text)![1];
    expect(id(second.output)).toBe(id(first.output));
  });

  it('rebuilds from the COPY whose file changed, keeping the steps before it', async () => {
    const sandbox = sandboxWith(files());
    await build(sandbox);
    sandbox.writeFile('server.js', 'listen(8080)');
    const { output } = await build(sandbox);
    expect(cachedSteps(output).slice(1)).toEqual([
      '[2/6] WORKDIR /app',
      '[3/6] COPY package.json ./',
      '[4/6] RUN echo installed > deps.txt',
    ]);
  });

  it('reruns the install when the lockfile-style COPY changes', async () => {
    const sandbox = sandboxWith(files());
    await build(sandbox);
    sandbox.writeFile('package.json', '{"name":"app","version":"2"}');
    expect(cachedSteps((await build(sandbox)).output).slice(1)).toEqual(['[2/6] WORKDIR /app']);
  });

  it('reruns a RUN after an ENV before it changes', async () => {
    const sandbox = sandboxWith({ Dockerfile: 'FROM alpine\nENV MODE=a\nRUN echo $MODE > /mode\n' });
    await build(sandbox);
    sandbox.writeFile('Dockerfile', 'FROM alpine\nENV MODE=b\nRUN echo $MODE > /mode\n');
    expect(cachedSteps((await build(sandbox)).output).slice(1)).toEqual([]);
  });

  it('uses no cache with --no-cache', async () => {
    const sandbox = sandboxWith(files());
    await build(sandbox);
    const { output } = await build(sandbox, '--no-cache -t app .');
    expect(cachedSteps(output).filter((name) => !name.includes('FROM'))).toEqual([]);
  });

  it('keeps a file ignored by .dockerignore out of the context', async () => {
    const sandbox = sandboxWith({ ...files(), '.dockerignore': 'notes.txt\n', Dockerfile: 'FROM alpine\nCOPY notes.txt /\n' });
    const { status, output } = await build(sandbox);
    expect(status).toBe(1);
    expect(output).toMatch(
      /ERROR: failed to build: failed to solve: failed to compute cache key: failed to calculate checksum of ref [0-9a-f-]+::[0-9a-z]+: "\/notes\.txt": not found\n$/,
    );
  });

  it('records a removed file of an earlier layer as a whiteout in the layer that removed it', async () => {
    const sandbox = sandboxWith(files());
    await build(sandbox);
    const image = sandbox.state().images.find((view) => view.tags.includes('app:latest'))!;
    const last = image.layers.at(-1)!;
    expect(last.createdBy).toBe('RUN /bin/sh -c rm -f notes.txt # buildkit');
    expect(last.files).toEqual([{ path: '/app/notes.txt', kind: 'file', change: 'removed', size: 0 }]);
    expect(last.line).toBe(6);
  });

  it('adds one layer per RUN, COPY and WORKDIR and none for CMD', async () => {
    const sandbox = sandboxWith(files());
    await build(sandbox);
    const image = sandbox.state().images.find((view) => view.tags.includes('app:latest'))!;
    expect(image.layers.filter((layer) => !layer.inherited).map((layer) => layer.createdBy)).toEqual([
      'WORKDIR /app',
      'COPY package.json ./ # buildkit',
      'RUN /bin/sh -c echo installed > deps.txt # buildkit',
      'COPY . . # buildkit',
      'RUN /bin/sh -c rm -f notes.txt # buildkit',
    ]);
    expect(image.history.at(-1)).toEqual({
      createdBy: 'CMD ["sh"]',
      emptyLayer: true,
      size: 0,
      inherited: false,
    });
  });

  it('names stages in multi-stage labels and builds only what the target needs', async () => {
    const sandbox = sandboxWith({
      Dockerfile: 'FROM alpine AS build\nRUN echo built > /out\n\nFROM alpine AS unused\nRUN echo never\n\nFROM alpine\nCOPY --from=build /out /out\n',
    });
    const { status, output } = await build(sandbox);
    expect(status).toBe(0);
    expect(output).toContain(' [build 2/2] RUN echo built > /out\n');
    expect(output).toContain(' [stage-2 2/2] COPY --from=build /out /out\n');
    expect(output).not.toContain('echo never');
  });

  it('fails a RUN with its log block, the excerpt and the exit code', async () => {
    const sandbox = sandboxWith({ Dockerfile: 'FROM alpine\nRUN echo before\nRUN exit 3\nCMD ["sh"]\n' });
    const { status, output } = await build(sandbox);
    expect(status).toBe(1);
    expect(output).toContain(
      [
        'Dockerfile:3',
        '--------------------',
        '   1 |     FROM alpine',
        '   2 |     RUN echo before',
        '   3 | >>> RUN exit 3',
        '   4 |     CMD ["sh"]',
        '   5 |     ',
        '--------------------',
        'ERROR: failed to build: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
      ].join('\n'),
    );
  });

  it('reports an unknown target stage with a suggestion', async () => {
    const sandbox = sandboxWith({ Dockerfile: 'FROM alpine AS build\nRUN true\n' });
    const { output } = await build(sandbox, '--target bulid .');
    expect(output).toContain('ERROR: failed to build: failed to solve: target stage "bulid" could not be found (did you mean build?)');
  });

  it('refuses an empty Dockerfile', async () => {
    const { output } = await build(sandboxWith({ Dockerfile: '' }));
    expect(output.trimEnd().split('\n').at(-1)).toBe('ERROR: failed to build: failed to solve: the Dockerfile cannot be empty');
  });
});

describe('docker build options', () => {
  const scratchFiles = () => ({ Dockerfile: 'FROM scratch\nCOPY a.txt /\n', 'a.txt': 'a\n' });

  it('animates the tty display frame by frame and ends on the same final frame', async () => {
    const animated = sandboxWith(scratchFiles());
    let tty = '';
    const status = await animated.run('docker build -t app .', {
      tty: true,
      columns: 80,
      onOutput: (text) => (tty += text),
    });
    expect(status).toBe(0);
    // Each redraw moves the cursor back over the frame before it and clears the screen below.
    const redraws = tty.split('\r\x1b[J');
    expect(redraws.length).toBeGreaterThan(4);
    const plain = await build(sandboxWith(scratchFiles()), '-t app .');
    const vertices = plain.output.match(/^#\d+ [^\n]*\n(?=#\d+ )/gm)!;
    expect(vertices.length).toBeGreaterThan(0);
    const finalFrame = redraws.at(-1)!;
    expect(finalFrame).toMatch(/^\[\+\] Building [\d.]+s \(5\/5\) FINISHED +docker:default\r\n/);
    expect(finalFrame.match(/ => /g)!.length).toBeGreaterThanOrEqual(5);
    for (const frame of redraws.slice(1, -1)) expect(frame).not.toContain('FINISHED');
  });

  it('draws nothing but the final frame when the output is not a terminal', async () => {
    const { output } = await build(sandboxWith(scratchFiles()), '--progress=tty -t app .');
    expect(output).not.toContain('\x1b[J');
    expect(output).toContain('FINISHED');
  });

  it('prints only the image ID with -q, and writes it to --iidfile', async () => {
    const sandbox = sandboxWith(scratchFiles());
    const quiet = await runLine(sandbox, 'docker build -q --iidfile id.txt -t app .');
    expect(quiet.status).toBe(0);
    expect(quiet.output).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    const written = await runLine(sandbox, 'cat id.txt');
    expect(written.output).toBe(quiet.output.trimEnd());
  });

  it('removes an old --iidfile before a build that fails', async () => {
    const sandbox = sandboxWith({ ...scratchFiles(), 'id.txt': 'sha256:old' });
    sandbox.writeFile('Dockerfile', 'FROM scratch\nCOPY missing.txt /\n');
    const { status } = await build(sandbox, '--iidfile id.txt .');
    expect(status).toBe(1);
    expect((await runLine(sandbox, 'cat id.txt')).output).toContain('No such file or directory');
  });

  it('gives no warning for a --build-arg the Dockerfile never declares, as BuildKit does', async () => {
    const { status, output } = await build(sandboxWith(scratchFiles()), '--build-arg NOPE=1 .');
    expect(status).toBe(0);
    expect(output).not.toMatch(/warning|NOPE/i);
  });

  it('passes proxy build args to RUN without an ARG and keeps them out of the history', async () => {
    const sandbox = sandboxWith({ Dockerfile: 'FROM alpine\nRUN echo "proxy=$HTTP_PROXY"\n' });
    const { output } = await build(sandbox, '--build-arg HTTP_PROXY=http://proxy:3128 -t p .');
    expect(output).toMatch(/#\d+ [\d.]+ proxy=http:\/\/proxy:3128\n/);
    const history = await runLine(sandbox, 'docker history --no-trunc p');
    expect(history.output).toContain('RUN /bin/sh -c echo "proxy=$HTTP_PROXY" # buildkit');
  });
});

describe('cache keys of COPY', () => {
  const files = () => ({
    Dockerfile: 'FROM alpine\nCOPY run.sh /app/\nRUN echo next\n',
    'run.sh': 'echo hi\n',
  });

  it('rebuilds a COPY when a copied file only changes its mode', async () => {
    const sandbox = sandboxWith(files());
    await build(sandbox);
    const chmod = await runLine(sandbox, 'chmod 755 run.sh');
    expect(chmod.status).toBe(0);
    const { output } = await build(sandbox);
    expect(cachedSteps(output).map((step) => step.replace(/@.*/, ''))).toEqual([
      '[1/3] FROM docker.io/library/alpine:latest',
    ]);
  });

  it('rebuilds a COPY when its --chown changes, and keeps it when nothing does', async () => {
    const sandbox = sandboxWith(files());
    await build(sandbox);
    sandbox.writeFile('Dockerfile', 'FROM alpine\nCOPY --chown=1:1 run.sh /app/\nRUN echo next\n');
    const changed = await build(sandbox);
    expect(cachedSteps(changed.output)).toHaveLength(1);
    const again = await build(sandbox);
    expect(cachedSteps(again.output)).toHaveLength(3);
  });

  it('keeps a COPY --link cached when a step before it changes', async () => {
    const sandbox = sandboxWith({
      Dockerfile: 'FROM alpine\nRUN echo one\nCOPY --link run.sh /app/\n',
      'run.sh': 'echo hi\n',
    });
    await build(sandbox);
    sandbox.writeFile('Dockerfile', 'FROM alpine\nRUN echo two\nCOPY --link run.sh /app/\n');
    const { output } = await build(sandbox);
    expect(cachedSteps(output).map((step) => step.replace(/@.*/, ''))).toEqual([
      '[1/3] FROM docker.io/library/alpine:latest',
      '[3/3] COPY --link run.sh /app/',
    ]);
    expect(output).toContain('Dockyard (not Docker output): COPY --link is only partly simulated');
  });

  it('gives its beginner hints in the sandbox’s language, and BuildKit’s lines in English', async () => {
    const files = { Dockerfile: 'FROM node:latest\nRUN echo one\nRUN echo two\n' };
    const zh = createSandbox({ files, language: 'zh', environment: fakeEnvironment() });
    const { output } = await runLine(zh, 'docker build --progress=plain -t app .');
    expect(output).toContain(
      'Dockyard 提示（非 Docker 输出）：ConsecutiveRunInstructions：连续 2 条 RUN 指令（第 2-3 行）各自添加一个镜像层，也各自缓存。（第 2 行）',
    );
    expect(output).not.toContain('Dockyard (not Docker output)');
    expect(output).toContain('#5 [2/3] RUN echo one');
    const en = createSandbox({ files, environment: fakeEnvironment() });
    expect((await runLine(en, 'docker build --progress=plain -t app .')).output).toContain(
      'Dockyard (not Docker output): ConsecutiveRunInstructions: 2 RUN instructions in a row',
    );
  });

  it('ignores edits to a file .dockerignore leaves out of a COPY .', async () => {
    const sandbox = sandboxWith({
      Dockerfile: 'FROM alpine\nCOPY . /app/\n',
      '.dockerignore': 'notes.md\n',
      'notes.md': 'one',
      'app.js': 'x',
    });
    await build(sandbox);
    sandbox.writeFile('notes.md', 'two');
    const { output } = await build(sandbox);
    expect(cachedSteps(output)).toHaveLength(2);
  });
});

describe('build contexts the simulation cannot read', () => {
  it('refuses a URL or - as the context with a note, not a made-up Docker error', async () => {
    const sandbox = sandboxWith({ Dockerfile: 'FROM scratch\n' });
    for (const context of ['https://github.com/docker/welcome.git', '-']) {
      const { status, output } = await runLine(sandbox, `docker build ${context}`);
      expect(status).toBe(1);
      expect(output).toMatch(/^Dockyard \(not Docker output\): docker build /);
      expect(output).not.toContain('ERROR');
    }
  });
});

describe('COPY flags with variables', () => {
  it('expands --chown and --chmod with the stage ARGs and ENV', async () => {
    const sandbox = sandboxWith({
      Dockerfile:
        'FROM alpine\nARG OWNER=1234\nENV MODE=600\nCOPY --chown=$OWNER:$OWNER --chmod=$MODE a.txt /a.txt\nRUN ls -ln /a.txt\n',
      'a.txt': 'a\n',
    });
    const { status, output } = await build(sandbox);
    expect(status).toBe(0);
    expect(output).toMatch(/-rw------- +1 1234 +1234 +2 .* \/a\.txt/);
  });
});

describe('tty frames in a short terminal', () => {
  it('keeps frames drawn during the build within the rows the cursor can move back over', async () => {
    const steps = Array.from({ length: 30 }, (_, i) => `RUN echo step${i}`).join('\n');
    const sandbox = sandboxWith({ Dockerfile: `FROM alpine\n${steps}\n` });
    let tty = '';
    await sandbox.run('docker build -t tall .', {
      tty: true,
      columns: 80,
      onOutput: (text) => (tty += text),
    });
    const redraws = tty.split('\r\x1b[J');
    for (const frame of redraws.slice(0, -1)) {
      expect(frame.replace(/\x1b\[\d+A$/, '').split('\r\n').length).toBeLessThanOrEqual(14);
    }
    expect(redraws.at(-1)!.split('\r\n').length).toBeGreaterThan(14);
    // A long build animates at most 40 frames, so it does not keep the learner waiting.
    expect(redraws.length).toBeLessThanOrEqual(40);
    expect(redraws.at(-1)).toMatch(/^\[\+\] Building [\d.]+s \(\d+\/\d+\) FINISHED/);
  });
});

describe('Ctrl+C during a build', () => {
  it('cancels the running step and the build as BuildKit does', async () => {
    const sandbox = sandboxWith({ Dockerfile: 'FROM alpine\nRUN echo start\nRUN sleep 3600\n' });
    const controller = new AbortController();
    let output = '';
    const running = sandbox.run('docker build --progress=plain .', {
      tty: false,
      signal: controller.signal,
      onOutput: (text) => (output += text),
    });
    // Let the build reach the endless sleep, then press Ctrl+C.
    for (let i = 0; i < 100 && !output.includes('RUN sleep 3600'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    controller.abort();
    const status = await running;
    expect(status).not.toBe(0);
    expect(output).toMatch(/#(\d+) \[3\/3\] RUN sleep 3600\n#\1 CANCELED\n/);
    expect(output.trimEnd().split('\n').at(-1)).toBe(
      'ERROR: failed to build: failed to solve: Canceled: context canceled',
    );
  });
});

describe('what RUN could not really do', () => {
  it('notes each unmodelled fact once per build, after the output, not in the step log', async () => {
    const sandbox = sandboxWith({
      Dockerfile:
        'FROM alpine:3.22\nRUN wget -qO /a https://example.com/a && wget -qO /b https://example.com/b\nRUN wget -qO /c https://example.com/c\n',
    });
    const { status, output } = await build(sandbox);
    expect(status).toBe(0);
    const notes = output.split('\n').filter((line) => line.includes('downloads are simulated'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Dockyard \(not Docker output\): /);
    expect(output).not.toContain('dockyard: downloads');
  });
});
