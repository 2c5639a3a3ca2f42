/**
 * The cache prediction (`Sandbox.planBuild`) against what the next `docker build` then prints,
 * and the step-by-step record of the last build (`Sandbox.lastBuild`).
 */
import { describe, expect, it } from 'vitest';
import type { BuildPlan, Sandbox } from '../api.ts';
import { createSandbox, restoreSandbox } from '../index.ts';
import { fakeEnvironment, runLine } from '../testing.ts';

const DOCKERFILE = `FROM alpine
WORKDIR /app
COPY package.json ./
RUN echo installed > deps.txt
ENV MODE=dev
COPY . .
RUN cat package.json
CMD ["sh"]
`;

function sandboxWith(dockerfile = DOCKERFILE): Sandbox {
  return createSandbox({
    files: {
      Dockerfile: dockerfile,
      'package.json': '{"name":"app"}',
      'server.js': 'listen()',
    },
    environment: fakeEnvironment(),
  });
}

async function build(sandbox: Sandbox): Promise<string> {
  const { status, output } = await runLine(sandbox, 'docker build --progress=plain -t app .');
  expect(status).toBe(0);
  return output;
}

/** Labels of the steps (`[3/7] COPY ...`) that ended `CACHED`, and of those that ran. */
function printedSteps(output: string): { cached: string[]; ran: string[] } {
  const names = new Map<string, string>();
  const cached: string[] = [];
  const ran: string[] = [];
  for (const line of output.split('\n')) {
    const match = /^(#\d+) (.*)$/.exec(line);
    if (!match) continue;
    const name = names.get(match[1]!);
    if (name === undefined) names.set(match[1]!, match[2]!);
    else if (!/^\[\s*\d+\/\d+\] /.test(name) || name.includes(' FROM ')) continue;
    else if (match[2] === 'CACHED') cached.push(name);
    else if (match[2]!.startsWith('DONE')) ran.push(name);
  }
  return { cached, ran };
}

function marks(plan: BuildPlan): Array<[string, string]> {
  return plan.steps.map((step) => [step.text, step.mark]);
}

function predicted(plan: BuildPlan) {
  const layerSteps = plan.steps.filter((step) => step.mark === 'cached' || step.mark === 'rebuild');
  return {
    cached: layerSteps.filter((step) => step.mark === 'cached').map((step) => step.label!),
    ran: layerSteps.filter((step) => step.mark === 'rebuild').map((step) => step.label!),
  };
}

describe('planBuild', () => {
  it('predicts a first build runs every layer step, and says there was none before', async () => {
    const plan = await sandboxWith().planBuild();
    expect(marks(plan)).toEqual([
      ['FROM alpine', 'base'],
      ['WORKDIR /app', 'rebuild'],
      ['COPY package.json ./', 'rebuild'],
      ['RUN echo installed > deps.txt', 'rebuild'],
      ['ENV MODE=dev', 'config'],
      ['COPY . .', 'rebuild'],
      ['RUN cat package.json', 'rebuild'],
      ['CMD ["sh"]', 'config'],
    ]);
    expect(plan.steps[1]!.reason).toEqual({ kind: 'first-build' });
    expect(plan.steps[2]!.reason).toEqual({ kind: 'parent-rebuilt', line: 2 });
    expect(plan.steps.map((step) => step.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('changes nothing: the build after a prediction still runs every step', async () => {
    const sandbox = sandboxWith();
    await sandbox.planBuild();
    const printed = printedSteps(await build(sandbox));
    expect(printed.cached).toEqual([]);
    expect(printed.ran).toHaveLength(5);
  });

  it('predicts every step cached after a build, as the next build prints them', async () => {
    const sandbox = sandboxWith();
    await build(sandbox);
    const plan = await sandbox.planBuild();
    const printed = printedSteps(await build(sandbox));
    expect(predicted(plan)).toEqual(printed);
    expect(printed.cached).toHaveLength(5);
  });

  it('names the changed file a COPY copies, and marks the steps after it rebuilt', async () => {
    const sandbox = sandboxWith();
    await build(sandbox);
    sandbox.writeFile('server.js', 'listen(8080)');
    const plan = await sandbox.planBuild();
    const copyAll = plan.steps.find((step) => step.text === 'COPY . .')!;
    expect(copyAll.mark).toBe('rebuild');
    expect(copyAll.reason).toEqual({ kind: 'files-changed', files: ['server.js'] });
    const lastRun = plan.steps.find((step) => step.text === 'RUN cat package.json')!;
    expect(lastRun.reason).toEqual({ kind: 'parent-rebuilt', line: 6 });
    // package.json is unchanged, so the steps up to the RUN that installs stay cached.
    expect(plan.steps.find((step) => step.text === 'COPY package.json ./')!.mark).toBe('cached');

    const printed = printedSteps(await build(sandbox));
    expect(predicted(plan)).toEqual(printed);
    expect(printed.ran.map((label) => label.replace(/^\[\d\/\d\] /, ''))).toEqual([
      'COPY . .',
      'RUN cat package.json',
    ]);
  });

  it('says which line changed when an instruction is edited', async () => {
    const sandbox = sandboxWith();
    await build(sandbox);
    sandbox.writeFile('Dockerfile', DOCKERFILE.replace('echo installed', 'echo ready'));
    const plan = await sandbox.planBuild();
    const run = plan.steps.find((step) => step.text === 'RUN echo ready > deps.txt')!;
    expect(run.mark).toBe('rebuild');
    expect(run.reason).toEqual({ kind: 'line-changed' });
    expect(predicted(plan)).toEqual(printedSteps(await build(sandbox)));
  });

  it('blames a changed ENV above for a rebuilt step whose own line is the same', async () => {
    const sandbox = sandboxWith();
    // Without this, `COPY . .` would copy the edited Dockerfile and run again for that reason.
    sandbox.writeFile('.dockerignore', 'Dockerfile\n');
    await build(sandbox);
    sandbox.writeFile('Dockerfile', DOCKERFILE.replace('MODE=dev', 'MODE=prod'));
    const plan = await sandbox.planBuild();
    // A COPY's cache key leaves the environment out, as BuildKit's file operations do; a RUN's
    // includes it.
    expect(plan.steps.find((step) => step.text === 'COPY . .')!.mark).toBe('cached');
    const run = plan.steps.find((step) => step.text === 'RUN cat package.json')!;
    expect(run.mark).toBe('rebuild');
    expect(run.reason).toEqual({ kind: 'config-above-changed', line: 5 });
    expect(plan.steps.find((step) => step.line === 4)!.mark).toBe('cached');
    expect(predicted(plan)).toEqual(printedSteps(await build(sandbox)));
  });

  it('reports the error and its line when the next build would fail', async () => {
    const sandbox = sandboxWith();
    await build(sandbox);
    sandbox.writeFile('Dockerfile', DOCKERFILE.replace('COPY package.json ./', 'COPY missing.txt ./'));
    const plan = await sandbox.planBuild();
    expect(plan.error?.line).toBe(3);
    expect(plan.error?.message).toContain('missing.txt');
    expect(plan.steps.find((step) => step.line === 2)!.mark).toBe('cached');
  });
});

describe('lastBuild', () => {
  it('is undefined before any build', () => {
    expect(sandboxWith().lastBuild()).toBeUndefined();
  });

  it('records each step with the working directory, environment, files and output after it', async () => {
    const sandbox = sandboxWith();
    await build(sandbox);
    const replay = sandbox.lastBuild()!;
    expect(replay.ok).toBe(true);
    expect(replay.tags).toEqual(['app:latest']);
    expect(replay.steps.map((step) => step.keyword)).toEqual([
      'FROM',
      'WORKDIR',
      'COPY',
      'RUN',
      'ENV',
      'COPY',
      'RUN',
      'CMD',
    ]);
    const [from, workdir, copy, run, env, , cat] = replay.steps;
    expect(from!.workingDir).toBe('');
    expect(workdir!.workingDir).toBe('/app');
    expect(copy!.changes).toContainEqual({
      path: '/app/package.json',
      kind: 'file',
      change: 'added',
      size: 14,
    });
    expect(run!.changes.map((change) => change.path)).toContain('/app/deps.txt');
    expect(run!.env).not.toContain('MODE=dev');
    expect(env!.env).toContain('MODE=dev');
    expect(env!.changes).toEqual([]);
    expect(cat!.output).toEqual(['{"name":"app"}']);
    expect(cat!.label).toBe('[6/6] RUN cat package.json');

    const afterCopy = sandbox.replayFiles(2).map((entry) => entry.path);
    expect(afterCopy).toContain('/app/package.json');
    expect(afterCopy).not.toContain('/app/deps.txt');
    expect(sandbox.replayFiles(3).map((entry) => entry.path)).toContain('/app/deps.txt');
  });

  it('keeps the failing step and its message when a build fails', async () => {
    const sandbox = sandboxWith(DOCKERFILE.replace('RUN cat package.json', 'RUN cat nothing.txt'));
    await runLine(sandbox, 'docker build --progress=plain -t app .');
    const replay = sandbox.lastBuild()!;
    expect(replay.ok).toBe(false);
    expect(replay.error?.label).toBe('[6/6] RUN cat nothing.txt');
    expect(replay.error?.output.join('\n')).toContain('nothing.txt');
    expect(replay.error?.message).toContain('exit code: 1');
    expect(replay.steps.at(-1)!.keyword).toBe('COPY');
  });

  it('survives a save and restore: the replay, its files and the next build’s marks', async () => {
    const sandbox = sandboxWith();
    await build(sandbox);
    sandbox.writeFile('server.js', 'listen(8080)');
    // Through JSON, as the page stores it.
    const restored = restoreSandbox(JSON.parse(JSON.stringify(sandbox.save())), {
      environment: fakeEnvironment(),
    })!;
    expect(restored.lastBuild()).toEqual(sandbox.lastBuild());
    for (let index = 0; index < sandbox.lastBuild()!.steps.length; index++) {
      expect(restored.replayFiles(index)).toEqual(sandbox.replayFiles(index));
    }
    // `COPY . .` (line 6) copies the changed server.js: the restored record still knows what the
    // last build copied (without it the reason would be a first build).
    const plan = await restored.planBuild();
    expect(plan.steps.map((step) => [step.line, step.mark])).toEqual(
      (await sandbox.planBuild()).steps.map((step) => [step.line, step.mark]),
    );
    expect(plan.steps.find((step) => step.line === 6)).toMatchObject({
      mark: 'rebuild',
      reason: { kind: 'files-changed', files: ['server.js'] },
    });
  });

  it('keeps the replay after docker rmi of its image, before and after a reload', async () => {
    const sandbox = sandboxWith();
    await build(sandbox);
    const replay = sandbox.lastBuild();
    expect((await runLine(sandbox, 'docker rmi app')).status).toBe(0);
    expect(sandbox.lastBuild()).toEqual(replay);
    const restored = restoreSandbox(JSON.parse(JSON.stringify(sandbox.save())), {
      environment: fakeEnvironment(),
    })!;
    expect(restored.lastBuild()).toEqual(replay);
    // The record carries its image; the store does not get it back.
    expect(restored.state().images.map((image) => image.tags)).toEqual(
      sandbox.state().images.map((image) => image.tags),
    );
  });

  it('drops a damaged record on restore and keeps everything else', async () => {
    const sandbox = sandboxWith();
    await build(sandbox);
    const saved = JSON.parse(JSON.stringify(sandbox.save()));
    saved.engine.lastBuild.steps[1].layers = ['sha256:missing'];
    const restored = restoreSandbox(saved, { environment: fakeEnvironment() })!;
    expect(restored).toBeDefined();
    expect(restored.lastBuild()).toBeUndefined();
    expect(restored.state().images.map((image) => image.tags)).toEqual([['app:latest']]);
    expect(restored.state().files['server.js']).toBe('listen()');
  });

  it('keeps the last lines of a step that printed many', async () => {
    const sandbox = sandboxWith('FROM alpine\nRUN seq 1 5000\n');
    await build(sandbox);
    const output = sandbox.lastBuild()!.steps[1]!.output;
    expect(output.length).toBe(200);
    expect(output.at(-1)).toBe('5000');
  });
});
