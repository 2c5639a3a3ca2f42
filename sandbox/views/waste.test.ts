/**
 * Waste found in images built in the sandbox: what a later layer deletes, package caches left
 * behind, and node_modules copied in without a `.dockerignore`.
 */
import { describe, expect, it } from 'vitest';
import type { ImageView } from '../api.ts';
import { createSandbox } from '../index.ts';
import { fakeEnvironment, runLine } from '../testing.ts';
import { wasteIn } from './waste.ts';

async function built(
  files: Record<string, string>,
): Promise<{ image: ImageView; files: Record<string, string> }> {
  const sandbox = createSandbox({ files, environment: fakeEnvironment() });
  const { status, output } = await runLine(sandbox, 'docker build -t app .');
  expect(status, output).toBe(0);
  const state = sandbox.state();
  return {
    image: state.images.find((image) => image.tags.includes('app:latest'))!,
    files: state.files,
  };
}

describe('wasteIn', () => {
  it('finds files a later layer deletes, with both lines and the bytes still held', async () => {
    const { image, files } = await built({
      Dockerfile: 'FROM alpine\nWORKDIR /app\nCOPY big.txt .\nRUN rm big.txt\n',
      'big.txt': 'x'.repeat(5000),
    });
    expect(wasteIn(image, files)).toEqual([
      {
        kind: 'deleted-later',
        path: '/app/big.txt',
        size: 5000,
        files: 1,
        addedLine: 3,
        removedLine: 4,
        addedBy: 'COPY big.txt . # buildkit',
        removedBy: 'RUN /bin/sh -c rm big.txt # buildkit',
      },
    ]);
  });

  it('counts a deleted folder once, with everything the earlier layer put under it', async () => {
    const { image, files } = await built({
      Dockerfile: 'FROM alpine\nCOPY data /data\nRUN rm -rf /data\n',
      'data/a.txt': 'a'.repeat(100),
      'data/sub/b.txt': 'b'.repeat(50),
    });
    const findings = wasteIn(image, files);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'deleted-later',
      path: '/data',
      size: 150,
      files: 2,
    });
  });

  it('finds apt lists left in the layer that downloaded them', async () => {
    const { image, files } = await built({
      Dockerfile: 'FROM debian\nRUN apt-get update && apt-get install -y curl\n',
    });
    const findings = wasteIn(image, files);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'package-cache',
      cache: 'apt-lists',
      path: '/var/lib/apt/lists',
      line: 2,
    });
    expect((findings[0] as { size: number }).size).toBeGreaterThan(0);
  });

  it('finds nothing when the same RUN removes the apt lists', async () => {
    const { image, files } = await built({
      Dockerfile:
        'FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    });
    expect(wasteIn(image, files)).toEqual([]);
  });

  it('finds node_modules copied by COPY . . when there is no .dockerignore', async () => {
    const context = {
      Dockerfile: 'FROM node:latest\nWORKDIR /app\nCOPY . .\n',
      'package.json': '{"name":"app"}',
      'node_modules/left-pad/index.js': 'y'.repeat(300),
    };
    const { image, files } = await built(context);
    expect(wasteIn(image, files)).toEqual([
      {
        kind: 'node-modules-copied',
        size: 300,
        files: 1,
        line: 3,
        createdBy: 'COPY . . # buildkit',
        dockerignore: 'missing',
      },
    ]);

    const unrelated = await built({ ...context, '.dockerignore': '.git\n' });
    expect(wasteIn(unrelated.image, unrelated.files)[0]).toMatchObject({
      kind: 'node-modules-copied',
      dockerignore: 'not-listed',
    });
    const ignored = await built({ ...context, '.dockerignore': 'node_modules\n' });
    expect(wasteIn(ignored.image, ignored.files)).toEqual([]);
  });
});
