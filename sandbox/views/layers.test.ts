/** The layer explorer's rows for the course image, before and after an edit, and its trees. */
import { describe, expect, it } from 'vitest';
import { createSandbox, restoreSandbox } from '../index.ts';
import { fakeEnvironment, runLine } from '../testing.ts';
import { explorerRows, toTree } from './layers.ts';

const DOCKERFILE = `FROM node:latest
WORKDIR /app
COPY . .
RUN npm install -g http-server
EXPOSE 8080
CMD ["http-server", "-p", "8080"]
`;

async function courseSandbox() {
  const sandbox = createSandbox({
    files: { Dockerfile: DOCKERFILE, 'index.html': '<h1>hi</h1>' },
    environment: fakeEnvironment(),
  });
  const { status } = await runLine(sandbox, 'docker build -t aaa:ccc .');
  expect(status).toBe(0);
  return sandbox;
}

describe('explorerRows', () => {
  it('lists node’s layers as inherited, then one row per instruction with its line', async () => {
    const sandbox = await courseSandbox();
    const image = sandbox.state().images.find((i) => i.tags.includes('aaa:ccc'))!;
    const rows = explorerRows(image, sandbox.lastBuild());
    const base = rows.filter((row) => row.kind === 'base');
    expect(base.length).toBe(image.layers.filter((layer) => layer.inherited).length);
    expect(base.length).toBeGreaterThan(0);
    expect(base.every((row) => row.inheritedFrom === 'node:latest')).toBe(true);
    expect(
      rows.filter((row) => row.kind !== 'base').map((row) => [row.kind, row.line, row.instruction]),
    ).toEqual([
      ['config', 1, 'FROM node:latest'],
      ['layer', 2, 'WORKDIR /app'],
      ['layer', 3, 'COPY . .'],
      ['layer', 4, 'RUN npm install -g http-server'],
      ['config', 5, 'EXPOSE 8080'],
      ['config', 6, 'CMD ["http-server", "-p", "8080"]'],
    ]);
    const copy = rows.find((row) => row.line === 3)!;
    expect(copy.changes.map((change) => [change.path, change.change])).toContainEqual([
      '/app/index.html',
      'added',
    ]);
    expect(copy.size).toBe(image.layers[copy.layerIndex!]!.size);
  });

  it('without the build’s record, still names the base image and groups its config changes', async () => {
    // Another build since, or a reload: the image itself (restored from storage) says what
    // came with the base.
    const restored = restoreSandbox(JSON.parse(JSON.stringify((await courseSandbox()).save())), {
      environment: fakeEnvironment(),
    })!;
    const image = restored.state().images.find((i) => i.tags.includes('aaa:ccc'))!;
    const rows = explorerRows(image);
    const inherited = rows.filter((row) => row.kind === 'base' || row.inherited);
    // node:latest comes with 7 layers in the catalog.
    expect(inherited.filter((row) => row.kind === 'base').length).toBe(7);
    expect(
      inherited
        .filter((row) => row.kind === 'base')
        .every((row) => row.inheritedFrom === 'node:latest'),
    ).toBe(true);
    // node's image ends with its entrypoint script and `CMD ["node"]`: config, not layers.
    expect(inherited.filter((row) => row.kind === 'config').map((row) => row.instruction)).toEqual(
      expect.arrayContaining([expect.stringContaining('CMD ["node"]')]),
    );
    // Ours follow: WORKDIR, COPY and RUN made layers; EXPOSE and CMD changed the config only.
    expect(
      rows.filter((row) => row.kind !== 'base' && !row.inherited).map((row) => row.kind),
    ).toEqual(['layer', 'layer', 'layer', 'config', 'config']);
  });

  it('shows the layers an earlier stage made when the last stage starts FROM it', async () => {
    const sandbox = createSandbox({
      files: {
        Dockerfile:
          'FROM alpine AS base\nRUN echo hi > /hi.txt\nFROM base\nCMD ["cat", "/hi.txt"]\n',
      },
      environment: fakeEnvironment(),
    });
    expect((await runLine(sandbox, 'docker build -t staged .')).status).toBe(0);
    const image = sandbox.state().images.find((i) => i.tags.includes('staged:latest'))!;
    const rows = explorerRows(image, sandbox.lastBuild());
    expect(
      rows.filter((row) => row.kind !== 'base').map((row) => [row.kind, row.line, row.instruction]),
    ).toEqual([
      ['layer', 2, 'RUN /bin/sh -c echo hi > /hi.txt # buildkit'],
      ['config', 3, 'FROM base'],
      ['config', 4, 'CMD ["cat", "/hi.txt"]'],
    ]);
    expect(rows.find((row) => row.line === 2)!.changes.map((change) => change.path)).toEqual([
      '/hi.txt',
    ]);
  });

  it('marks the rows the next build would rebuild after index.html changes', async () => {
    const sandbox = await courseSandbox();
    sandbox.writeFile('index.html', '<h1>changed</h1>');
    const image = sandbox.state().images.find((i) => i.tags.includes('aaa:ccc'))!;
    const rows = explorerRows(image, sandbox.lastBuild(), await sandbox.planBuild());
    expect(rows.filter((row) => row.mark).map((row) => [row.line, row.mark])).toEqual([
      [1, 'base'],
      [2, 'cached'],
      [3, 'rebuild'],
      [4, 'rebuild'],
      [5, 'config'],
      [6, 'config'],
    ]);
    expect(rows.find((row) => row.line === 3)!.reason).toEqual({
      kind: 'files-changed',
      files: ['index.html'],
    });
  });

  it('falls back to the image history for an image the last build did not make', async () => {
    const sandbox = await courseSandbox();
    await runLine(sandbox, 'docker pull alpine');
    const alpine = sandbox.state().images.find((i) => i.tags.includes('alpine:latest'))!;
    const rows = explorerRows(alpine, sandbox.lastBuild());
    expect(rows.map((row) => row.kind)).toEqual(
      alpine.history.map((entry) => (entry.emptyLayer ? 'config' : 'base')),
    );
  });
});

describe('toTree', () => {
  it('nests paths, folders first, with folder totals', () => {
    const tree = toTree([
      { path: '/app/z.txt', kind: 'file', size: 3 },
      { path: '/app/lib/a.js', kind: 'file', size: 5, change: 'added' },
      { path: '/etc', kind: 'dir', size: 0 },
    ]);
    expect(tree.children.map((node) => node.name)).toEqual(['app', 'etc']);
    const app = tree.children[0]!;
    expect(app.children.map((node) => node.name)).toEqual(['lib', 'z.txt']);
    expect(app.total).toBe(8);
    expect(app.children[0]!.children[0]).toMatchObject({ path: '/app/lib/a.js', change: 'added' });
  });
});
