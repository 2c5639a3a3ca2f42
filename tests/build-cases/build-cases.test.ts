/**
 * Builder cases as data: each folder here holds a build context (`context/`), the command lines
 * to run in it (`command`, one per line, `#` starts a comment), and the transcript they must
 * print (`expected`): each line as `$ <command>`, then its output, then `[exit N]` when it fails.
 * A line `@layers NAME` is not a Docker command: it lists the files each layer the build made
 * holds (from the sandbox's state, as the page's layer view shows them), to check where COPY and
 * ADD put things without depending on the tools inside the image. Digests are written as
 * `sha256:<digest>` and base-image layer sizes as `<size>`, so a case does not depend on how the
 * catalog's base images are made. `UPDATE_BUILD_CASES=1 npx vitest run tests/build-cases` rewrites the
 * transcripts; anything else in a case folder fails the test.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/api.ts';
import { createSandbox } from '../../sandbox/index.ts';
import { fakeEnvironment, runLine } from '../../sandbox/testing.ts';

const ROOT = 'tests/build-cases';
const UPDATE = process.env.UPDATE_BUILD_CASES === '1';
const CASE_FILES = new Set(['context', 'command', 'expected']);

/** Text as the sandbox holds it: UTF-8 when valid, one character per byte otherwise. */
function fileText(path: string): string {
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : bytes.toString('latin1');
}

function contextFiles(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else files[relative(folder, path)] = fileText(path);
    }
  };
  if (existsSync(folder)) visit(folder);
  return files;
}

export function normalise(text: string): string {
  return text
    .replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>')
    .replace(/^(#\d+ sha256:<digest>) \S+ \/ \S+/gm, '$1 <size> / <size>');
}

/** Each layer the build made: its history line, then its paths with kind and size. */
function layerListing(sandbox: Sandbox, name: string): string {
  const tag = name.includes(':') ? name : `${name}:latest`;
  const image = sandbox.state().images.find((candidate) => candidate.tags.includes(tag));
  if (!image) return `no image ${tag}\n`;
  return image.layers
    .filter((layer) => !layer.inherited)
    .map(
      (layer) =>
        `${layer.createdBy}\n${layer.files.map((file) => `  ${file.change} ${file.kind} ${file.path} ${file.size}\n`).join('')}`,
    )
    .join('');
}

const cases = readdirSync(ROOT)
  .filter((name) => statSync(join(ROOT, name)).isDirectory())
  .sort();

describe('build cases', () => {
  it('finds the cases', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  for (const name of cases) {
    it(name, async () => {
      const folder = join(ROOT, name);
      const stray = readdirSync(folder).filter((entry) => !CASE_FILES.has(entry));
      expect(stray, `files a case does not use in ${folder}`).toEqual([]);
      expect(existsSync(join(folder, 'command')), `${folder}/command`).toBe(true);
      const lines = readFileSync(join(folder, 'command'), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('#'));
      const sandbox = createSandbox({
        files: contextFiles(join(folder, 'context')),
        environment: fakeEnvironment(),
      });
      let transcript = '';
      for (const line of lines) {
        if (line.startsWith('@layers ')) {
          transcript += `$ ${line}\n${layerListing(sandbox, line.slice(8).trim())}`;
          continue;
        }
        const { status, output } = await runLine(sandbox, line);
        transcript += `$ ${line}\n${output}${status !== 0 ? `[exit ${status}]\n` : ''}`;
      }
      transcript = normalise(transcript);
      const expectedPath = join(folder, 'expected');
      if (UPDATE) writeFileSync(expectedPath, transcript);
      expect(existsSync(expectedPath), `${expectedPath} (run with UPDATE_BUILD_CASES=1)`).toBe(
        true,
      );
      expect(transcript).toBe(readFileSync(expectedPath, 'utf8'));
    });
  }
});
